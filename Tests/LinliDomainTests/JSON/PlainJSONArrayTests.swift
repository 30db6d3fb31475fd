import Foundation
import LinliDomain
import Testing

/// `PlainJSONArray` either answers exactly what `JSONDecoder` answers or declines (nil) and leaves
/// the text to the decoder; it never accepts what the decoder refuses.
@Suite struct PlainJSONArrayTests {
    static func plainStrings(_ text: String) -> [String]? {
        Array(text.utf8).withUnsafeBufferPointer { PlainJSONArray.strings($0) }
    }

    static func plainSlots(_ text: String) -> [WeeklySlot]? {
        Array(text.utf8).withUnsafeBufferPointer { PlainJSONArray.slots($0) }
    }

    static func decoded<T: Decodable>(_ type: T.Type, _ text: String) -> T? {
        try? JSONDecoder().decode(T.self, from: Data(text.utf8))
    }

    /// What the store writes is always read directly.
    @Test(arguments: [[], ["a"], ["sha256:0f3a", "平常的中文", "a/b", "😀 \u{2028}"], Array(repeating: "x", count: 40)])
    func writtenStringsAreRead(values: [String]) throws {
        var out = JSONBytes()
        out.strings(values)
        let text = String(decoding: out.bytes, as: UTF8.self)
        #expect(Self.plainStrings(text) == values)
        #expect(Self.decoded([String].self, text) == values)
    }

    @Test func writtenSlotsAreRead() throws {
        let slots = [WeeklySlot(weekday: 1, from: "09:00", to: "11:30"), WeeklySlot(weekday: 7, from: "18:00", to: "20:00")]
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        for value in [slots, [], [slots[0]]] {
            let text = String(decoding: try encoder.encode(value), as: UTF8.self)
            #expect(Self.plainSlots(text) == value, "\(text)")
        }
    }

    /// Every other text: declined, or read to the decoder's own answer.
    @Test(arguments: [
        "", "[", "]", "[]x", " []", "[ ]", "[\"a\" ]", "[\"a\",]", "[,\"a\"]", "[\"a\"\"b\"]", "[\"a\\\"b\"]", "[\"a\\u0041\"]",
        "[\"tab\there\"]", "[\"unterminated]", "null", "{}", "[1]", "[\"a\",1]", "[null]", "[[\"a\"]]", "[\"é\",\"\"]",
    ])
    func strings(text: String) {
        if let plain = Self.plainStrings(text) {
            #expect(plain == Self.decoded([String].self, text), "\(text)")
        }
    }

    @Test(arguments: [
        "[{\"from\":\"09:00\",\"to\":\"10:00\",\"weekday\":3}]",
        "[{\"weekday\":3,\"from\":\"09:00\",\"to\":\"10:00\"}]",
        "[{\"from\":\"09:00\",\"to\":\"10:00\",\"weekday\":03}]",
        "[{\"from\":\"09:00\",\"to\":\"10:00\",\"weekday\":0}]",
        "[{\"from\":\"09:00\",\"to\":\"10:00\",\"weekday\":-1}]",
        "[{\"from\":\"09:00\",\"to\":\"10:00\",\"weekday\":3.5}]",
        "[{\"from\":\"09:00\",\"to\":\"10:00\",\"weekday\":3e0}]",
        "[{\"from\":\"09:00\",\"to\":\"10:00\",\"weekday\":1234567890123}]",
        "[{\"from\":\"09:00\",\"to\":\"10:00\",\"weekday\":3,\"extra\":1}]",
        "[{\"from\":\"09:00\",\"to\":\"10:00\"}]",
        "[{\"from\":\"09:00\",\"to\":\"10:00\",\"weekday\":3},]",
        "[{\"from\":\"09:00\",\"to\":\"10:00\",\"weekday\":3} ]",
        "[{\"from\":\"09\\u003a00\",\"to\":\"10:00\",\"weekday\":3}]",
        "[{\"fro\":\"09:00\",\"to\":\"10:00\",\"weekday\":3}]",
        "[{\"from\":\"09:00\",\"to\":\"10:00\",\"weekday\":3}{\"from\":\"09:00\",\"to\":\"10:00\",\"weekday\":4}]",
        "[{\"from\":\"09:00\",\"to\":\"10:00\",\"weekday\":3},{\"from\":\"11:00\",\"to\":\"12:00\",\"weekday\":4}]",
        "[]", "[{}]", "{}", "",
    ])
    func slots(text: String) {
        if let plain = Self.plainSlots(text) {
            #expect(plain == Self.decoded([WeeklySlot].self, text), "\(text)")
        }
    }

    /// The shapes the store writes are never declined (so the fast path is really taken).
    @Test func plainShapesAreNotDeclined() {
        #expect(Self.plainSlots("[{\"from\":\"09:00\",\"to\":\"10:00\",\"weekday\":3},{\"from\":\"11:00\",\"to\":\"12:00\",\"weekday\":4}]")?.count == 2)
        #expect(Self.plainStrings("[\"é\",\"\"]") == ["é", ""])
        #expect(Self.plainSlots("[{\"from\":\"09:00\",\"to\":\"10:00\",\"weekday\":03}]") == nil)
        #expect(Self.plainStrings("[ ]") == nil)
    }
}
