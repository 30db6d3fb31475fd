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

/// Helper 121: a file that is not UTF-8 was "not valid UTF-8 text" at 0:0. Where it stops being
/// UTF-8, what it probably is, and how to save it.
@Suite struct RuleFileEncodingProblemTests {
    @Test func gbkTextIsFoundWhereItStartsAndNamed() {
        // "schema: x\nname_zh: " then 物品 in GBK (CE EF C6 B7).
        let data = Data("schema: x\nname_zh: ".utf8) + Data([0xCE, 0xEF, 0xC6, 0xB7, 0x0A])
        let problem = RuleFileText.problem(data, fileName: "gbk.yaml")
        #expect(problem.code == .notUTF8 && problem.file == "gbk.yaml")
        #expect(problem.line == 2 && problem.column == 10, "\(problem)")
        #expect(problem.messageEN.contains("GBK/GB18030") && problem.messageEN.contains("save the file as UTF-8"))
        #expect(problem.messageZH.contains("另存为 UTF-8"))
        // The same file as Notepad saves it, with Windows line breaks (helper 123: one long line).
        let windows = Data("schema: x\r\nname_zh: ".utf8) + Data([0xCE, 0xEF, 0xC6, 0xB7, 0x0D, 0x0A])
        let crlf = RuleFileText.problem(windows, fileName: "gbk.yaml")
        #expect(crlf.line == 2 && crlf.column == 10, "\(crlf)")
    }

    @Test func utf16IsNamedForTheWholeFile() {
        let data = Data([0xFF, 0xFE]) + Data("schema".utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] })
        let problem = RuleFileText.problem(data, fileName: "word.yaml")
        #expect(problem.line == 0 && problem.messageEN.contains("UTF-16"))
    }

    @Test func aCharacterCutShortIsPlacedAfterTheTextBeforeIt() {
        // 物 (E7 89 A9) cut after its first byte, with a byte-order mark and Chinese before it.
        let data = Data([0xEF, 0xBB, 0xBF]) + Data("a: 品\nb: ".utf8) + Data([0xE7, 0x41])
        let problem = RuleFileText.problem(data, fileName: "cut.yaml")
        #expect(problem.line == 2 && problem.column == 4, "\(problem)")
    }
}
