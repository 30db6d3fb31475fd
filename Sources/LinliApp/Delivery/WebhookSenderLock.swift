import Foundation
import Synchronization

/// Only one server at a time sends webhooks from a database: the one holding an exclusive
/// `flock` on `<database>-webhooks.lock` beside it.
///
/// Why: while an old and a new server share the file (a rolling update, OPERATIONS.md), each
/// loaded the other's pending messages and sent them too, so every chat group read every
/// announcement twice (helper 119), and each kept its own robot allowance, so together they went
/// over the platforms' limits. A consumer of the standard format can drop a repeat by its
/// `webhook-id`; a group of residents cannot. The other server serves the API, writes events to
/// the outbox and waits; the holder fans them out. The kernel lets go of the lock when its holder
/// ends in any way (a kill -9 included), so the waiting server takes over at once, with no lease
/// to run out. Both servers must open the database on one machine's file system anyway (SQLite's
/// own locks need it), which is also where `flock` holds.
///
/// A database without a file (in memory) has no lock: its one worker always sends. A PostgreSQL
/// backend would use an advisory lock for the same purpose.
final class WebhookSenderLock: Sendable {
    let path: String?
    private let descriptor = Mutex<Int32?>(nil)

    /// - Parameter databasePath: the SQLite file; nil or `:memory:` for none.
    init(databasePath: String?) {
        if let databasePath, !databasePath.isEmpty, databasePath != ":memory:", !databasePath.hasPrefix("file::memory:") {
            // Beside the file the database really is: two servers reaching it through different
            // symbolic links must lock one file (helper 122).
            path = URL(fileURLWithPath: databasePath).resolvingSymlinksInPath().path + "-webhooks.lock"
        } else {
            path = nil
        }
    }

    enum Attempt: Equatable {
        /// This worker holds it (or there is nothing to hold).
        case held
        /// Another server holds it.
        case heldElsewhere
        /// The lock file cannot be opened or locked (its directory read-only, a wrong owner left
        /// by a `sudo linli serve`, a directory at its path): the worker sends without it rather
        /// than not at all (helper 122: webhooks stopped, with an info line blaming another
        /// server). `reason` is the system's.
        case unavailable(reason: String)
    }

    /// Takes the lock if it is free. Never waits.
    func tryHold() -> Attempt {
        guard let path else { return .held }
        return descriptor.withLock { held in
            if held != nil { return .held }
            // Owner only, like the database beside it.
            let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
            guard fd >= 0 else { return .unavailable(reason: String(cString: strerror(errno))) }
            guard flock(fd, LOCK_EX | LOCK_NB) == 0 else {
                let code = errno
                close(fd)
                return code == EWOULDBLOCK ? .heldElsewhere : .unavailable(reason: String(cString: strerror(code)))
            }
            held = fd
            return .held
        }
    }

    var isHeld: Bool { path == nil || descriptor.withLock { $0 != nil } }

    /// Whether the file this worker locked is no longer the one at the path (removed, or replaced
    /// by a copy): another server would then lock the new one and send too (helper 122).
    func wasReplaced() -> Bool {
        guard let path else { return false }
        return descriptor.withLock { held in
            guard let fd = held else { return false }
            var open = stat(), named = stat()
            guard fstat(fd, &open) == 0 else { return false }
            guard stat(path, &named) == 0 else { return true }
            return open.st_dev != named.st_dev || open.st_ino != named.st_ino
        }
    }

    /// Lets the next server take over (at the end of a graceful shutdown, or a teardown).
    func release() {
        descriptor.withLock { held in
            guard let fd = held else { return }
            flock(fd, LOCK_UN)
            close(fd)
            held = nil
        }
    }
}
