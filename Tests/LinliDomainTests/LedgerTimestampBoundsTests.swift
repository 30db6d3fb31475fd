import Foundation
import LinliDomain
import Testing

/// The text form holds years 0000–9999; a time outside them is clamped rather than trap (a year
/// 0000 statement filter used to take the whole server down).
@Suite struct LedgerTimestampBoundsTests {
    @Test func aYearZeroDateFormatsWithoutTrapping() throws {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        let date = try #require(formatter.date(from: "0000-01-01T00:00:00Z"))
        #expect(LedgerTimestamp(date).text.count == 23)
    }

    @Test(arguments: [
        Date.distantPast, Date.distantFuture, Date(timeIntervalSince1970: -1e15), Date(timeIntervalSince1970: 1e15),
        Date(timeIntervalSince1970: 1e300), Date(timeIntervalSince1970: -1e300),
    ])
    func extremeDatesFormatClampedToTheTextRange(date: Date) {
        let timestamp = LedgerTimestamp(date)
        let text = timestamp.text
        #expect(LedgerTimestamp(text: text) != nil)
        let fields = timestamp.civilFields
        #expect((0...9999).contains(fields.year))
    }

    @Test func theEndsOfTheTextRangeAreExact() {
        #expect(LedgerTimestamp(milliseconds: LedgerTimestamp.textRange.lowerBound - 1).text == "0000-01-01 00:00:00.000")
        #expect(LedgerTimestamp(milliseconds: LedgerTimestamp.textRange.upperBound + 1).text == "9999-12-31 23:59:59.999")
        #expect(LedgerTimestamp(milliseconds: 0).text == "1970-01-01 00:00:00.000")
    }
}
