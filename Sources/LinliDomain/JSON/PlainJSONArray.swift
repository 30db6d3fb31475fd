/// Reads the JSON arrays the store writes into listing columns — lists of plain strings (photos,
/// requested fields) and weekly availability slots — straight from the column's bytes, without a
/// `JSONDecoder`.
///
/// Every listing read decodes these columns, and the decoder (set up per call, then walking a
/// generic container tree) was about a tenth of an exchange step's Swift time. Only the exact
/// shape the store's writers produce is read here: no whitespace, strings without escapes or
/// control characters, slot keys in sorted order, plain integers. Anything else returns nil, and
/// the caller falls back to `JSONDecoder`, so what is accepted or refused (and how) never differs
/// from the decoder's answer (`PlainJSONArrayTests` compare both over a table of inputs).
public enum PlainJSONArray {
    /// `["a","b"]` → the strings; nil when the text is anything but that plain shape.
    public static func strings(_ bytes: UnsafeBufferPointer<UInt8>) -> [String]? {
        array(bytes) { reader in reader.string() }
    }

    /// `[{"from":"09:00","to":"11:00","weekday":1}]` → the slots; nil for any other shape.
    public static func slots(_ bytes: UnsafeBufferPointer<UInt8>) -> [WeeklySlot]? {
        array(bytes) { reader in
            guard reader.take(UInt8(ascii: "{")), reader.key("from"), let from = reader.string(),
                reader.take(UInt8(ascii: ",")), reader.key("to"), let to = reader.string(),
                reader.take(UInt8(ascii: ",")), reader.key("weekday"), let weekday = reader.integer(),
                reader.take(UInt8(ascii: "}"))
            else { return nil }
            return WeeklySlot(weekday: weekday, from: from, to: to)
        }
    }

    /// `[e,e,…]` with each element read by `element`, which consumes it or answers nil.
    private static func array<Element>(_ bytes: UnsafeBufferPointer<UInt8>, _ element: (inout Reader) -> Element?) -> [Element]? {
        var reader = Reader(bytes: bytes)
        guard reader.take(UInt8(ascii: "[")) else { return nil }
        var values: [Element] = []
        if reader.take(UInt8(ascii: "]")) { return reader.atEnd ? values : nil }
        repeat {
            guard let value = element(&reader) else { return nil }
            values.append(value)
        } while reader.take(UInt8(ascii: ","))
        return reader.take(UInt8(ascii: "]")) && reader.atEnd ? values : nil
    }

    /// A cursor over the bytes; every reading either consumes what it recognised or reports nil.
    private struct Reader {
        let bytes: UnsafeBufferPointer<UInt8>
        var index = 0

        var atEnd: Bool { index == bytes.count }

        mutating func take(_ byte: UInt8) -> Bool {
            guard index < bytes.count, bytes[index] == byte else { return false }
            index += 1
            return true
        }

        /// `"…"` with no escape and no control character, as a `String` (the bytes came from
        /// SQLite's text, so they are UTF-8; ill-formed sequences are left to the decoder).
        mutating func string() -> String? {
            guard take(UInt8(ascii: "\"")) else { return nil }
            let start = index
            while index < bytes.count {
                let byte = bytes[index]
                if byte == UInt8(ascii: "\"") {
                    let slice = UnsafeBufferPointer(rebasing: bytes[start..<index])
                    index += 1
                    guard let value = String(validating: slice, as: UTF8.self) else { return nil }
                    return value
                }
                if byte == UInt8(ascii: "\\") || byte < 0x20 { return nil }
                index += 1
            }
            return nil
        }

        /// `"name":`
        mutating func key(_ name: StaticString) -> Bool {
            guard take(UInt8(ascii: "\"")) else { return false }
            let count = name.utf8CodeUnitCount
            guard bytes.count - index >= count + 2 else { return false }
            let expected = UnsafeBufferPointer(start: name.utf8Start, count: count)
            for offset in 0..<count where bytes[index + offset] != expected[offset] { return false }
            index += count
            return take(UInt8(ascii: "\"")) && take(UInt8(ascii: ":"))
        }

        /// A JSON integer without sign, exponent or fraction, below 10⁹ (weekdays are 1…7).
        mutating func integer() -> Int? {
            let start = index
            var value = 0
            while index < bytes.count, bytes[index] >= UInt8(ascii: "0"), bytes[index] <= UInt8(ascii: "9"), index - start < 9 {
                value = value * 10 + Int(bytes[index] - UInt8(ascii: "0"))
                index += 1
            }
            let digits = index - start
            guard digits > 0, digits == 1 || bytes[start] != UInt8(ascii: "0") else { return nil }
            if index < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[index]) { return nil }
            return value
        }
    }
}
