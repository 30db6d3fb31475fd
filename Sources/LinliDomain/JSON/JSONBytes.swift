import Foundation

/// Appends JSON to a byte buffer exactly as `JSONEncoder` writes it with `.sortedKeys`,
/// `.withoutEscapingSlashes` and `.iso8601` dates, for the few documents hot enough to be written
/// by hand (a browse page, a listing's valuation). Each writer built on this is tested byte for
/// byte against `JSONEncoder`.
///
/// Why: `JSONEncoder` boxes every value and sorts every object's keys at run time; for the
/// documents written on every browse and every listing created, that was the largest single cost
/// after the HTTP work itself.
public struct JSONBytes {
    public var bytes: [UInt8] = []
    private var needsComma = false
    /// Writes `/` as `\/`, as `JSONEncoder` does without `.withoutEscapingSlashes` (the outbox
    /// payloads and audit fields).
    public let escapesSlashes: Bool

    public init(capacity: Int = 1024, escapesSlashes: Bool = false) {
        bytes.reserveCapacity(capacity)
        self.escapesSlashes = escapesSlashes
    }

    /// `{`; keys must then be written in sorted order.
    public mutating func openObject() {
        separate()
        bytes.append(UInt8(ascii: "{"))
        needsComma = false
    }

    public mutating func closeObject() {
        bytes.append(UInt8(ascii: "}"))
        needsComma = true
    }

    public mutating func openArray() {
        separate()
        bytes.append(UInt8(ascii: "["))
        needsComma = false
    }

    public mutating func closeArray() {
        bytes.append(UInt8(ascii: "]"))
        needsComma = true
    }

    /// `"name":`, after a comma when a member came before.
    public mutating func key(_ name: StaticString) {
        separate()
        bytes.append(UInt8(ascii: "\""))
        Self.raw(name, into: &bytes)
        bytes.append(UInt8(ascii: "\""))
        bytes.append(UInt8(ascii: ":"))
        needsComma = false
    }

    /// `"name":` for a key known only at run time (written escaped, like any string).
    public mutating func key(_ name: String) {
        separate()
        Self.string(name, into: &bytes, escapingSlashes: escapesSlashes)
        bytes.append(UInt8(ascii: ":"))
        needsComma = false
    }

    public mutating func string(_ value: String) {
        separate()
        Self.string(value, into: &bytes, escapingSlashes: escapesSlashes)
        needsComma = true
    }

    public mutating func integer(_ value: Int) {
        separate()
        Self.decimal(value, into: &bytes)
        needsComma = true
    }

    public mutating func date(_ value: Date) {
        separate()
        Self.iso8601(value, into: &bytes)
        needsComma = true
    }

    public mutating func boolean(_ value: Bool) {
        separate()
        if value { Self.raw("true", into: &bytes) } else { Self.raw("false", into: &bytes) }
        needsComma = true
    }

    /// A value that is JSON text already (a stored valuation breakdown), copied as it is: the
    /// caller vouches that it is one well-formed value.
    public mutating func json(_ text: String) {
        separate()
        bytes.append(contentsOf: text.utf8)
        needsComma = true
    }

    /// An array of strings.
    public mutating func strings(_ values: [String]) {
        openArray()
        for value in values { string(value) }
        closeArray()
    }

    /// A string map as an object with sorted keys, as `JSONEncoder` with `.sortedKeys` writes it;
    /// false, with nothing written, when a key is not plain (`isPlainKey`).
    public mutating func sortedObject(_ fields: [String: String]) -> Bool {
        guard fields.keys.allSatisfy(Self.isPlainKey) else { return false }
        openObject()
        for (name, value) in fields.sorted(by: { $0.key < $1.key }) {
            key(name)
            string(value)
        }
        closeObject()
        return true
    }

    /// Keys of `a-z` and `_` only: for them the byte order these writers sort by is the order
    /// `JSONEncoder`'s `.sortedKeys` uses; other keys are left to the encoder.
    public static func isPlainKey(_ key: String) -> Bool {
        key.utf8.allSatisfy { ($0 >= 0x61 && $0 <= 0x7A) || $0 == 0x5F }
    }

    public mutating func null() {
        separate()
        Self.raw("null", into: &bytes)
        needsComma = true
    }

