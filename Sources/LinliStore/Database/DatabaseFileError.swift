import Foundation
import GRDB

/// A database file Linli cannot use, said so an operator can act on it: which path, what is wrong
/// with it, what to do. SQLite's own text (`SQLite error 14: unable to open database file`,
/// `SQLite error 26: file is not a database`) names neither the file nor the cause, and a missing
/// directory surfaced as Foundation's `The operation couldn’t be completed. (NSCocoaErrorDomain …)`.
public struct DatabaseFileError: Error, Equatable, CustomStringConvertible {
    public enum Problem: Equatable, Sendable {
        /// The file's directory is missing and could not be created (the cause in words).
        case directoryUnavailable(directory: String, cause: String)
        /// The path names a directory, not a file.
        case isDirectory
        /// A directory on the way may not be entered by this user (`PathReach`): whether the file or
        /// its directory exists cannot even be seen.
        case directoryNotReachable(directory: String)
        /// The directory is not writable: SQLite cannot create the file, its `-wal` or its `-shm`.
        case directoryNotWritable(directory: String)
        /// SQLite could not open the file for another reason (its message).
        case cannotOpen(String)
        /// The file is something other than a SQLite database.
        case notADatabase
        /// The file is another program's SQLite database: it has tables (`tables`, the first few)
        /// but no Linli migrations ledger. Opening it would turn it to WAL mode and migrating it
        /// would add Linli's tables to it (session 33 walk, helper 113).
        case anotherProgramsDatabase(tables: [String])
        /// The file is a SQLite database whose pages are damaged.
        case corrupt
        /// Another connection holds a lock for longer than Linli waits.
        case locked
        /// The file (or its `-wal`/`-shm`, or the file system) cannot be written.
        case readOnly
        /// No space left for the database or its WAL.
        case diskFull
        /// The operating system refused a read or write (its message).
        case ioFailure(String)
    }

    /// Which file the path is to the command: the database it works on, or the copy `admin
    /// backup` writes. "cannot open the database nodir/x.sqlite" about a backup's destination
    /// had an operator looking for a fault in the live database (session 32 walk).
    public enum Role: Equatable, Sendable {
        case database
        case backupDestination
    }

    public let path: String
    public private(set) var problem: Problem
    public private(set) var role: Role = .database

    public init(path: String, problem: Problem) {
        self.path = path
        self.problem = problem
    }

    /// The same problem, said about a backup being written to `path`; a missing directory is
    /// named as such (SQLite and `open` only say "No such file or directory").
    public func asBackupDestination() -> DatabaseFileError {
        var copy = self
        copy.role = .backupDestination
        if case .cannotOpen = problem {
            let directory = URL(fileURLWithPath: path).deletingLastPathComponent().path
            if !FileManager.default.fileExists(atPath: directory) {
                copy.problem = .directoryUnavailable(directory: directory, cause: "it does not exist")
            }
        }
        return copy
    }

    /// What is wrong with a backup's destination, in words.
    var backupDescription: String {
        let cause: String
        switch problem {
        case .directoryUnavailable(let directory, let why): cause = "its directory \(directory) is not there (\(why)); create it or choose another path"
        case .isDirectory: cause = "it is a directory; name a new file inside it, e.g. \(path)/linli-backup.sqlite"
        case .directoryNotWritable(let directory): cause = "the directory \(directory) is not writable by this user"
        case .directoryNotReachable(let directory): cause = "the directory \(directory) may not be entered by this user"
        case .cannotOpen(let message): cause = "\(message); check that its directory exists and is writable"
        case .readOnly: cause = "the file system there is read-only for this user"
        case .diskFull: cause = "the disk is full; free space or choose another disk"
        case .ioFailure(let message): cause = message
        case .notADatabase, .anotherProgramsDatabase, .corrupt, .locked: cause = "the copy could not be written"
        }
        return "cannot write the backup \(path): \(cause). The live database was not changed."
    }

