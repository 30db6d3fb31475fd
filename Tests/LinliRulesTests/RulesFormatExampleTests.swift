import Foundation
import Testing
@testable import LinliRules

/// The breakdown printed in `docs/rules-format.md` is what the shipped preset gives today: its
/// hash and line numbers went stale once when the preset grew (session 15 review).
@Suite struct RulesFormatExampleTests {
    @Test func theDocumentedBreakdownIsTheShippedPresets() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let document = try String(contentsOf: root.appending(path: "docs/rules-format.md"), encoding: .utf8)
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
