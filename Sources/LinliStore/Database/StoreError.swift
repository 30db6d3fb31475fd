/// Operational failures of the store that are not a client's fault (the API answers them as 500 or
/// 503 and the CLI prints them); client-caused failures are `DomainError`s.
public enum StoreError: Error, Equatable, CustomStringConvertible {
    /// A migration already applied to this database differs from the file shipped in the binary.
    case migrationEdited(name: String, recorded: String, shipped: String)
    /// The database has migrations this binary does not know (it was upgraded by a newer version).
    case unknownMigrations([String])
    /// Migrations are pending and automatic migration is off.
    case migrationsPending([String])
    case backupDestinationExists(String)
    /// The destination named is a directory: the backup is one file, whose name is to be given.
    case backupDestinationIsDirectory(String)
    /// Another backup to the same destination is running (it holds `destination.partial`).
    case backupInProgress(String)
    /// A table-rebuilding migration left rows pointing at nothing; it was rolled back.
    case migrationBrokeForeignKeys(table: String)
    /// A stored value could not be read back (corruption or manual editing).
    case corruptRow(table: String, id: String, reason: String)
    /// A write was submitted to a `GroupCommitWriter` that is shutting down.
    case writerStopped

    /// The backup's destination is taken: a file there already, or another backup writing it.
    public var isBackupDestinationTaken: Bool {
        switch self {
        case .backupDestinationExists, .backupDestinationIsDirectory, .backupInProgress: return true
        default: return false
        }
    }

    /// The database's schema is not one this binary may use as it is (edited or unknown
    /// migrations, or pending ones where the command does not migrate): the database named is the
    /// problem, as with a locked or damaged file, and the command line exits 2 for it whichever
    /// command met it (`serve` with `auto_migrate: false` exited 1 where `ledger verify` exited
    /// 2, helper 113).
    public var isUnusableSchema: Bool {
        switch self {
        case .migrationEdited, .unknownMigrations, .migrationsPending: return true
        default: return false
        }
    }

    public var description: String {
        switch self {
        case .migrationEdited(let name, let recorded, let shipped):
            return "migration \(name) was edited after it was applied (recorded sha256 \(recorded.prefix(12))…, shipped \(shipped.prefix(12))…). "
                + "Never edit an applied migration: restore the original file and add a new migration instead."
        case .unknownMigrations(let names):
            return "the database was migrated by a newer Linli (unknown migrations: \(names.joined(separator: ", "))). Upgrade this binary."
        case .migrationsPending(let names):
            return "migrations pending: \(names.joined(separator: ", ")). Run `linli migrate` first."
        case .backupDestinationExists(let path):
            return "backup destination \(path) already exists; choose a new file name"
        case .backupDestinationIsDirectory(let path):
            // Said as a directory: "already exists" read as if a backup were there (helper 113).
            let example = (path.hasSuffix("/") ? path : path + "/") + "linli-YYYYMMDD.sqlite"
            return "backup destination \(path) is a directory; name the backup file in it, for example \(example)"
        case .backupInProgress(let path):
            return "another backup to \(path) is running (it holds \(path).partial); wait for it or choose another file name"
        case .migrationBrokeForeignKeys(let table):
            return "a migration left rows of \(table) referring to missing rows; it was rolled back and nothing changed"
        case .corruptRow(let table, let id, let reason):
            return "row \(id) of \(table) cannot be read: \(reason)"
        case .writerStopped:
            return "the database writer is shutting down"
        }
    }
}
