import Testing
@testable import LinliDelivery

@Suite("Byte-limited splitting at character boundaries")
struct TextSplitterTests {
    @Test func chineseTextSplitsAtCharacterBoundaries() {
        let text = String(repeating: "邻里共享闲置物品，", count: 200)  // 9 chars × 3 bytes × 200 = 5,400 bytes
        let pieces = TextSplitter.split(text, budget: 2048)
        #expect(pieces.count == 3)
        #expect(pieces.allSatisfy { $0.utf8.count <= 2048 })
        #expect(pieces.joined() == text)
        #expect(pieces[0].utf8.count == 2046)  // 682 whole characters; 2,048 would cut one in half
    }

    @Test func graphemeClustersAreNeverCut() {
        let family = "👨‍👩‍👧‍👦"  // one Character, 25 UTF-8 bytes
        let text = String(repeating: "家" + family, count: 40)
        let pieces = TextSplitter.split(text, budget: 100)
        #expect(pieces.joined() == text)
        #expect(pieces.allSatisfy { $0.utf8.count <= 100 && !$0.unicodeScalars.first!.properties.isJoinControl })
        #expect(pieces.allSatisfy { piece in piece.filter { $0 == Character(family) }.count * 25 + piece.filter { $0 == "家" }.count * 3 == piece.utf8.count })
    }

    @Test func prefersLineBreaksNearTheEnd() {
        let line = String(repeating: "字", count: 30) + "\n"  // 91 bytes
        let text = String(repeating: line, count: 10)
        let pieces = TextSplitter.split(text, budget: 300)
        #expect(pieces.allSatisfy { $0.hasSuffix("\n") })
        #expect(pieces.map { $0.utf8.count } == [273, 273, 273, 91])
        #expect(pieces.joined() == text)
    }

    @Test func truncateAddsEllipsisWithinBudget() {
        let text = String(repeating: "中", count: 100)
        let cut = TextSplitter.truncate(text, budget: 31)
        #expect(cut.utf8.count <= 31)
        #expect(cut == String(repeating: "中", count: 9) + "…")
        #expect(TextSplitter.truncate("short", budget: 31) == "short")
    }

    @Test func jsonEscapedCostCountsEscapes() {
        #expect(TextSplitter.cost(of: "a\"b\\\n中", cost: TextSplitter.jsonEscapedUTF8Bytes) == 1 + 2 + 1 + 2 + 2 + 3)
        #expect(TextSplitter.cost(of: "\u{01}", cost: TextSplitter.jsonEscapedUTF8Bytes) == 6)
    }
}
