import GRDB
import GRDBSQLite

/// Pages the writer connection has written since the last reading (`SQLITE_DBSTATUS_CACHE_WRITE`,
/// which in WAL mode counts WAL frames). Benchmarks print it per operation: on this storage an
/// operation's cost follows the pages its commit writes (and the checkpoint writes again) more than
/// the rows it touches, so the figure explains a rate better than the rate alone.
public enum PageWriteCounter {
    /// Returns the pages written since the previous call and starts counting again from zero.
    public static func take(_ database: AppDatabase) throws -> Int {
        try database.writer.writeWithoutTransaction { db in
            var current: Int32 = 0
            var highwater: Int32 = 0
            let status = sqlite3_db_status(db.sqliteConnection, SQLITE_DBSTATUS_CACHE_WRITE, &current, &highwater, 1)
            guard status == SQLITE_OK else { throw DatabaseError(resultCode: ResultCode(rawValue: status)) }
            return Int(current)
        }
    }
}
