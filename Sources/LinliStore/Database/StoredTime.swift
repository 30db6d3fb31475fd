import Foundation
import GRDB
import LinliDomain

/// Dates in the text form the store writes and GRDB reads back (`2026-01-01 08:30:00.250`, UTC),
/// formatted by arithmetic (`LedgerTimestamp.text`), rounded to the millisecond as GRDB rounds.
///
/// Why: GRDB's own `Date.databaseValue` goes through one shared `DateFormatter` per value, which
/// was about 4 % of the writer's Swift time per listing created (five dates) and showed up in the
/// exchange and delivery profiles before. `StoredTimeTests` keeps the two texts equal, sub-millisecond
/// values included. Dates before 1583 (where the formatter's calendar is Julian) or after 9999
/// (which the four-digit form cannot hold) are left to GRDB.
enum StoredTime {
    static func text(_ date: Date) -> String {
        // GRDB's formatter rounds to the nearest millisecond, halves upwards (a ledger timestamp
        // truncates instead).
        let milliseconds = (date.timeIntervalSince1970 * 1000 + 0.5).rounded(.down)
        guard milliseconds >= minimum, milliseconds < maximum else {
            return String.fromDatabaseValue(date.databaseValue) ?? ""
        }
        return LedgerTimestamp(milliseconds: Int64(milliseconds)).text
    }

    static func text(_ date: Date?) -> String? {
        date.map(text)
    }

    /// 1583-01-01 and 10000-01-01 in milliseconds since 1970.
    private static let minimum: Double = -12_212_553_600_000
    private static let maximum: Double = 253_402_300_800_000
}
