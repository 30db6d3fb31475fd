import Logging
import Synchronization

/// A log handler that keeps every line's message, level and metadata, for tests that check what
/// an operator would read in the log.
public struct CapturingLogHandler: LogHandler {
    /// The lines written through every copy of the handler.
    public final class Lines: Sendable {
        public struct Line: Sendable {
            public let level: Logger.Level
            public let message: String
            public let metadata: [String: String]
        }

        private let value = Mutex<[Line]>([])

        public init() {}

        public var all: [Line] { value.withLock { $0 } }

        func append(_ line: Line) { value.withLock { $0.append(line) } }
    }

    public let lines: Lines
    public var metadata: Logger.Metadata = [:]
    public var logLevel: Logger.Level = .trace

    public init(lines: Lines) {
        self.lines = lines
    }

    /// A logger writing into `lines`.
    public static func logger(into lines: Lines, label: String = "test") -> Logger {
        Logger(label: label) { _ in CapturingLogHandler(lines: lines) }
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        var all = metadata
        for (key, value) in event.metadata ?? [:] { all[key] = value }
        lines.append(Lines.Line(level: event.level, message: event.message.description, metadata: all.mapValues { "\($0)" }))
    }
}
