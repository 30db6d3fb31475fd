import Crypto
import Foundation
import LinliDomain

/// Photo files on disk, content-addressed: `<root>/<ab>/<sha256>.<ext>`, and the limits on
/// uploading them (the `photos` configuration section). The same bytes are stored once however
/// many communities upload them; which community may see a file is the database's business
/// (`photos` rows), not the file system's.
public struct PhotoStorage: Sendable {
    public let root: URL
    /// Largest accepted upload, in bytes.
    public let maxBytes: Int
    /// New photos one member may upload in a local day (0: no limit). Staff who register
    /// listings for residents (`listing.manage_others`) are not counted: the desk uploads for many.
    public let dailyLimitPerMember: Int
    /// Bytes of photos one member may hold: every photo she uploaded that is still kept (0: no
    /// limit; staff as above). The daily limit slows an account down; this bounds it, since a
    /// draft keeps its photos for as long as it is kept and a year of daily uploads would
    /// otherwise fill the disk.
    public let maxTotalBytesPerMember: Int
    /// Days an uploaded photo that no listing or report names is kept before the sweep removes it.
    public let orphanDays: Int

    public init(
        root: URL, maxBytes: Int = 5 << 20, dailyLimitPerMember: Int = 30, maxTotalBytesPerMember: Int = 500 << 20, orphanDays: Int = 7
    ) {
        self.root = root
        self.maxBytes = maxBytes
        self.dailyLimitPerMember = dailyLimitPerMember
        self.maxTotalBytesPerMember = maxTotalBytesPerMember
        self.orphanDays = orphanDays
    }

    /// Creates the directory if missing and proves it writable (a probe file written and
    /// removed), so a directory the service user cannot write stops the start instead of failing
    /// every upload with a 500. The error says which directory and why.
    public func prepareDirectory() throws {
        let manager = FileManager.default
        do {
            try manager.createDirectory(at: root, withIntermediateDirectories: true)
            let probe = root.appendingPathComponent(".linli-write-check-\(UUID().uuidString)")
            try Data().write(to: probe)
            try manager.removeItem(at: probe)
        } catch {
            // In the operator's terms, as for the database's directory (helper 136: Foundation's
            // "NSCocoaErrorDomain error 512", and "create it" for a path that is a file).
            throw PhotoDirectoryError(path: root.path, cause: AppDatabase.cause(creating: root.path, error))
        }
    }

    public static func sha256Hex(_ bytes: [UInt8]) -> String {
        HexDigits.text(SHA256.hash(data: bytes))
    }

    func url(for digest: String, format: PhotoFormat) -> URL {
        root.appendingPathComponent(String(digest.prefix(2)), isDirectory: true)
            .appendingPathComponent("\(digest).\(format.rawValue)")
    }

    /// A photo's bytes written to a temporary file beside its final name and flushed, waiting to
    /// be given that name (`place`). Staged before the database transaction that records the
    /// photo, so the slow part, flushing up to `maxBytes` to disk, does not hold the single
    /// writer; only the rename and the directory's flush happen inside it.
    public struct Staged: Sendable {
        let temporary: URL
        let target: URL

        /// Removes the temporary file if it is still there (the upload was refused, or the name
        /// was taken); nothing once it has been placed.
        public func discard() {
            try? FileManager.default.removeItem(at: temporary)
        }
    }

    /// Writes `bytes` to a temporary file (`.<hash>.<uuid>.tmp`, which the stray-file sweep
    /// knows) in the photo's shard and flushes it (`DurableFile`); a shard created for it is
    /// flushed into the root too.
    public func stage(_ bytes: [UInt8], digest: String, format: PhotoFormat) throws -> Staged {
        let target = url(for: digest, format: format)
        let directory = target.deletingLastPathComponent()
        let manager = FileManager.default
        if !manager.fileExists(atPath: directory.path) {
            try manager.createDirectory(at: directory, withIntermediateDirectories: true)
            try DurableFile.syncDirectory(root)
        }
        let temporary = directory.appendingPathComponent(".\(digest).\(UUID().uuidString).tmp")
        do {
            try DurableFile.create(temporary, bytes: bytes)
        } catch {
            try? manager.removeItem(at: temporary)
            throw error
        }
        return Staged(temporary: temporary, target: target)
    }

    /// Gives a staged photo its name unless a file has it already (true when it placed it), then
    /// flushes the directory, so the row committed after this names a file that is on disk. The
    /// bytes under a name never differ (it is their hash): an existing file is kept.
    @discardableResult
    public func place(_ staged: Staged) throws -> Bool {
        let manager = FileManager.default
        if manager.fileExists(atPath: staged.target.path) {
            staged.discard()
            return false
        }
        do {
            try manager.moveItem(at: staged.temporary, to: staged.target)
        } catch {
            staged.discard()
            // Another upload of the same bytes won the race: the content is identical.
            if !manager.fileExists(atPath: staged.target.path) { throw error }
            return false
        }
        try DurableFile.syncDirectory(staged.target.deletingLastPathComponent())
        return true
    }

    /// Writes the bytes under their digest unless already present (true when it wrote them):
    /// `stage` and `place` in one call, for callers already inside a transaction (the command
    /// line, tests). A crash never leaves a half-written photo under a valid name.
    @discardableResult
    public func store(_ bytes: [UInt8], digest: String, format: PhotoFormat) throws -> Bool {
        if holds(digest: digest, format: format) { return false }
        return try place(try stage(bytes, digest: digest, format: format))
    }

    /// Whether the photo's file is there.
    func holds(digest: String, format: PhotoFormat) -> Bool {
        FileManager.default.fileExists(atPath: url(for: digest, format: format).path)
    }

    /// Removes a photo's file (the caller has made sure no `photos` row names it any more).
    func remove(digest: String, format: PhotoFormat) throws {
        let target = url(for: digest, format: format)
        guard FileManager.default.fileExists(atPath: target.path) else { return }
        try FileManager.default.removeItem(at: target)
    }

    public func read(digest: String, format: PhotoFormat) throws -> Data {
        try Data(contentsOf: url(for: digest, format: format))
    }
}
