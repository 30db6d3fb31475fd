import Foundation
import GRDB
import LinliStore

/// `linli-bench ledger --page-map`: which b-trees (tables and indexes) the exchange steps write,
/// in pages per step.
///
/// On this storage a step's cost follows the pages its commit writes to the WAL (and the
/// checkpoint writes again) more than the rows it touches. With automatic checkpoints off, the
/// steps' frames stay in the WAL; each frame header names its page, and SQLite's `dbstat` table
/// names the b-tree that owns each page. The figures guided which indexes were made partial
/// (migration 0015); run it again before changing what an exchange step writes.
struct WALPageMap {
    let database: AppDatabase
    let path: String

    /// Runs `steps` with automatic checkpoints off and returns the pages per step, by b-tree,
    /// largest first. Leaves the WAL checkpointed and automatic checkpoints back at SQLite's
    /// default.
    func measure(steps: Int, _ run: () throws -> Void) throws -> [(name: String, pagesPerStep: Double)] {
        try database.writer.writeWithoutTransaction { db in
            try db.execute(sql: "PRAGMA wal_checkpoint(TRUNCATE)")
            try db.execute(sql: "PRAGMA wal_autocheckpoint = 0")
        }
        defer {
            try? database.writer.writeWithoutTransaction { db in
                try db.execute(sql: "PRAGMA wal_checkpoint(TRUNCATE)")
                try db.execute(sql: "PRAGMA wal_autocheckpoint = 1000")
            }
        }
        try run()
        let pages = try Self.framePages(Data(contentsOf: URL(fileURLWithPath: path + "-wal")))
        let owners = try database.writer.writeWithoutTransaction { db in
            Dictionary(try Row.fetchAll(db, sql: "SELECT pageno, name FROM dbstat").map { ($0[0] as Int, $0[1] as String) }) { first, _ in first }
        }
        var counts: [String: Int] = [:]
        for page in pages {
            counts[owners[page] ?? (page == 1 ? "page 1 (header)" : "page \(page) (new)"), default: 0] += 1
        }
        return counts.map { ($0.key, Double($0.value) / Double(max(steps, 1))) }.sorted { $0.pagesPerStep > $1.pagesPerStep }
    }

    /// The page number of every frame in a WAL file (header 32 bytes; each frame a 24-byte header
    /// starting with the big-endian page number, then the page).
    static func framePages(_ wal: Data) throws -> [Int] {
        let bytes = [UInt8](wal)
        guard bytes.count >= 32 else { return [] }
        func word(_ offset: Int) -> Int { bytes[offset..<(offset + 4)].reduce(0) { $0 << 8 | Int($1) } }
        let pageSize = word(8)
        var pages: [Int] = []
        var offset = 32
        while offset + 24 + pageSize <= bytes.count {
            pages.append(word(offset))
            offset += 24 + pageSize
        }
        return pages
    }

    /// Prints one step's map.
    static func print(_ title: String, _ rows: [(name: String, pagesPerStep: Double)]) {
        let total = rows.reduce(0) { $0 + $1.pagesPerStep }
        Swift.print(String(format: "pages written per %@: %.1f", title, total))
        for row in rows where row.pagesPerStep >= 0.05 {
            Swift.print(String(format: "  %6.2f  %@", row.pagesPerStep, row.name))
        }
    }
}
