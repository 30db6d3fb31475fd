import LinliDomain

/// Flat JSON objects (text, integer, boolean, string-array and null fields) written directly through `JSONBytes`, byte
/// for byte what `JSONEncoder` with `.sortedKeys` (slashes escaped) writes for them, or nil when a
/// key is outside `a-z` and `_` (whose sort order this writer does not promise to share with the
/// encoder; the caller then uses the encoder).
///
/// Why: every exchange step writes two or three audit entries and outbox events, and the encoder's
/// container machinery was several percent of a step's CPU in the exchange benchmark. Tests
/// compare both writers, escaping included.
enum DirectJSON {
    enum Value {
        case text(String)
        case number(Int)
        case bool(Bool)
        case null
    }

    /// The object of `fields` with sorted keys; a nil value leaves its key out (what a synthesized
    /// `Encodable` does with a nil optional), `.null` writes `null` (what a dictionary does).
    static func object(_ fields: [(key: String, value: Value?)]) -> String? {
        var out = JSONBytes(capacity: 256, escapesSlashes: true)
        out.openObject()
        for field in fields.sorted(by: { $0.key < $1.key }) {
            guard let value = field.value else { continue }
            guard JSONBytes.isPlainKey(field.key) else { return nil }
            out.key(field.key)
            switch value {
            case .null: out.null()
            case .number(let number): out.integer(number)
            case .bool(let flag): out.boolean(flag)
            case .text(let text): out.string(text)
            }
        }
        out.closeObject()
        return String(decoding: out.bytes, as: UTF8.self)
    }
}

/// An outbox payload that can write its own JSON through `DirectJSON` (nil: use the encoder).
/// `Transaction.emit` asks for it first; a test keeps each conforming payload equal to its
/// `JSONEncoder` form.
protocol DirectJSONPayload {
    var directJSON: String? { get }
}
