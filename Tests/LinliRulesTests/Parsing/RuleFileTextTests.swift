import Foundation
import Testing
@testable import LinliRules

/// A rule file saved by Windows Notepad starts with a UTF-8 byte-order mark. Before, the API
/// hashed it without the mark while `compile(data:)` refused the same bytes as "not UTF-8".
@Suite struct RuleFileTextTests {
    @Test func aByteOrderMarkIsNotPartOfTheContent() throws {
        let text = try #require(RulePresets.text(named: "default"))
        let plain = Data(text.utf8)
        let marked = Data(RuleFileText.byteOrderMark) + plain
        #expect(RuleFileText.decode(marked) == text)
        let withMark = try RuleSetCompiler.compile(data: marked, fileName: "notepad.yaml")
        let without = try RuleSetCompiler.compile(data: plain, fileName: "plain.yaml")
        #expect(withMark.header.contentHash == without.header.contentHash)
    }

    @Test func bytesThatAreNotUTF8AreRefused() {
        #expect(RuleFileText.decode(Data([0x73, 0xFF, 0xFE])) == nil)
        #expect(RuleFileText.decode(Data([0xEF, 0xBB])) == nil, "half a mark is not UTF-8")
        #expect(RuleFileText.decode(Data()) == "")
    }
}
