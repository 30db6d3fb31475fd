import LinliDomain
import Testing

/// Session 30 walk: impossible fields were rolled over by the parsers (`T25:00` stored as 01:00
/// the next day, 30 February as 2 March); `RFC3339DateTime.isReal` refuses them, and real instants
/// in every RFC 3339 form pass.
@Suite struct RFC3339DateTimeTests {
    @Test(arguments: [
        ("2026-12-20T01:00:00Z", true), ("2026-12-20t01:00:00z", true), ("2026-12-20T01:00:00.250Z", true),
        ("2026-12-20T09:00:00+08:00", true), ("2026-12-20T00:00:00-03:30", true), ("2028-02-29T12:00:00Z", true),
        ("2000-02-29T12:00:00Z", true), ("2026-12-31T23:59:59Z", true),
        ("2026-12-20T25:00:00Z", false), ("2026-12-20T24:00:00Z", false), ("2027-02-30T01:00:00Z", false),
        ("2026-02-29T01:00:00Z", false), ("1900-02-29T01:00:00Z", false), ("2026-04-31T01:00:00Z", false),
        ("2026-13-01T01:00:00Z", false), ("2026-00-10T01:00:00Z", false), ("2026-12-00T01:00:00Z", false),
        ("2026-12-13T23:60:00Z", false), ("2026-12-13T23:59:60Z", false), ("2026-12-13T10:00:00+24:00", false),
        ("2026-12-13T10:00:00+08:60", false), ("2026-12-13T10:00:00", false), ("2026-12-13 10:00:00Z", false),
        ("2026-12-13T10:00:00.Z", false), ("2026-12-13T10:00:00+0800", true), ("2026-12-13T10:00:00+08", false), ("2026-12-13T10:00:00+2400", false), ("2026-12-13T10:00:00Zjunk", false),
        ("2026-12-13", false), ("", false),
    ])
    func realDateTimes(_ text: String, _ real: Bool) {
        #expect(RFC3339DateTime.isReal(text) == real, "\(text)")
    }
}
