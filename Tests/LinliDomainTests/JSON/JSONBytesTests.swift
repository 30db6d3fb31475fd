import Foundation
import LinliDomain
import Testing

/// Each primitive writes what `JSONEncoder` (sorted keys, unescaped slashes, ISO 8601) writes.
@Suite struct JSONBytesTests {
    static func encoded<T: Encodable>(_ value: T) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    @Test(arguments: ["", "平常的中文", "a/b", "quote \" and \\ back", "\u{0}\u{1}\u{8}\u{9}\u{a}\u{c}\u{d}\u{1f}\u{7f}", "😀 \u{2028}"])
    func strings(text: String) throws {
        var out: [UInt8] = []
        JSONBytes.string(text, into: &out)
        #expect(String(decoding: out, as: UTF8.self) == (try Self.encoded([text])).dropFirst().dropLast())
    }

    @Test(arguments: [0, 7, -7, 10, 1_234_567_890, Int.max, Int.min])
    func integers(value: Int) throws {
        var out: [UInt8] = []
        JSONBytes.decimal(value, into: &out)
        #expect(String(decoding: out, as: UTF8.self) == String(value))
    }

    @Test(arguments: [0, -86_401, 951_782_400.999, 4_102_444_800, 1_764_633_600.25])
    func dates(seconds: Double) throws {
        var out: [UInt8] = []
        JSONBytes.iso8601(Date(timeIntervalSince1970: seconds), into: &out)
        #expect(String(decoding: out, as: UTF8.self) == (try Self.encoded([Date(timeIntervalSince1970: seconds)])).dropFirst().dropLast())
    }

    /// Members and elements get their commas; nil optionals are left out.
    @Test func structure() {
        var out = JSONBytes()
        out.openObject()
        out.integer("a", 1)
        out.string("b", nil)
        out.key("c")
        out.openArray()
        out.openObject()
        out.closeObject()
        out.null()
        out.string("x")
        out.closeArray()
        out.date("d", nil)
        out.string("e", "f")
        out.closeObject()
        #expect(String(decoding: out.bytes, as: UTF8.self) == #"{"a":1,"c":[{},null,"x"],"e":"f"}"#)
    }
}
