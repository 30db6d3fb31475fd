import Foundation
import Logging

/// Process-wide logging: text lines for terminals, one JSON object per line for collectors.
/// Bootstrapped once per process (swift-log allows only one bootstrap).
public enum LogSetup {
    public static func bootstrap(format: String, level: Logger.Level) {
        LoggingSystem.bootstrap { label in
            var handler: any LogHandler =
                format == "json" ? JSONLogHandler(label: label) : StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
    }
}

/// Writes each log event as one JSON object on standard error: time, level, label, message and
/// metadata (request id, member id …) as top-level fields.
public struct JSONLogHandler: LogHandler {
    public var metadata: Logger.Metadata = [:]
    public var logLevel: Logger.Level = .info
    let label: String

    public init(label: String) {
        self.label = label
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    /// Milliseconds, UTC: one `ISO8601DateFormatter` was built per event before (a costly
    /// object), and whole seconds could not order the lines of one request.
    static let timestamp = Date.ISO8601FormatStyle(includingFractionalSeconds: true)

    public func log(event: LogEvent) {
        guard let data = line(event, at: Date()) else { return }
        // `write(_:)` traps when the write fails (standard error redirected to a full disk): a
        // lost log line must not take the service down with it.
        try? FileHandle.standardError.write(contentsOf: data)
    }

    /// The JSON object of one event, newline-terminated.
    func line(_ event: LogEvent, at date: Date) -> Data? {
        var object: [String: Any] = [
            "ts": Self.timestamp.format(date), "level": event.level.rawValue, "logger": label, "msg": event.message.description,
        ]
        for (key, value) in metadata.merging(event.metadata ?? [:], uniquingKeysWith: { $1 }) {
            object[key] = value.description
        }
        guard var data = try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes]) else { return nil }
        data.append(0x0A)
        return data
    }
}
