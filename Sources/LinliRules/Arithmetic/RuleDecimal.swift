/// An exact decimal with at most four fractional digits, stored as an integer count of 1/10,000.
///
/// Rule files write every rate, factor and amount as a quoted string (`"0.85"`), never as a YAML
/// float, so that what the norm-revision group reads is exactly what the engine computes. Four
/// digits are enough for any factor a human would vote on and keep products of a whole pipeline
/// inside 128-bit integers (see `ExactValue`).
public struct RuleDecimal: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// Units per whole number: four fractional digits.
    public static let scale: Int64 = 10_000
    /// The largest magnitude accepted anywhere (one billion): bounds every product in the pipeline.
    public static let maximumMagnitude: Int64 = 1_000_000_000 * scale

    /// The value multiplied by `scale`.
    public let units: Int64

    /// Wraps a raw count of 1/10,000 units.
    public init(units: Int64) { self.units = units }

    /// A whole number.
    public init(integer: Int64) { self.units = integer * Self.scale }

    public static let zero = RuleDecimal(units: 0)
    public static let one = RuleDecimal(units: scale)

    /// Parses `-?digits(.digits{1,4})?`; returns nil for anything else (exponents, spaces, commas,
    /// more than four fractional digits, or magnitudes above `maximumMagnitude`).
    public init?(parsing text: some StringProtocol) {
        var negative = false
        var whole: Int64 = 0
        var fraction: Int64 = 0
        var fractionDigits = 0
        var sawDigit = false
        var inFraction = false
        var first = true
        for byte in text.utf8 {
            defer { first = false }
            switch byte {
            case UInt8(ascii: "-") where first:
                negative = true
            case UInt8(ascii: "."):
                guard !inFraction, sawDigit else { return nil }
                inFraction = true
            case UInt8(ascii: "0")...UInt8(ascii: "9"):
                let digit = Int64(byte - UInt8(ascii: "0"))
                if inFraction {
                    fractionDigits += 1
                    guard fractionDigits <= 4 else { return nil }
                    fraction = fraction * 10 + digit
                } else {
                    sawDigit = true
                    whole = whole * 10 + digit
                    guard whole <= 1_000_000_000 else { return nil }
                }
            default:
                return nil
            }
        }
        guard sawDigit, !(inFraction && fractionDigits == 0) else { return nil }
        for _ in fractionDigits..<4 { fraction *= 10 }
        let magnitude = whole * Self.scale + fraction
        guard magnitude <= Self.maximumMagnitude else { return nil }
        units = negative ? -magnitude : magnitude
    }

    /// Canonical text: at least two fractional digits, trailing zeros beyond that trimmed
    /// (`"0.85"`, `"12.00"`, `"1.0625"`).
    public var description: String {
        // Two to four fractional digits, zeros beyond the second dropped (1.50, 0.125, 2.0625),
        // chosen by arithmetic: trimming a padded string one character at a time was most of
        // the cost of writing a valuation's breakdown and explanation.
        let magnitude = units.magnitude
        let whole = magnitude / UInt64(Self.scale)
        let fraction = magnitude % UInt64(Self.scale)
        let (digits, width) = fraction % 100 == 0 ? (fraction / 100, 2) : (fraction % 10 == 0 ? (fraction / 10, 3) : (fraction, 4))
        let shown = String(digits)
        return (units < 0 ? "-" : "") + String(whole) + "." + String(repeating: "0", count: width - shown.count) + shown
    }

    public static func < (lhs: RuleDecimal, rhs: RuleDecimal) -> Bool { lhs.units < rhs.units }
}

extension RuleDecimal: Codable {
    /// Encoded as its canonical string so JSON consumers never see a binary float.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let value = RuleDecimal(parsing: text) else {
            throw DecodingError.dataCorruptedError(
                in: container, debugDescription: "not a decimal with at most 4 fractional digits: \(text)")
        }
        self = value
    }
}
