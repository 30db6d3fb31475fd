/// Flat JSON objects (text, integer and null fields) written directly, byte for byte what
/// `JSONEncoder` with `.sortedKeys` writes for them, or nil when a key or value is outside the
/// plain subset this writer knows to be identical (the caller then uses the encoder).
///
/// Why: every exchange step writes two or three audit entries and outbox events, and the encoder's
/// container machinery was several percent of a step's CPU in the exchange benchmark. The plain
/// subset — keys of `a-z` and `_`, values without `"`, `\`, `/` or control characters — covers
/// ids, states and numbers, which is what those records hold; tests compare both writers.
enum DirectJSON {
    enum Value {
        case text(String)
        case number(Int)
        case null
    }

    /// The object of `fields` with sorted keys; a nil value leaves its key out (what a synthesized
    /// `Encodable` does with a nil optional), `.null` writes `null` (what a dictionary does).
    static func object(_ fields: [(key: String, value: Value?)]) -> String? {
        var out = "{"
        var first = true
        for field in fields.sorted(by: { $0.key < $1.key }) {
            guard let value = field.value else { continue }
            guard field.key.utf8.allSatisfy({ ($0 >= 0x61 && $0 <= 0x7A) || $0 == 0x5F }) else { return nil }
            if !first { out += "," }
            first = false
            out += "\"\(field.key)\":"
            switch value {
            case .null: out += "null"
            case .number(let number): out += String(number)
            case .text(let text):
                guard isPlain(text) else { return nil }
                out += "\"\(text)\""
            }
        }
        return out + "}"
    }

    /// Text `JSONEncoder` writes between quotes unchanged.
    static func isPlain(_ text: String) -> Bool {
        text.unicodeScalars.allSatisfy {
            $0.value >= 0x20 && $0.value != 0x7F && $0.value != 0x2028 && $0.value != 0x2029 && $0 != "\"" && $0 != "\\" && $0 != "/"
        }
    }
}

/// An outbox payload that can write its own JSON through `DirectJSON` (nil: use the encoder).
/// `Transaction.emit` asks for it first; a test keeps each conforming payload equal to its
/// `JSONEncoder` form.
protocol DirectJSONPayload {
    var directJSON: String? { get }
}