    /// Optional members as `JSONEncoder` writes them from synthesized `Codable`: left out when nil.
    public mutating func string(_ name: StaticString, _ value: String?) {
        guard let value else { return }
        key(name)
        string(value)
    }

    public mutating func integer(_ name: StaticString, _ value: Int?) {
        guard let value else { return }
        key(name)
        integer(value)
    }

    public mutating func date(_ name: StaticString, _ value: Date?) {
        guard let value else { return }
        key(name)
        date(value)
    }

    private mutating func separate() {
        if needsComma { bytes.append(UInt8(ascii: ",")) }
    }

    // MARK: - Primitives

    /// A JSON string: quote, backslash and control characters escaped (and `/` when asked),
    /// everything else (Chinese included) as UTF-8. Text without any of those (nearly all) is
    /// copied in one piece.
    public static func string(_ value: String, into out: inout [UInt8], escapingSlashes: Bool = false) {
        out.append(UInt8(ascii: "\""))
        var value = value
        value.withUTF8 { text in
            if !text.contains(where: { $0 < 0x20 || $0 == 0x22 || $0 == 0x5C || (escapingSlashes && $0 == 0x2F) }) {
                out.append(contentsOf: text)
                return
            }
            for byte in text { escaped(byte, into: &out, escapingSlashes: escapingSlashes) }
        }
        out.append(UInt8(ascii: "\""))
    }

    private static func escaped(_ byte: UInt8, into out: inout [UInt8], escapingSlashes: Bool) {
        switch byte {
        case UInt8(ascii: "/") where escapingSlashes: out.append(contentsOf: [0x5C, 0x2F])
        case UInt8(ascii: "\""): out.append(contentsOf: [0x5C, 0x22])
        case UInt8(ascii: "\\"): out.append(contentsOf: [0x5C, 0x5C])
        case 0x08: out.append(contentsOf: [0x5C, UInt8(ascii: "b")])
        case 0x0C: out.append(contentsOf: [0x5C, UInt8(ascii: "f")])
        case 0x0A: out.append(contentsOf: [0x5C, UInt8(ascii: "n")])
        case 0x0D: out.append(contentsOf: [0x5C, UInt8(ascii: "r")])
        case 0x09: out.append(contentsOf: [0x5C, UInt8(ascii: "t")])
        case 0..<0x20:
            let hex = Array("0123456789abcdef".utf8)
            out.append(contentsOf: [0x5C, UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0"), hex[Int(byte >> 4)], hex[Int(byte & 0xF)]])
        default: out.append(byte)
        }
    }

    /// Literal bytes, without the array a `String` would be turned into.
    public static func raw(_ text: StaticString, into out: inout [UInt8]) {
        out.append(contentsOf: UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
    }

    /// An integer in decimal.
    public static func decimal(_ value: Int, into out: inout [UInt8]) {
        if value < 0 { out.append(UInt8(ascii: "-")) }
        var magnitude = value.magnitude
        let start = out.count
        repeat {
            out.append(UInt8(ascii: "0") + UInt8(magnitude % 10))
            magnitude /= 10
        } while magnitude > 0
        out[start...].reverse()
    }

    /// `yyyy-MM-ddTHH:mm:ssZ` in UTC, whole seconds rounded down, as `.iso8601` writes it: the
    /// ledger's exact UTC fields (truncated to the millisecond, so to the second alike).
    public static func iso8601(_ date: Date, into out: inout [UInt8]) {
        let (year, month, day, secondOfDay) = LedgerTimestamp(date).civilFields
        func two(_ value: Int64) {
            out.append(UInt8(ascii: "0") + UInt8(value / 10))
            out.append(UInt8(ascii: "0") + UInt8(value % 10))
        }
        out.append(UInt8(ascii: "\""))
        two(year / 100)
        two(year % 100)
        out.append(UInt8(ascii: "-"))
        two(month)
        out.append(UInt8(ascii: "-"))
        two(day)
        out.append(UInt8(ascii: "T"))
        two(secondOfDay / 3600)
        out.append(UInt8(ascii: ":"))
        two(secondOfDay / 60 % 60)
        out.append(UInt8(ascii: ":"))
        two(secondOfDay % 60)
        out.append(UInt8(ascii: "Z"))
        out.append(UInt8(ascii: "\""))
    }
}