    public var description: String {
        if role == .backupDestination { return backupDescription }
        return switch problem {
        case .directoryUnavailable(let directory, let cause):
            "cannot create the database \(path): its directory \(directory) does not exist and cannot be created (\(cause)); "
                + "create it, or choose another path (--db or database.path)"
        case .isDirectory:
            "\(path) is a directory; --db (or database.path) must name the database file inside it, e.g. \(path)/linli.sqlite"
        case .directoryNotReachable(let directory):
            "cannot reach the database \(path): the directory \(directory) may not be entered by this user (permission denied); "
                + "give the user Linli runs as access to it, or choose another path (--db or database.path)"
        case .directoryNotWritable(let directory):
            "cannot open the database \(path): the directory \(directory) is not writable by this user "
                + "(SQLite creates \(URL(fileURLWithPath: path).lastPathComponent)-wal and -shm beside the file); "
                + "give the user Linli runs as write access to it"
        case .cannotOpen(let message):
            "cannot open the database \(path) (\(message)); check that the path is right and that its directory exists and is writable"
        case .notADatabase:
            "\(path) is not a Linli (SQLite) database; check --db (or database.path): Linli left the file as it was"
        case .anotherProgramsDatabase(let tables):
            "\(path) is another program's SQLite database (its tables include \(tables.joined(separator: ", ")); it has no Linli migrations); "
                + "check --db (or database.path): Linli left the file as it was"
        case .corrupt:
            "the database \(path) is damaged (SQLite: database disk image is malformed); restore it from a backup (deploy/OPERATIONS.md)"
        case .locked:
            "the database \(path) is locked by another program (waited \(Int(AppDatabase.busyTimeout)) s); "
                + "finish or stop whatever holds it (a sqlite3 shell in a transaction, a backup tool) and try again"
        case .readOnly:
            "the database \(path) is read-only for this user (the file, its -wal and -shm beside it, or the file system); "
                + "Linli must be able to write them: check their owner and mode"
        case .diskFull:
            "the disk holding the database \(path) is full; free space and try again"
        case .ioFailure(let message):
            "cannot read or write the database \(path) (\(message)); check the disk and the file system"
        }
    }

    /// The failure as one of these when it is about the file itself (nil for anything else: a
    /// constraint, a migration refused, a bug), checked against the file system where SQLite's
    /// code alone does not say which (`unable to open` is a missing directory, a directory named
    /// as the file, or one Linli may not write in).
    public static func classify(_ error: any Error, path: String) -> DatabaseFileError? {
        if let error = error as? DatabaseFileError { return error }
        guard let error = error as? DatabaseError else { return nil }
        let message = error.message ?? "SQLite error \(error.resultCode.rawValue)"
        let problem: Problem
        switch error.resultCode {
        case .SQLITE_CANTOPEN, .SQLITE_PERM: problem = cannotOpen(path: path, message: message)
        case .SQLITE_NOTADB: problem = .notADatabase
        case .SQLITE_CORRUPT: problem = .corrupt
        case .SQLITE_BUSY, .SQLITE_LOCKED: problem = .locked
        case .SQLITE_READONLY: problem = readOnly(path: path)
        case .SQLITE_FULL: problem = .diskFull
        case .SQLITE_IOERR: problem = .ioFailure(message)
        default: return nil
        }
        return DatabaseFileError(path: path, problem: problem)
    }

    /// Which read-only this is: the file may be writable and its directory not, where SQLite must
    /// create the -wal and -shm (helper 136: "the file … check their owner" for a file that was
    /// fine). `isWritable` is the file system's answer (a parameter so the rule can be tested by
    /// root, for whom everything is writable).
    static func readOnly(path: String, isWritable: (String) -> Bool = FileManager.default.isWritableFile(atPath:)) -> Problem {
        let directory = URL(fileURLWithPath: path).deletingLastPathComponent().path
        return isWritable(path) && !isWritable(directory) ? .directoryNotWritable(directory: directory) : .readOnly
    }

    /// Which of the reasons SQLite reports as "unable to open database file" this is.
    static func cannotOpen(path: String, message: String) -> Problem {
        if let blocked = PathReach.blockingDirectory(of: path) { return .directoryNotReachable(directory: blocked) }
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue { return .isDirectory }
        let directory = URL(fileURLWithPath: path).deletingLastPathComponent().path
        if FileManager.default.fileExists(atPath: directory) && !FileManager.default.isWritableFile(atPath: directory) {
            return .directoryNotWritable(directory: directory)
        }
        return .cannotOpen(message)
    }
}
