import Foundation

/// A directory under the system's temporary directory, removed when the last reference to it
/// goes away. The test fixtures are value types and cannot clean up after themselves; the
/// databases they left behind (tens of thousands over a few days of runs) once filled a
/// machine's disk. Removing the files of a database still open is safe on Linux: they go once
/// the last connection closes.
public final class TemporaryDirectory: Sendable {
    public let url: URL

    public init(prefix: String) throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("\(prefix)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    deinit {
        try? FileManager.default.removeItem(at: url)
    }
}
