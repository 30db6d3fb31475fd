import Foundation
import GRDB

/// Measures what the disk and SQLite alone can do on a given database file: single-row INSERTs,
/// each in its own `BEGIN IMMEDIATE … COMMIT`, through prepared statements with no record
/// mapping. Benchmarks print their own rate next to this one, measured in the same run on the
/// same file, so results from different machines can be compared as ratios.
public enum RawCommitProbe {
    /// Commits `count` single-row transactions into a scratch table and returns commits per second.
    public static func commitsPerSecond(_ database: AppDatabase, count: Int) throws -> Double {
        try database.writer.writeWithoutTransaction { db in
            try db.execute(sql: "CREATE TABLE IF NOT EXISTS bench_raw_commits (id INTEGER PRIMARY KEY, community_id TEXT NOT NULL, payload TEXT NOT NULL)")
            let begin = try db.makeStatement(sql: "BEGIN IMMEDIATE")
            let insert = try db.makeStatement(sql: "INSERT INTO bench_raw_commits (community_id, payload) VALUES (?, ?)")
            let commit = try db.makeStatement(sql: "COMMIT")
            let start = ContinuousClock.now
            for index in 0..<count {
                try begin.execute()
                try insert.execute(arguments: ["cmt_bench", "row \(index)"])
                try commit.execute()
            }
            let elapsed = ContinuousClock.now - start
            try db.execute(sql: "DROP TABLE bench_raw_commits")
            return Double(count) / (Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18)
        }
    }
}
