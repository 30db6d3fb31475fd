/// The fixed-width numbers of dates and clock times ("2026-03-01", "08:30"): ASCII digits only.
///
/// Why: Swift's `Int("+8")` is 8 and `Int("-0")` is 0, so a width check and `Int(_:)` let
/// `"+8:00"` through as 08:00 and `"2024-+3-15"` as a purchase date (stored in that form).
public enum ASCIIDigits {
    /// The value of `text` when it is one or more ASCII digits (at most 18), else nil.
    public static func value(_ text: some StringProtocol) -> Int? {
        guard !text.isEmpty, text.utf8.count <= 18, text.utf8.allSatisfy({ (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) })
        else { return nil }
        return Int(text)
    }
}
