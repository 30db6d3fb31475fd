import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Writing a file so that it survives a power cut once the call returns.
///
/// Why: a photo's row is committed right after its file is written. `Data.write` leaves the
/// bytes in the page cache, so a power cut after the commit (which SQLite does flush) could leave
/// a row naming a file that is empty or missing. The bytes are flushed before the file gets its
/// name, and the directory after, so the name itself is on disk too.
enum DurableFile {
    struct Failure: Error, CustomStringConvertible {
        let operation: String
        let path: String
        let code: Int32
        var description: String { "\(operation) \(path): \(String(cString: strerror(code)))" }
    }

    /// Creates `url` (which must not exist) with `bytes`, flushed to disk.
    static func create(_ url: URL, bytes: [UInt8]) throws {
        let descriptor = open(url.path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw Failure(operation: "create", path: url.path, code: errno) }
        var closed = false
        defer { if !closed { _ = close(descriptor) } }
        var written = 0
        while written < bytes.count {
            let result = bytes.withUnsafeBytes { buffer in write(descriptor, buffer.baseAddress! + written, bytes.count - written) }
            if result < 0 {
                if errno == EINTR { continue }
                throw Failure(operation: "write", path: url.path, code: errno)
            }
            written += result
        }
        guard flush(descriptor) else { throw Failure(operation: "fsync", path: url.path, code: errno) }
        closed = true
        guard close(descriptor) == 0 else { throw Failure(operation: "close", path: url.path, code: errno) }
    }

    /// Creates `url` (which must not exist) with `bytes`, all at once: a reader sees no file or
    /// the whole of it, never a file still being written (`create` makes the name first, so a
    /// second writer that finds it taken and reads at once could read nothing). The bytes go to a
    /// temporary file beside it (`.<name>.<uuid>.tmp`), flushed, which is then hard-linked to
    /// `url`: `link` fails with `EEXIST` when the name is taken, so of two writers exactly one wins.
    /// A crash between the two leaves only the small temporary file. On a file system without
    /// hard links (FAT, some network mounts) it is `create`, as before.
    static func publish(_ url: URL, bytes: [UInt8]) throws {
        let directory = url.deletingLastPathComponent()
        let temporary = directory.appendingPathComponent(".\(url.lastPathComponent).\(UUID().uuidString).tmp")
        defer { _ = unlink(temporary.path) }  // also when writing it failed half-way
        try create(temporary, bytes: bytes)
        guard link(temporary.path, url.path) == 0 else {
            let code = errno
            if code == EPERM || code == ENOTSUP || code == EOPNOTSUPP || code == ENOSYS { return try create(url, bytes: bytes) }
            throw Failure(operation: "create", path: url.path, code: code)
        }
        try syncDirectory(directory)
    }

    /// Flushes a file's bytes to the disk itself. On Darwin `fsync` only hands them to the drive,
    /// whose cache a power cut empties; `F_FULLFSYNC` asks the drive to write them (what SQLite's
    /// `PRAGMA fullfsync` does). Some file systems refuse it, and then `fsync` is what there is.
    private static func flush(_ descriptor: Int32) -> Bool {
        #if canImport(Darwin)
        if fcntl(descriptor, F_FULLFSYNC) == 0 { return true }
        #endif
        return fsync(descriptor) == 0
    }

    /// Flushes a directory's entries (a file just created or renamed in it).
    static func syncDirectory(_ url: URL) throws {
        let descriptor = open(url.path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard descriptor >= 0 else { throw Failure(operation: "open", path: url.path, code: errno) }
        defer { _ = close(descriptor) }
        guard fsync(descriptor) == 0 else { throw Failure(operation: "fsync", path: url.path, code: errno) }
    }
}
