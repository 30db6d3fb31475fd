import Crypto
import Foundation
import LinliDomain

/// Photo files on disk, content-addressed: `<root>/<ab>/<sha256>.<ext>`. The same bytes are stored
/// once however many communities upload them; which community may see a file is the database's
/// business (`photos` rows), not the file system's.
public struct PhotoStorage: Sendable {
    public let root: URL
    /// Largest accepted upload, in bytes.
    public let maxBytes: Int

    public init(root: URL, maxBytes: Int = 5 << 20) {
        self.root = root
        self.maxBytes = maxBytes
    }

    public static func sha256Hex(_ bytes: [UInt8]) -> String {
        HexDigits.text(SHA256.hash(data: bytes))
    }

    func url(for digest: String, format: PhotoFormat) -> URL {
        root.appendingPathComponent(String(digest.prefix(2)), isDirectory: true)
            .appendingPathComponent("\(digest).\(format.rawValue)")
    }

    /// Writes the bytes under their digest unless already present. Written to a temporary file and
    /// renamed, so a crash never leaves a half-written photo under a valid name.
    public func store(_ bytes: [UInt8], digest: String, format: PhotoFormat) throws {
        let target = url(for: digest, format: format)
        let manager = FileManager.default
        if manager.fileExists(atPath: target.path) { return }
        try manager.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
        let temporary = target.deletingLastPathComponent().appendingPathComponent(".\(digest).\(UUID().uuidString).tmp")
        try Data(bytes).write(to: temporary, options: .atomic)
        do {
            try manager.moveItem(at: temporary, to: target)
        } catch {
            try? manager.removeItem(at: temporary)
            // Another upload of the same bytes won the race: the content is identical.
            if !manager.fileExists(atPath: target.path) { throw error }
        }
    }

    public func read(digest: String, format: PhotoFormat) throws -> Data {
        try Data(contentsOf: url(for: digest, format: format))
    }
}
