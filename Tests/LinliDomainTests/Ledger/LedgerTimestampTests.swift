import Foundation
import Testing
@testable import LinliDomain

@Suite("Ledger timestamps: one exact text form")
struct LedgerTimestampTests {
    @Test("known instants format as UTC text with milliseconds", arguments: [
        (Int64(0), "1970-01-01 00:00:00.000"),
        (Int64(1_767_225_600_000), "2026-01-01 00:00:00.000"),
        (Int64(1_772_323_199_999), "2026-02-28 23:59:59.999"),
        (Int64(951_782_400_123), "2000-02-29 00:00:00.123"),
        (Int64(-1), "1969-12-31 23:59:59.999"),
    ])
    func format(milliseconds: Int64, text: String) {
        #expect(LedgerTimestamp(milliseconds: milliseconds).text == text)
        #expect(LedgerTimestamp(text: text)?.milliseconds == milliseconds)
    }

    @Test("every millisecond of a stretch round-trips through text, and text sorts like time")
    func roundTrip() {
        var previous = ""
        var ms: Int64 = 1_709_164_799_000  // around 2024-02-29, a leap day
        while ms < 1_709_164_799_000 + 200_000_000 {
            let text = LedgerTimestamp(milliseconds: ms).text
            #expect(LedgerTimestamp(text: text)?.milliseconds == ms)
            #expect(text > previous)
            previous = text
            ms += 999_983
        }
    }

    @Test("dates are truncated to the millisecond, like the column")
    func truncation() {
        let date = Date(timeIntervalSince1970: 1_767_225_600.123_9)
        #expect(LedgerTimestamp(date).text == "2026-01-01 00:00:00.123")
    }

    @Test("anything but the exact form is refused", arguments: [
        "2026-01-01T00:00:00.000", "2026-01-01 00:00:00", "2026-02-30 00:00:00.000", "2026-13-01 00:00:00.000",
        "2026-01-01 24:00:00.000", "２026-01-01 00:00:00.000", "", "2023-02-29 00:00:00.000", "2100-02-29 00:00:00.000",
        "2026-04-31 00:00:00.000", "2026-01-01 00:60:00.000", "2026-01-01 00:00:00.0a0",
    ])
    func invalid(text: String) {
        #expect(LedgerTimestamp(text: text) == nil)
    }

    @Test("leap days exist only in leap years", arguments: ["2024-02-29 12:00:00.000", "2000-02-29 00:00:00.000"])
    func leapDay(text: String) {
        #expect(LedgerTimestamp(text: text)?.text == text)
    }
}
