import Foundation
import GRDB
import Testing

@testable import LinliStore

@Suite struct StoredTimeTests {
    /// The arithmetic formatter writes exactly what GRDB's `Date.databaseValue` writes, for whole
    /// milliseconds, for the fractions between them (both round to the nearest, halves up, into
    /// the next second or year too), and across centuries and leap
    /// days; dates before the Gregorian calendar or beyond four-digit
    /// years go to GRDB itself.
    @Test func textIsGRDBs() {
        var generator = SystemRandomNumberGenerator()
        var dates = [
            Date(timeIntervalSince1970: 0), Date(timeIntervalSince1970: -0.0005), Date(timeIntervalSince1970: 951_868_799.9999),
            Date(timeIntervalSinceReferenceDate: 0), Date(timeIntervalSinceReferenceDate: 0.0009999),
            Date(timeIntervalSince1970: 1_709_195_400.25), Date(timeIntervalSince1970: -2_208_988_800),
            Date(timeIntervalSince1970: 253_402_300_799.999), Date(timeIntervalSince1970: 253_402_300_800),
            Date(timeIntervalSince1970: -62_167_219_200.001), Date(timeIntervalSince1970: 1_767_225_599.9996),
            Date(timeIntervalSince1970: 1_767_225_599.9994), Date(timeIntervalSince1970: -2_189_000_712.3705),
            Date(timeIntervalSince1970: -12_212_553_600), Date(timeIntervalSince1970: -12_212_553_600.001), Date.distantFuture, Date.distantPast,
        ]
        for _ in 0..<5_000 {
            dates.append(Date(timeIntervalSince1970: Double.random(in: -2_208_988_800...4_102_444_800, using: &generator)))
            let whole = Int64.random(in: -2_208_988_800_000..<4_102_444_800_000, using: &generator)
            dates.append(Date(timeIntervalSince1970: Double(whole) / 1000))
        }
        for date in dates {
            #expect(StoredTime.text(date) == String.fromDatabaseValue(date.databaseValue), "\(date.timeIntervalSince1970)")
        }
        #expect(StoredTime.text(nil as Date?) == nil)
    }
}
