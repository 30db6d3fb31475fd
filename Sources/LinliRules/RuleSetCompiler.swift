import Crypto
import Foundation

/// The one entry point from rule-file text to a usable rule set: read → check → compile → run the
/// file's golden tests. A file is accepted only if all of that succeeds; every error found on the
/// way is reported together.
public enum RuleSetCompiler {
    /// Compiles or throws every diagnostic. Warnings of an accepted file are on the result.
    public static func compile(_ text: String, fileName: String) throws(RuleCheckFailure) -> CompiledRuleSet {
        let report = check(text, fileName: fileName)
        guard let compiled = report.compiled else { throw RuleCheckFailure(diagnostics: report.diagnostics) }
        return compiled
    }

    /// Compiles exact file bytes (the content hash is over these bytes, without a leading
    /// byte-order mark: `RuleFileText`). Non-UTF-8 is refused.
    public static func compile(data: Data, fileName: String) throws(RuleCheckFailure) -> CompiledRuleSet {
        guard let text = RuleFileText.decode(data) else {
            throw RuleCheckFailure(diagnostics: [RuleFileText.problem(data, fileName: fileName)])
        }
        return try compile(text, fileName: fileName)
    }

    /// Checks without throwing: every diagnostic, and the compiled set when there was no error.
    public static func check(_ text: String, fileName: String) -> RuleCheckReport {
        let sink = DiagnosticSink(file: fileName)
        guard let root = YAMLDocumentLoader.load(text, into: sink),
              let parsed = RuleFileParser(sink: sink).parse(root, contentHash: contentHash(of: text)) else {
            return RuleCheckReport(diagnostics: sink.sorted, compiled: nil)
        }
        RuleSetValidator(sink: sink).validate(parsed.valuation, parsed.ruleSet)
        guard !sink.hasErrors else { return RuleCheckReport(diagnostics: sink.sorted, compiled: nil) }
        let program = ValuationProgram(rules: parsed.valuation, ruleSet: parsed.ruleSet, clock: parsed.clock)
        let holidayWindows = parsed.valuation.timeSlots?.windows.filter { $0.days & TimeWindow.holidayBit != 0 }.map(\.name) ?? []
        var compiled = CompiledRuleSet(ruleSet: parsed.ruleSet, program: program, warnings: [], holidayWindows: holidayWindows)
        runGoldenTests(parsed.tests, on: compiled, testsLocation: parsed.testsLocation, sink: sink)
        guard !sink.hasErrors else { return RuleCheckReport(diagnostics: sink.sorted, compiled: nil) }
        compiled = CompiledRuleSet(
            ruleSet: parsed.ruleSet, program: program, warnings: sink.sorted, holidayWindows: holidayWindows,
            valuationValues: ValuationSourceValues.values(of: root))
        return RuleCheckReport(diagnostics: sink.sorted, compiled: compiled)
    }

    /// Lower-case hex SHA-256 of the UTF-8 bytes of `text`.
    public static func contentHash(of text: String) -> String {
        SHA256.hash(data: Data(text.utf8)).map { byte in
            let hex = String(byte, radix: 16)
            return byte < 16 ? "0" + hex : hex
        }.joined()
    }

    private static func runGoldenTests(_ tests: [GoldenTest], on compiled: CompiledRuleSet, testsLocation: SourceLocation, sink: DiagnosticSink) {
        if tests.isEmpty {
            sink.report(.noGoldenTests, at: testsLocation, severity: .warning,
                        en: "the file has no golden tests; add tests: with expected points so changes are caught",
                        zh: "文件没有黄金测试；请在 tests: 中写出输入和期望积分，以便发现意外变化")
        }
        for test in tests {
            do {
                let points = try compiled.points(for: test.input, in: test.context)
                if points != test.expectedPoints {
                    sink.report(.goldenTestFailed, at: test.location,
                                en: "golden test \"\(test.name)\" expects \(test.expectedPoints) points, the rules give \(points)",
                                zh: "黄金测试“\(test.name)”期望 \(test.expectedPoints) 积分，实际计算为 \(points)")
                }
            } catch where error.code == .unknownCategory {
                // Named where it is written, with the nearest id (helper 138: "cannot be valued:
                // the category is not defined", at the test's `name:` line, without the id).
                RuleSetValidator.checkCategory(
                    Located(test.input.category, at: test.categoryLocation), in: "tests[] “\(test.name)” input.category",
                    known: Set(compiled.ruleSet.categories.map(\.id)), sink: sink)
            } catch {
                sink.report(.goldenTestError, at: test.location,
                            en: "golden test \"\(test.name)\" cannot be valued: \(error.messageEN)",
                            zh: "黄金测试“\(test.name)”无法计算：\(error.messageZH)")
            }
        }
    }
}
