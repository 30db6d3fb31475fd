import Foundation
import Testing
@testable import LinliRules

/// The breakdown printed in `docs/rules-format.md` is what the shipped preset gives today: its
/// hash and line numbers went stale once when the preset grew (session 15 review).
@Suite struct RulesFormatExampleTests {
    static func document() throws -> (root: URL, text: String) {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        return (root, try String(contentsOf: root.appending(path: "docs/rules-format.md"), encoding: .utf8))
    }

    /// The golden test the document shows passes in the shipped preset: it expected 20 points,
    /// forgetting its own scarcity context, and a group copying it had its file refused (helper 160 #2).
    @Test func theDocumentedGoldenTestPassesInTheShippedPreset() throws {
        let (root, document) = try Self.document()
        let section = try #require(document.components(separatedBy: "## `tests`: golden tests").dropFirst().first)
        let block = try #require(section.components(separatedBy: "```yaml\n").dropFirst().first?.components(separatedBy: "```").first)
        let entries = try #require(block.components(separatedBy: "tests:\n").dropFirst().first)
        let preset = try String(contentsOf: root.appending(path: "rules/default.yaml"), encoding: .utf8)
        let testsLine = try #require(preset.range(of: "\ntests:"))
        let lineEnd = try #require(preset[testsLine.upperBound...].firstIndex(of: "\n"))
        let text = String(preset[...lineEnd]) + entries + String(preset[preset.index(after: lineEnd)...])
        let report = RuleSetCompiler.check(text, fileName: "default.yaml")
        #expect(report.errors.isEmpty, "\(report.errors.map(\.messageEN))")
        #expect(entries.contains("expect_points"), "the example was found: \(entries)")
    }

    @Test func theDocumentedBreakdownIsTheShippedPresets() throws {
        let (_, document) = try Self.document()
        let section = try #require(document.components(separatedBy: "## The breakdown").dropFirst().first)
        let block = try #require(section.components(separatedBy: "```").dropFirst().first)
        let rules = try RulePresets.compiled(named: "default")
        let shanghai = TimeZone(identifier: "Asia/Shanghai")!
        func local(_ text: String) -> Date {
            let formatter = DateFormatter()
            formatter.timeZone = shanghai
            formatter.dateFormat = "yyyy-MM-dd HH:mm"
            return formatter.date(from: text)!
        }
        // Two hours of daily care on a Friday from 21:00, as the document says.
        let input = ValuationInput(
            kind: .time, category: "daily_care", start: local("2026-03-13 21:00"), end: local("2026-03-13 23:00"), intensity: .moderate)
        let valuation = try rules.valuate(input, in: ValuationContext(valuedAt: local("2026-03-13 12:00")))
        let expected = ValuationExplainer.text(valuation, language: .en, fileName: "default.yaml") + "\n\n"
            + ValuationExplainer.text(valuation, language: .zh, fileName: "default.yaml")
        #expect(block.trimmingCharacters(in: .whitespacesAndNewlines) == expected.trimmingCharacters(in: .whitespacesAndNewlines))
    }
}
