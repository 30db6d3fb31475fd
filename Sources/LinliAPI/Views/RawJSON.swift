import Foundation

/// JSON text already stored by Linli (a valuation breakdown, correction inputs) placed into a
/// response as it is, instead of being decoded into values and encoded again.
///
/// Why: a created listing's response carries its breakdown, and decoding plus re-encoding it was
/// about 15 % of the create path's CPU. `JSONEncoder` cannot write raw text, so a `RawJSON`
/// encodes a unique placeholder string and registers its text with the `RawJSONSplicer` found in
/// the encoder's `userInfo`; `JSONResponse` then replaces each quoted placeholder by the text.
/// With no splicer (any other encoder) it falls back to decoding the text into `JSONValue`.
struct RawJSON: Encodable {
    let text: String

    func encode(to encoder: any Encoder) throws {
        if let splicer = encoder.userInfo[RawJSONSplicer.key] as? RawJSONSplicer, Self.looksLikeJSON(text) {
            var container = encoder.singleValueContainer()
            try container.encode(splicer.placeholder(for: text))
        } else {
            try JSONValue(text: text).encode(to: encoder)
        }
    }

    /// Stored breakdowns are objects or arrays; anything else goes the careful way.
    static func looksLikeJSON(_ text: String) -> Bool {
        guard let first = text.utf8.first(where: { $0 != 0x20 && $0 != 0x0A }), let last = text.utf8.last else { return false }
        return (first == UInt8(ascii: "{") && last == UInt8(ascii: "}")) || (first == UInt8(ascii: "[") && last == UInt8(ascii: "]"))
    }
}

/// Collects the raw texts of one encoding and splices them into its output.
final class RawJSONSplicer: @unchecked Sendable {
    static let key = CodingUserInfoKey(rawValue: "linli.rawJSON")!
    /// Private-use character + a random nonce: no client text can forge a placeholder.
    private let prefix = "\u{E000}raw-\(UInt64.random(in: .min ... .max))-"
    private var texts: [String] = []

    func placeholder(for text: String) -> String {
        texts.append(text)
        return prefix + String(texts.count - 1)
    }

    /// The output with every quoted placeholder replaced by its text.
    func splice(_ data: Data) -> Data {
        guard !texts.isEmpty else { return data }
        var bytes = [UInt8](data)
        for (index, text) in texts.enumerated().reversed() {
            let token = Array(("\"" + prefix + String(index) + "\"").utf8)
            guard let range = Self.find(token, in: bytes) else { continue }
            bytes.replaceSubrange(range, with: Array(text.utf8))
        }
        return Data(bytes)
    }

    static func find(_ needle: [UInt8], in haystack: [UInt8]) -> Range<Int>? {
        guard needle.count <= haystack.count, let head = needle.first else { return nil }
        var start = 0
        while start <= haystack.count - needle.count {
            guard let at = haystack[start...].firstIndex(of: head), at <= haystack.count - needle.count else { return nil }
            if haystack[at..<(at + needle.count)].elementsEqual(needle) { return at..<(at + needle.count) }
            start = at + 1
        }
        return nil
    }
}
