import Foundation
import GRDB
import GRDBSQLite
import LinliDomain
import Testing

@testable import LinliStore

@Suite struct ListingRowReaderTests {
    /// Positions are only valid while the table's column order is `ListingColumn`'s.
    @Test func columnOrderIsTheTables() throws {
        let fixture = try StoreFixture()
        let names = try fixture.database.readSync { db in
            try String.fetchAll(db, sql: "SELECT name FROM pragma_table_info('listings') ORDER BY cid")
        }
        #expect(names == ListingColumn.names)
        #expect(ListingColumn.names.contains("community_id") && ListingColumn.names.contains("original_breakdown_json"))
    }

    /// A statement of another shape is refused, not decoded into the wrong fields.
    @Test func otherLayoutsAreRefused() throws {
        let fixture = try StoreFixture()
        try fixture.database.readSync { db in
            let statement = try db.makeStatement(sql: "SELECT id, title FROM listings")
            #expect(throws: StoreError.self) { try ListingRowReader.fetchAll(statement, arguments: []) }
        }
    }

    /// The full and the summary projection read the same listing, but for the breakdowns.
    @Test func summaryProjectionDiffersOnlyInBreakdowns() throws {
        let fixture = try ListingFixture()
        let listing = try fixture.publish(ListingFixture.item("电钻"))
        let (full, summary) = try fixture.store.database.readSync { db in
            let sql = "FROM listings WHERE id = ?"
            return (
                try ListingRowReader.fetchOne(db.makeStatement(sql: "SELECT \(ListingColumn.selectAll) \(sql)"), arguments: [listing.id.rawValue]),
                try ListingRowReader.fetchOne(db.makeStatement(sql: "SELECT \(ListingColumn.selectSummary) \(sql)"), arguments: [listing.id.rawValue]))
        }
        #expect(full == listing)
        var expected = listing
        expected.valuation.breakdownJSON = ""
        expected.originalValuation = nil
        expected.originalInputsJSON = nil
        #expect(summary == expected)
    }

    /// The arithmetic date parser gives GRDB's own `Date` for its stored text, to the last bit,
    /// across centuries, leap days and every millisecond digit; other text falls back to GRDB.
    @Test func storedDatesMatchGRDB() throws {
        let database = try AppDatabase()
        var generator = SystemRandomNumberGenerator()
        var texts = [
            "1970-01-01 00:00:00.000", "2000-02-29 23:59:59.999", "2001-01-01 00:00:00.000", "2000-12-31 23:59:59.001",
            "1999-12-31 12:00:00.500", "2024-02-29 08:30:00.250", "2100-03-01 00:00:00.007", "1900-02-28 23:59:59.999",
        ]
        for _ in 0..<5_000 {
            let milliseconds = Int64.random(in: -2_208_988_800_000..<4_102_444_800_000, using: &generator)
            texts.append(LedgerTimestamp(milliseconds: milliseconds).text)
        }
        let fallbacks = ["2026-02-31 10:00:00.000", "2026-03-01 10:00", "2026-03-01T10:00:00.000", "2026-03-01 10:00:00"]
        try database.readSync { db in
            for text in texts + fallbacks {
                let statement = try db.makeStatement(sql: "SELECT ?")
                let cursor = try Row.fetchCursor(statement, arguments: [text])
                _ = try cursor.next()
                let fast = RawColumns(statement).date(0)
                let grdb = Date.fromDatabaseValue(text.databaseValue)
                #expect(fast == grdb, "\(text)")
            }
        }
        for text in fallbacks {
            let bytes = Array(text.utf8)
            #expect(bytes.withUnsafeBufferPointer(RawColumns.storedDate) == nil, "\(text)")
        }
    }
}
