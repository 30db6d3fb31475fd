import Foundation
import Testing
@testable import LinliRules

/// Every diagnostic code, each with the exact line:column it must cite. Each case mutates the
/// fixture and names the token the diagnostic must point at; `at` is searched in the mutated text.
@Suite struct DiagnosticTests {
    struct Case: CustomTestStringConvertible, Sendable {
        var code: RuleDiagnosticCode
        var text: String
        /// The token the diagnostic points at (unique in `text`), or nil for the whole file (0:0).
        var at: String?
        var severity: RuleDiagnosticSeverity = .error
        /// Columns from the start of `at` to the cited token.
        var offset = 0
        var testDescription: String { code.rawValue }
    }

    static let cases: [Case] = [
        Case(code: .unknownKey, text: RuleFixture.replacing(line: 30, with: #"    item: { rat: "0.10", minimum: "1" }"#), at: "rat:"),
        // Session 22 review: a floor beside a depreciation table was accepted and never applied.
        Case(code: .unknownKey, text: RuleFixture.inserting(#"        floor: "0.50""#, after: 39), at: #"floor: "0.50""#),
        Case(code: .missingKey, text: RuleFixture.replacing(line: 2, with: "# community removed"), at: "schema:"),
        // Session 16 review: a window with no day was dropped without a word.
        Case(code: .missingKey, text: RuleFixture.replacing(line: 55, with: #"      - { name: weekend, days: [], from: "06:00", to: "22:00", factor: "1.25" }"#), at: "[]"),
        // Session 21 review: a key written without a value read as absent, and an empty list as
        // none: the depreciation step, a category's weight and the credit levels fell away or
        // back to their defaults without a word.
        Case(code: .missingKey, text: RuleFixture.replacing(line: 36, with: "    half_life_months:"), at: "half_life_months:"),
        Case(code: .missingKey, text: RuleFixture.replacing(line: 63, with: "    weights: { care: }"), at: "care: }"),
        Case(code: .missingKey, text: RuleFixture.replacing(line: 36, with: "    half_life_months: ~"), at: "half_life_months: ~"),
        Case(code: .nullSpelling, text: RuleFixture.replacing(line: 13, with: "    name_zh: NULL"), at: "name_zh: NULL", severity: .warning, offset: 9),
        // Helper 160 #8: a list item spelled as null was the text "null" without a word.
        Case(code: .nullSpelling, text: RuleFixture.text + "review:\n  hotwords: [代购, ~]\n", at: "~]", severity: .warning),
        Case(code: .missingKey, text: RuleFixture.text + "credit_score:\n  levels: []\n", at: "[]"),
        Case(code: .unquotedDecimal, text: RuleFixture.replacing(line: 30, with: #"    item: { rate: 0.10, minimum: "1" }"#), at: "0.10"),
        Case(code: .invalidDecimal, text: RuleFixture.replacing(line: 30, with: #"    item: { rate: "0.12345", minimum: "1" }"#), at: #""0.12345""#),
        Case(code: .ambiguousBoolean, text: RuleFixture.replacing(line: 13, with: "    name_zh: no"), at: "name_zh: no", offset: 9),
        Case(code: .wrongType, text: RuleFixture.replacing(line: 36, with: #"    half_life_months: "12""#), at: #"half_life_months: "12""#, offset: 18),
        Case(code: .invalidInteger, text: RuleFixture.replacing(line: 36, with: "    half_life_months: 012"), at: "012"),
        Case(code: .outOfRange, text: RuleFixture.replacing(line: 36, with: "    half_life_months: 0"), at: "half_life_months: 0", offset: 18),
        Case(code: .invalidEnum, text: RuleFixture.replacing(line: 15, with: "    kinds: [itm]"), at: "itm"),
        Case(code: .invalidDate, text: RuleFixture.replacing(line: 10, with: #"holidays: ["2026-02-30"]"#), at: #""2026-02-30""#),
        // Helper 129: a plain date is a date object to YAML 1.1 readers (a warning: stored files keep compiling).
        Case(code: .unquotedDate, text: RuleFixture.replacing(line: 10, with: "holidays: [2026-05-01]"), at: "2026-05-01", severity: .warning),
        Case(code: .unquotedDate, text: RuleFixture.replacing(line: 5, with: "effective_from: 2026-03-01"), at: "2026-03-01", severity: .warning),
        // Helper 129: a number too long to hold was "not a whole number" / "more than 4 decimals".
        Case(code: .outOfRange, text: RuleFixture.replacing(line: 36, with: "    half_life_months: 99999999999999999999"), at: "99999999999999999999"),
        Case(code: .outOfRange, text: RuleFixture.replacing(line: 30, with: #"    item: { rate: "99999999999999.5", minimum: "1" }"#),
             at: #""99999999999999.5""#),
        Case(code: .invalidTime, text: RuleFixture.replacing(line: 55, with: #"      - { name: weekend, days: [sat, sun], from: 06:00, to: "22:00", factor: "1.25" }"#), at: " 06:00,"),
        // Session 27 review: a misspelled category in a test's scarcity context made the test run
        // without scarcity; a category's min_credit_level above every level shut it for ever.
        Case(code: .unknownCategory, text: RuleFixture.inserting("    context: { scarcity: { gods: { demand: 6, supply: 2 } } }", after: 71), at: "gods:"),
        Case(code: .thresholdOrder, text: RuleFixture.inserting("    min_credit_level: 5", after: 16), at: "id: care"),
        // Helper 129: more photos required than any listing may carry shut the category for ever.
        Case(code: .thresholdOrder, text: RuleFixture.inserting("    min_photos: 2", after: 12) + "listing:\n  max_photos: 1\n", at: "id: goods"),
        // Session 28 review: a base at the maximum leaves no room for a rater's standing.
        Case(code: .clampOrder, text: RuleFixture.text + "credit_score:\n  base: \"100\"\n", at: #"base: "100""#, severity: .warning, offset: 6),
        // Session 30: a per-counterparty cap of 0 would make no exchange count.
        Case(code: .outOfRange, text: RuleFixture.text + "credit_score:\n  completed_exchange_per_counterparty_cap: 0\n",
             at: "completed_exchange_per_counterparty_cap: 0", offset: 41),
        // Session 27 note: the same for the level that skips review.
        Case(code: .thresholdOrder, text: RuleFixture.text + "review:\n  trusted_auto_publish: { enabled: true, min_credit_level: 9 }\n",
             at: "min_credit_level: 9", severity: .warning, offset: 18),
        // Helper 160 #6: warnings for what a file may say but surely does not mean.
        Case(code: .weightSign, text: RuleFixture.text + "credit_score:\n  weights:\n    no_show: \"5\"\n",
             at: #"no_show: "5""#, severity: .warning, offset: 9),
        Case(code: .thresholdOrder,
             text: RuleFixture.text + "credit_score:\n  levels:\n    - { level: 1, min_score: \"0\" }\n    - { level: 2, min_score: \"150\" }\n",
             at: #""150""#, severity: .warning),
        Case(code: .nameNotOneLine,
             text: RuleFixture.text.replacingOccurrences(of: "name_zh: 照料", with: "name_zh: \"照\\n料\""),
             at: #""照\n料""#, severity: .warning),
        Case(code: .entryNeverUsed,
             text: RuleFixture.text.replacingOccurrences(of: "  by_category:\n      staples:", with: "  by_category:\n      care:"),
             at: "      care:", severity: .warning),
        Case(code: .goldenTestInputIgnored,
             text: RuleFixture.text.replacingOccurrences(
                of: "    expect_points: 10\n",
                with: "    expect_points: 10\n  - name: night\n    input: { kind: time, category: care, start: \"2026-03-02 22:00\", duration_minutes: 60, intensity: light }\n    expect_points: 12\n"),
             at: #"start: "2026-03-02 22:00""#, severity: .warning, offset: 7),
        // Signed numbers are not times or dates (session 27 review: `Int("+6")` is 6).
        Case(code: .invalidTime, text: RuleFixture.replacing(line: 55, with: #"      - { name: weekend, days: [sat, sun], from: "+6:00", to: "22:00", factor: "1.25" }"#), at: #""+6:00""#),
        Case(code: .invalidDate, text: RuleFixture.replacing(line: 10, with: #"holidays: ["2026-+5-01"]"#), at: #""2026-+5-01""#),
        Case(code: .invalidTimezone, text: RuleFixture.replacing(line: 6, with: "timezone: Mars/Olympus"), at: "Mars/Olympus"),
        Case(code: .unsupportedSchema, text: RuleFixture.replacing(line: 1, with: "schema: linli.rules/v9"), at: "linli.rules/v9"),
        Case(code: .duplicateEntry, text: RuleFixture.replacing(line: 24, with: "  - id:   goods"), at: "  goods"),
        // The repeat is cited, not the first occurrence (session-17 organizer walk).
        Case(code: .duplicateKey, text: RuleFixture.inserting("version: 3", after: 3), at: "version: 3"),
        Case(code: .duplicateKey, text: RuleFixture.inserting("    name_en: Things", after: 14), at: "name_en: Things"),
        // Session 16 review: the same key written plain and quoted (`2` and `"2"`) passed as two.
        Case(code: .duplicateKey, text: RuleFixture.text + "\n7: a\n\"7\": b\n", at: #""7": b"#),
        // Helper 115: in a flow mapping, or written `key :`, the first occurrence was cited.
        Case(code: .duplicateKey,
             text: RuleFixture.text.replacingOccurrences(of: #"worn: "0.35", "#, with: #"worn: "0.35", good: "2", "#), at: #"good: "2""#),
        Case(code: .duplicateKey, text: RuleFixture.text + "\nzzz: a\nzzz : b\n", at: "zzz : b"),
        Case(code: .anchorNotAllowed, text: RuleFixture.replacing(line: 30, with: #"    item: &base { rate: "0.10", minimum: "1" }"#), at: "&base"),
        Case(code: .mergeKeyNotAllowed, text: RuleFixture.replacing(line: 31, with: #"    time: { <<: { per_hour: "10" }, per_hour: "10" }"#), at: "<<"),
        Case(code: .tagNotAllowed, text: RuleFixture.replacing(line: 30, with: #"    item: { rate: !!float 0.10, minimum: "1" }"#), at: "!!float"),
        // An unclosed bracket or quote is cited where it opened, not where libyaml noticed
        // (session-17 organizer walk: an unclosed quote was reported 89 lines further down).
        Case(code: .yamlSyntax, text: RuleFixture.replacing(line: 30, with: #"    item: { rate: "0.10", minimum: "1""#), at: #"{ rate: "0.10", minimum: "1""#),
        Case(code: .yamlSyntax, text: RuleFixture.replacing(line: 13, with: #"    name_zh: "物品"#), at: #""物品"#),
        Case(code: .yamlSyntax, text: RuleFixture.replacing(line: 13, with: #"    name_zh: [物品"#), at: "[物品"),
        // Helper 121: characters that look like YAML's own are cited where they are, not where
        // libyaml stopped (a full-width colon on line 44 was reported at 45:5).
        Case(code: .yamlSyntax, text: RuleFixture.replacing(line: 44, with: "    min_events\u{FF1A}4"), at: "\u{FF1A}4"),
        Case(code: .yamlSyntax, text: RuleFixture.replacing(line: 13, with: "\u{3000}   name_zh: 物品"), at: "\u{3000}"),
        Case(code: .yamlSyntax, text: RuleFixture.replacing(line: 12, with: "    name_zh:\u{00A0}物品x"), at: "\u{00A0}"),
        Case(code: .yamlSyntax, text: RuleFixture.replacing(line: 13, with: "\tname_zh: 物品"), at: "\tname_zh"),
        Case(code: .unquotedDecimal, text: RuleFixture.replacing(line: 30, with: "    item: { rate: \u{201C}0.10\u{201D}, minimum: \"1\" }"), at: "\u{201C}0.10"),
        Case(code: .emptyDocument, text: "# nothing but a comment\n", at: nil),
        Case(code: .unknownCategory, text: RuleFixture.replacing(line: 50, with: "    exempt_categories: [stapels]"), at: "stapels"),
        // Helper 138: a test naming a category the file lacks was "cannot be valued" at its name.
        Case(code: .unknownCategory, text: RuleFixture.text.replacingOccurrences(of: "category: goods, declared_cost: \"100\", age_months: 0, condition: new", with: "category: book, declared_cost: \"100\", age_months: 0, condition: new"), at: "book,"),
        Case(code: .kindNotApplicable, text: RuleFixture.inserting("    kinds: [ time ]", after: 33), at: " time ]"),
        Case(code: .curveNotMonotone, text: RuleFixture.replacing(line: 48, with: #"      - { ratio: "3", factor: "0.95" }"#), at: #""0.95""#),
        Case(code: .clampOrder, text: RuleFixture.replacing(line: 49, with: #"    clamp: { min: "1.30", max: "0.90" }"#), at: #"max: "0.90""#, offset: 5),
        Case(code: .capOrder, text: RuleFixture.replacing(line: 65, with: #"    item: { minimum: "400", maximum: "300" }"#), at: #""300""#),
        Case(code: .slotUnreachable, text: RuleFixture.inserting(#"      - { name: late, days: [mon], from: "23:00", to: "23:30", factor: "1.10" }"#, after: 54), at: "{ name: late"),
        Case(code: .emptyWindow, text: RuleFixture.replacing(line: 55, with: #"      - { name: weekend, days: [sat, sun], from: "06:00", to: "06:00", factor: "1.25" }"#), at: "{ name: weekend"),
        Case(code: .supersedesOrder, text: RuleFixture.replacing(line: 4, with: "supersedes: 2"), at: "supersedes: 2", offset: 12),
        Case(code: .thresholdOrder, text: RuleFixture.text + "ledger:\n  member_credit_limit: 10\n  soft_limit_warning: 20\n", at: "soft_limit_warning: 20", offset: 20),
        // Session 17 organizer walk: a reward over a daily cap was accepted and could never be granted.
        Case(code: .thresholdOrder, text: RuleFixture.text + "ledger:\n  member_daily_reward_cap: 30\n  rewards:\n    cleaning: { points: 40 }\n",
             at: "points: 40", offset: 8),
        Case(code: .thresholdOrder, text: RuleFixture.text + "ledger:\n  organizer_daily_grant_cap: 10\n  rewards:\n    cleaning: { points: 20 }\n",
             at: "points: 20", offset: 8),
        Case(code: .goldenTestFailed, text: RuleFixture.replacing(line: 71, with: "    expect_points: 11"), at: "name: kettle"),
        Case(code: .goldenTestError, text: RuleFixture.replacing(line: 70, with: #"    input: { kind: item, category: goods, declared_cost: "100", age_months: 0 }"#), at: "name: kettle"),
        Case(code: .noGoldenTests, text: RuleFixture.lines[0..<67].joined(separator: "\n") + "\n", at: "schema:", severity: .warning),
        Case(code: .worstCaseAboveCap, text: RuleFixture.text, at: #"maximum: "300""#, severity: .warning, offset: 9),
        // Helper 138: with no cap, one item could be valued at 100,000,000,000 points, "ok".
        Case(code: .worstCaseUncapped, text: RuleFixture.text.replacingOccurrences(of: #"item: { minimum: "1", maximum: "300" }"#, with: "# no item cap"), at: #"item: { rate: "0.10""#,
             severity: .warning, offset: 14),
        // Helper 114: a higher night factor listed after the holiday window gave way to it on holiday nights.
        Case(code: .slotShadowed, text: RuleFixture.text.replacingOccurrences(of: #"to: "06:00", factor: "1.50" }"#, with: #"to: "06:00", factor: "2.50" }"#),
             at: "{ name: night", severity: .warning),
        // Session 35: the shipped file listed 2026's holidays only; a version taking effect in
        // 2027 would have paid every 2027 holiday as an ordinary day without a word.
        Case(code: .holidaysYearMissing,
             text: RuleFixture.text.replacingOccurrences(of: #"effective_from: "2026-03-01 08:00""#, with: #"effective_from: "2027-01-01 00:00""#),
             at: "{ name: holiday", severity: .warning),
        // Helper 138: hotwords typed with full-width commas were one phrase no listing contains.
        Case(code: .severalWordsInOneItem, text: RuleFixture.text + "review:\n  hotwords: [刷单, 代购，微商、加微信]\n",
             at: "代购，", severity: .warning),
    ]

    /// Session 27 review (helper 84): time and skill were compared with the hourly cap only. In
    /// the fixture, time reaches its hourly cap of 40 (10 × 4.68), 480 over a 12-hour session,
    /// above `time.maximum` 100; a skill at its hourly cap of 60 is 720, above 200.
    @Test func theLongestSessionIsComparedWithTheListingCap() throws {
        let report = RuleSetCompiler.check(RuleFixture.text, fileName: "fixture.yaml")
        let warnings = report.diagnostics.filter { $0.code == .worstCaseAboveCap }
        for (needle, worst) in [(#"maximum: "100""#, "480.00"), (#"maximum: "200""#, "720.00")] {
            let place = RuleFixture.position(of: needle, in: RuleFixture.text)
            let hit = try #require(warnings.first { $0.line == place.line && $0.column == place.column + 9 }, "\(needle): \(warnings)")
            #expect(hit.messageEN.contains("reaches \(worst) for a 720-minute session"), "\(hit.messageEN)")
        }
    }

    /// Helper 115: the worst case took the curve's highest factor under the clamp's `max` but not
    /// over its `min`, so a clamp of 50–60 over a flat curve of 1 (every ratio priced fifty-fold)
    /// raised no warning. The item multiplier is fifty times the one of a clamp that lifts nothing.
    @Test func theWorstCaseCountsTheScarcityClampsMinimum() throws {
        func itemMultiplier(clampMin: String) throws -> Double {
            var text = RuleFixture.text
            for (old, new) in [
                (#"      - { ratio: "0", factor: "0.80" }"# + "\n", #"      - { ratio: "0", factor: "1" }"# + "\n"),
                (#"      - { ratio: "1", factor: "1.00" }"# + "\n", ""), (#"      - { ratio: "3", factor: "1.40" }"# + "\n", ""),
                (#"clamp: { min: "0.90", max: "1.30" }"#, #"clamp: { min: "\#(clampMin)", max: "60" }"#),
            ] {
                #expect(text.contains(old))
                text = text.replacingOccurrences(of: old, with: new)
            }
            let report = RuleSetCompiler.check(text, fileName: "fixture.yaml")
            #expect(report.isAccepted, "\(report.diagnostics)")
            let warning = try #require(report.diagnostics.first { $0.code == .worstCaseAboveCap && $0.messageEN.hasPrefix("item ") })
            let multiplier = try #require(warning.messageEN.split(separator: "×").dropFirst().first?.split(separator: " ").first)
            return try #require(Double(multiplier))
        }
        let lifted = try itemMultiplier(clampMin: "50"), plain = try itemMultiplier(clampMin: "0.5")
        #expect(lifted == plain * 50, "\(lifted) vs \(plain)")
    }

    @Test(arguments: cases)
    func diagnosticCitesExactPlace(_ testCase: Case) throws {
        let report = RuleSetCompiler.check(testCase.text, fileName: "fixture.yaml")
        let hits = report.diagnostics.filter { $0.code == testCase.code }
        let hit = try #require(hits.first, "no \(testCase.code.rawValue) in \(report.diagnostics)")
        var expected = (line: 0, column: 0)
        if let token = testCase.at {
            expected = RuleFixture.position(of: token, in: testCase.text)
            // Point at the token itself, not at leading whitespace used to make it unique.
            let leading = token.prefix { $0 == " " }.count
            expected.column += leading + testCase.offset
        }
        #expect(hit.line == expected.line && hit.column == expected.column, "\(hit)")
        #expect(hit.severity == testCase.severity)
        #expect(hit.file == "fixture.yaml")
        #expect(!hit.messageEN.isEmpty && !hit.messageZH.isEmpty && hit.messageEN != hit.messageZH)
        #expect(report.isAccepted == (testCase.severity == .warning))
    }

    /// Helper 130: `min_photos` asks only items for photos, so a time category's is no bar.
    @Test func aTimeCategorysMinPhotosIsNoBar() {
        let text = RuleFixture.inserting("    min_photos: 2", after: 16) + "listing:\n  max_photos: 1\n"
        #expect(!RuleSetCompiler.check(text, fileName: "fixture.yaml").diagnostics.contains { $0.code == .thresholdOrder })
    }

    /// Helper 129: a date in the right shape that is not one says why (no such day, a year the
    /// service does not keep), not only that it is not "YYYY-MM-DD", which it plainly is.
    @Test(arguments: [
        (#"holidays: ["2026-02-30"]"#, "2026-02 has no day 30", "2026 年 2 月没有 30 日"),
        (#"holidays: ["2026-13-01"]"#, "there is no month 13", "没有 13 月"),
        (#"effective_from: "9999-12-31 23:59""#, "the year 9999 is outside 1900…2200", "年份 9999 超出 1900…2200"),
    ])
    func aDateInTheRightShapeSaysWhyItIsNotOne(line: String, en: String, zh: String) throws {
        let text = line.hasPrefix("holidays") ? RuleFixture.replacing(line: 10, with: line) : RuleFixture.replacing(line: 5, with: line)
        let hit = try #require(RuleSetCompiler.check(text, fileName: "fixture.yaml").diagnostics.first { $0.code == .invalidDate })
        #expect(hit.messageEN.hasSuffix(en) && hit.messageZH.hasSuffix(zh), "\(hit.messageEN) / \(hit.messageZH)")
    }

    /// A file saved with Windows line breaks cites the same places (session 21 review: Swift reads
    /// `\r\n` as one character, so the scans for a repeated key and an unclosed quote saw one
    /// long line and cited 1:<column> or the first occurrence).
    @Test(arguments: cases.filter { [.duplicateKey, .yamlSyntax].contains($0.code) })
    func windowsLineBreaksCiteTheSamePlace(_ testCase: Case) throws {
        let unix = RuleSetCompiler.check(testCase.text, fileName: "fixture.yaml").diagnostics.filter { $0.code == testCase.code }
        let crlf = testCase.text.replacingOccurrences(of: "\n", with: "\r\n")
        let windows = RuleSetCompiler.check(crlf, fileName: "fixture.yaml").diagnostics.filter { $0.code == testCase.code }
        #expect(!unix.isEmpty)
        #expect(windows.map { "\($0.line):\($0.column)" } == unix.map { "\($0.line):\($0.column)" })
    }

    @Test func severalErrorsAreReportedAtOnce() {
        var text = RuleFixture.replacing(line: 30, with: #"    item: { rat: "0.10", minimum: 1 }"#)
        text = text.replacingOccurrences(of: "name_zh: 物品", with: "name_zh: yes")
        text = text.replacingOccurrences(of: "exempt_categories: [staples]", with: "exempt_categories: [bread]")
        let report = RuleSetCompiler.check(text, fileName: "fixture.yaml")
        let codes = Set(report.errors.map(\.code))
        #expect(codes.isSuperset(of: [.unknownKey, .missingKey, .unquotedDecimal, .ambiguousBoolean]))
        #expect(report.errors.count >= 4)
        // In file order.
        #expect(report.diagnostics.map(\.line) == report.diagnostics.map(\.line).sorted())
    }

    /// Helper 121: the lookalikes say what they are, in both languages.
    @Test func lookalikeCharactersAreNamed() throws {
        func message(_ text: String) throws -> RuleDiagnostic {
            try #require(RuleSetCompiler.check(text, fileName: "fixture.yaml").errors.first { $0.code == .yamlSyntax })
        }
        let colon = try message(RuleFixture.replacing(line: 44, with: "    min_events\u{FF1A}4"))
        #expect(colon.messageZH.hasPrefix("YAML 语法错误：键“min_events”后面是全角冒号“：”，YAML 需要半角冒号“:”"), "\(colon)")
        #expect(colon.messageEN.contains("full-width colon"))
        let space = try message(RuleFixture.replacing(line: 13, with: "\u{3000}   name_zh: 物品"))
        #expect(space.messageZH.contains("缩进中有全角空格（U+3000）"), "\(space)")
        let tab = try message(RuleFixture.replacing(line: 13, with: "\tname_zh: 物品"))
        #expect(tab.messageEN.contains("the indentation holds a tab"), "\(tab)")
    }

    /// Helper 138: a key without a space after its colon was reported on a later line in
    /// libyaml's words; full-width punctuation inside `{ }` as a bracket "never closed" or as an
    /// unknown key beside a missing one.
    @Test func punctuationMistakesAreNamedWhereTheyAre() throws {
        func first(_ text: String, _ code: RuleDiagnosticCode) throws -> RuleDiagnostic {
            try #require(RuleSetCompiler.check(text, fileName: "fixture.yaml").errors.first { $0.code == code })
        }
        let noSpace = try first(RuleFixture.replacing(line: 44, with: "    min_events:4"), .yamlSyntax)
        #expect((noSpace.line, noSpace.column) == (44, 16), "\(noSpace)")
        #expect(noSpace.messageZH.contains("键“min_events”的冒号后面缺少空格：请写成 min_events: 4"), "\(noSpace)")
        #expect(noSpace.messageEN.contains("write min_events: 4"))
        let comma = RuleFixture.replacing(line: 30, with: "    item: { rate: \"0.10\"\u{FF0C} minimum: \"1\" }")
        let commaHit = try first(comma, .yamlSyntax)
        #expect(commaHit.line == 30 && commaHit.column == RuleFixture.position(of: "\u{FF0C}", in: comma).column, "\(commaHit)")
        #expect(commaHit.messageZH.contains("全角逗号“，”"), "\(commaHit)")
        let colon = RuleFixture.replacing(line: 30, with: "    item: { rate\u{FF1A}\"0.10\", minimum: \"1\" }")
        let colonHit = try first(colon, .unknownKey)
        #expect(colonHit.column == RuleFixture.position(of: "\u{FF1A}", in: colon).column, "\(colonHit)")
        #expect(colonHit.messageZH.contains("“rate”后面是全角冒号“：”") && colonHit.messageEN.contains("read as one key"), "\(colonHit)")
        // A list's text with a full-width comma parses, and is not blamed for an error next to it.
        let list = RuleFixture.text + "review:\n  hotwords: [代购\u{FF0C}微商]\n  bad: [\n"
        #expect(try !first(list, .yamlSyntax).messageEN.contains("full-width"))
    }

    /// Helper 123: a full-width colon in a valid list item far above an unrelated syntax error
    /// took its place; lookalikes are looked for only next to where parsing stopped.
    @Test func aLookalikeFarFromTheErrorIsNotBlamed() throws {
        var text = RuleFixture.inserting("notes:\n  - wx\u{FF1A}加微信", after: 10)
        text = text.replacingOccurrences(of: #"item: { rate: "0.10", minimum: "1" }"#, with: #"item: { rate: "0.10, minimum: "1" }"#)
        let hit = try #require(RuleSetCompiler.check(text, fileName: "fixture.yaml").errors.first { $0.code == .yamlSyntax })
        #expect(!hit.messageEN.contains("full-width"), "\(hit)")
        #expect(hit.line == RuleFixture.position(of: #""0.10, minimum"#, in: text).line)
    }

    /// Helper 121: a suggested spelling of a decimal must itself be accepted.
    @Test(arguments: [
        ("\u{201C}0.30\u{201D}", "\"0.30\"", "typographic"), (".35", "\"0.35\"", "in quotes"), ("\"15%\"", "\"0.15\"", "not a decimal"),
        ("\"7.5%\"", "\"0.075\"", "not a decimal"), ("\"150%\"", "\"1.5\"", "not a decimal"), ("\"\u{FF10}.\u{FF15}\"", "\"0.5\"", "not a decimal"),
        // Helper 123: unquoted, and a suggestion that would itself be refused is not made.
        (".5%", "\"0.005\"", "in quotes"), ("12.345%", "\"0.85\"", "at most 4 digits"),
        // Helper 138: a decimal comma and a Chinese full stop typed for the point.
        ("\"0,55\"", "\"0.55\"", "not a decimal"), ("\"0\u{3002}55\"", "\"0.55\"", "not a decimal"),
    ])
    func aDecimalSuggestionIsAccepted(_ written: String, _ suggested: String, _ says: String) throws {
        let text = RuleFixture.replacing(line: 30, with: "    item: { rate: \(written), minimum: \"1\" }")
        let hit = try #require(RuleSetCompiler.check(text, fileName: "fixture.yaml").errors.first { $0.code == .unquotedDecimal || $0.code == .invalidDecimal })
        #expect(hit.messageEN.contains(suggested) && hit.messageEN.contains(says), "\(hit)")
        let fixed = RuleFixture.replacing(line: 30, with: "    item: { rate: \(suggested), minimum: \"1\" }")
        #expect(!RuleSetCompiler.check(fixed, fileName: "fixture.yaml").errors.contains { $0.code == .unquotedDecimal || $0.code == .invalidDecimal })
    }

    /// Helper 115: two documents in one file were "YAML 结构错误：but found another document", libyaml's
    /// words only; the message now says what is wrong, at the second document's `---`.
    @Test func aSecondDocumentIsNamed() throws {
        let text = RuleFixture.text + "---\nversion: 9\n"
        let report = RuleSetCompiler.check(text, fileName: "fixture.yaml")
        let hit = try #require(report.errors.first { $0.code == .yamlSyntax })
        #expect(hit.messageEN.contains("more than one YAML document") && hit.messageZH.contains("多个 YAML 文档"), "\(hit)")
        #expect(hit.line == RuleFixture.text.split(separator: "\n", omittingEmptySubsequences: false).count)
    }

    /// Every repeated key in the file, each at its repeat (Yams stopped at the first mapping).
    @Test func everyRepeatedKeyIsReported() throws {
        var text = RuleFixture.text.replacingOccurrences(of: #"worn: "0.35", "#, with: #"worn: "0.35", good: "2", "#)
        text += "\nzzz: a\nzzz: b\n"
        let repeats = RuleSetCompiler.check(text, fileName: "fixture.yaml").diagnostics.filter { $0.code == .duplicateKey }
        let flow = RuleFixture.position(of: #"good: "2""#, in: text), block = RuleFixture.position(of: "zzz: b", in: text)
        #expect(repeats.map { "\($0.line):\($0.column)" } == ["\(flow.line):\(flow.column)", "\(block.line):\(block.column)"])
        #expect(repeats.first?.messageEN.contains("first at line \(flow.line)") == true)
    }

    @Test func unknownKeySuggestsTheClosestKnownKey() throws {
        let report = RuleSetCompiler.check(RuleFixture.replacing(line: 36, with: "    half_lfe_months: 12"), fileName: "f.yaml")
        let hit = try #require(report.errors.first { $0.code == .unknownKey })
        #expect(hit.messageEN.contains("did you mean \"half_life_months\""))
        #expect(hit.messageZH.contains("half_life_months"))
        #expect(hit.description.hasPrefix("f.yaml:36:5: error: [rules.unknown_key]"))
    }

    @Test func fileTooLargeIsRefusedBeforeParsing() throws {
        let text = RuleFixture.text + "#" + String(repeating: "x", count: YAMLDocumentLoader.maximumBytes) + "\n"
        let report = RuleSetCompiler.check(text, fileName: "big.yaml")
        let hit = try #require(report.errors.first)
        #expect(hit.code == .fileTooLarge && hit.line == 0 && hit.column == 0)
        #expect(report.errors.count == 1)
    }

    @Test func nestingTooDeep() throws {
        var text = "a:\n"
        for depth in 1...YAMLDocumentLoader.maximumDepth { text += String(repeating: "  ", count: depth) + "k\(depth):\n" }
        text += String(repeating: "  ", count: YAMLDocumentLoader.maximumDepth + 1) + "leaf: 1\n"
        let report = RuleSetCompiler.check(text, fileName: "deep.yaml")
        let hit = try #require(report.errors.first { $0.code == .nestingTooDeep })
        // The root mapping and its key "a" are depth 1 and 2; key kN is at depth N + 2, so the first
        // node past the limit of 12 is k11.
        let expected = RuleFixture.position(of: "k\(YAMLDocumentLoader.maximumDepth - 1):", in: text)
        #expect((hit.line, hit.column) == (expected.line, expected.column))
    }

    @Test func tooManyNodes() throws {
        let count = YAMLDocumentLoader.maximumNodes + 10
        let text = "[" + Array(repeating: "1", count: count).joined(separator: ",") + "]\n"
        let report = RuleSetCompiler.check(text, fileName: "wide.yaml")
        let hit = try #require(report.errors.first { $0.code == .tooManyNodes })
        // Node 1 is the list; node n (n ≥ 2) is the item at column 2 + 2 × (n − 2).
        #expect(hit.line == 1 && hit.column == 2 + 2 * (YAMLDocumentLoader.maximumNodes + 1 - 2))
    }

    /// Helper 160 #1: 210 unquoted holiday dates (a warning each) filled the list before the
    /// error further down was reported, and the file was accepted with an unknown key. Errors are
    /// kept apart from warnings, every error refuses, and the last line counts what was left out.
    @Test func warningsPastTheLimitNeverHideAnError() throws {
        let start = DateComponents(calendar: Calendar(identifier: .gregorian), year: 2026, month: 6, day: 1).date!
        let formatter = DateFormatter()
        formatter.calendar = Calendar(identifier: .gregorian)
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyy-MM-dd"
        let dates = (0..<210).map { formatter.string(from: start.addingTimeInterval(Double($0) * 86_400 + 43_200)) }
        let text = RuleFixture.text.replacingOccurrences(of: #"holidays: ["2026-05-01"]"#, with: "holidays: [\(dates.joined(separator: ", "))]")
            + "bogus_key: 1\n"
        let report = RuleSetCompiler.check(text, fileName: "many.yaml")
        #expect(report.compiled == nil, "the unknown key refuses the file")
        #expect(report.errors.contains { $0.code == .unknownKey })
        let last = try #require(report.diagnostics.last)
        #expect(last.code == .tooManyDiagnostics && last.severity == .warning, "only warnings were left out: \(last)")
        #expect(last.messageEN.hasPrefix("0 more error(s) and "), "\(last.messageEN)")
        #expect(report.diagnostics.dropLast().filter { $0.severity == .warning }.count == DiagnosticSink.maximumDiagnostics)
        let kept = Set(report.diagnostics.filter { $0.code == .unquotedDate }.map(\.column))
        let firstLeftOut = try #require(dates.map { RuleFixture.position(of: $0, in: text) }.first { !kept.contains($0.column) })
        #expect((firstLeftOut.line, firstLeftOut.column) == (last.line, last.column), "placed at the first date left out")

        // Past 200 errors, the file is still refused and the rest counted as errors.
        let broken = RuleFixture.text + (0..<205).map { "bogus_\($0): 1\n" }.joined()
        let refused = RuleSetCompiler.check(broken, fileName: "broken.yaml")
        #expect(refused.compiled == nil)
        #expect(refused.diagnostics.last.map { $0.code == .tooManyDiagnostics && $0.severity == .error } == true)
    }

    /// Session 16 review: nested aliases used as a mapping key. Yams expanded them and hashed the
    /// key (10⁸ steps for these 375 bytes, on the single writer) before the anchors could be
    /// refused. The event pass refuses the first anchor before any node is built: at once.
    @Test func anAliasBombIsRefusedBeforeItIsExpanded() throws {
        var text = "a: &a [x, x, x, x, x, x, x, x, x, x]\n"
        let names = ["a", "b", "c", "d", "e", "f", "g", "h"]
        for (previous, name) in zip(names, names.dropFirst()) {
            text += "\(name): &\(name) [" + Array(repeating: "*\(previous)", count: 10).joined(separator: ", ") + "]\n"
        }
        text += "? *h\n: 1\n"
        // Refused by the event pass, so Yams never composes (and expands) the document.
        let sink = DiagnosticSink(file: "bomb.yaml")
        #expect(!YAMLEventPrecheck.check(text, maximumNodes: YAMLDocumentLoader.maximumNodes, maximumDepth: YAMLDocumentLoader.maximumDepth, into: sink))
        #expect(sink.diagnostics.map(\.code) == [.anchorNotAllowed])
        let report = RuleSetCompiler.check(text, fileName: "bomb.yaml")
        #expect(report.errors.map(\.code) == [.anchorNotAllowed])
        #expect((report.errors.first?.line, report.errors.first?.column) == (1, 4))
    }

    /// An alias alone (no anchor anywhere, so Yams would have failed to resolve it) is refused as
    /// an alias, where it stands.
    @Test func anAliasAloneIsRefusedWhereItStands() throws {
        let report = RuleSetCompiler.check("schema: linli.rules/v1\ncommunity: *elsewhere\n", fileName: "alias.yaml")
        #expect(report.errors.map(\.code) == [.anchorNotAllowed])
        #expect((report.errors.first?.line, report.errors.first?.column) == (2, 12))
    }

    /// Session 16 review: the tag and anchor checks looked for `!` and `&` in the text by line and
    /// column, counting lines at LF only; after another line break libyaml counts (a lone CR, NEL,
    /// U+2028) they looked at the wrong character. Now they come from libyaml's events.
    @Test(arguments: ["\r", "\u{85}", "\u{2028}"])
    func aTagIsFoundWhateverBreaksTheLines(_ lineBreak: String) throws {
        let line = #"    item: { rate: !!float 0.10, minimum: "1" }"#
        let text = RuleFixture.replacing(line: 30, with: line).replacingOccurrences(of: "\n", with: lineBreak)
        let report = RuleSetCompiler.check(text, fileName: "breaks.yaml")
        let hit = try #require(report.diagnostics.first { $0.code == .tagNotAllowed }, "\(report.diagnostics)")
        let column = line.distance(from: line.startIndex, to: line.range(of: "!!float")!.lowerBound) + 1
        #expect((hit.line, hit.column) == (30, column))
    }

    @Test func invalidUTF8IsRefused() throws {
        do {
            _ = try RuleSetCompiler.compile(data: Data([0x73, 0x63, 0xFF, 0xFE, 0x0A]), fileName: "bin.yaml")
            Issue.record("expected a failure")
        } catch {
            #expect(error.diagnostics.map(\.code) == [.notUTF8])
            // Where it stops being UTF-8 (helper 121: it was 0:0, the whole file).
            #expect(error.diagnostics[0].line == 1 && error.diagnostics[0].column == 3)
        }
    }

    /// Helper 179 #2: a control character in a valid UTF-8 file was `rules.not_utf8` at 0:0.
    @Test(arguments: [("\u{7F}", "U+007F"), ("\u{0C}", "U+000C"), ("\u{01}", "U+0001"), ("\u{1A}", "U+001A")])
    func aControlCharacterIsShownWhereItIs(character: String, name: String) throws {
        let line = "community: t" + character
        let report = RuleSetCompiler.check(RuleFixture.replacing(line: 2, with: line), fileName: "ctl.yaml")
        let hit = try #require(report.errors.first, "\(report.diagnostics)")
        #expect(hit.code == .yamlSyntax)
        #expect((hit.line, hit.column) == (2, line.unicodeScalars.count))
        #expect(hit.messageEN.contains(name) && hit.messageZH.contains(name), "\(hit.messageEN)")
    }

    @Test func yaml11BooleanWordsNeedQuotesButQuotedOnesPass() throws {
        let quoted = RuleFixture.text.replacingOccurrences(of: "name_zh: 物品", with: "name_zh: \"no\"")
        let compiled = try RuleFixture.compiled(quoted)
        #expect(compiled.ruleSet.category("goods")?.nameZH == "no")
        let bare = RuleFixture.text.replacingOccurrences(of: "name_zh: 物品", with: "name_zh: off")
        #expect(RuleSetCompiler.check(bare, fileName: "f").errors.map(\.code) == [.ambiguousBoolean])
    }

    /// Helper 138: `[代购，微商]` typed on a Chinese keyboard screened for the whole phrase, so for
    /// nothing; the words it joins are what is looked for.
    @Test func hotwordsJoinedByFullWidthCommasAreReadAsWords() throws {
        let compiled = try RuleFixture.compiled(RuleFixture.text + "review:\n  hotwords: [刷单, 代购，微商、加微信, \"转账；保健品\"]\n")
        #expect(compiled.ruleSet.review.hotwords == ["刷单", "代购", "微商", "加微信", "转账", "保健品"])
        let warning = try #require(compiled.warnings.first { $0.code == .severalWordsInOneItem })
        #expect(warning.messageZH.contains("请写成 [代购, 微商, 加微信]"))
    }

    /// A list item spelled as YAML's null is read as that text (a version in force stays as it
    /// was read), with a warning naming the item (helper 160 #8).
    @Test func nullSpelledListItemsAreReadAsTextWithAWarning() throws {
        let compiled = try RuleFixture.compiled(RuleFixture.text + "review:\n  hotwords: [代购, NULL, \"null\"]\n")
        #expect(compiled.ruleSet.review.hotwords == ["代购", "NULL", "null"])
        let warnings = compiled.warnings.filter { $0.code == .nullSpelling }
        #expect(warnings.count == 1)
        #expect(warnings.first?.messageEN.contains("review.hotwords[1] is NULL") == true)
    }

    @Test func everyCodeIsCoveredByATest() {
        let covered = Set(Self.cases.map(\.code)).union([.fileTooLarge, .notUTF8, .nestingTooDeep, .tooManyNodes, .tooManyDiagnostics])
        #expect(Set(RuleDiagnosticCode.allCases).subtracting(covered).isEmpty,
                "untested: \(Set(RuleDiagnosticCode.allCases).subtracting(covered).map(\.rawValue))")
    }

    /// Session 30 walk: an empty file was reported at `candidate.yaml:0:0`, a place that is not
    /// one; a finding about the whole file names the file alone.
    @Test func aFindingAboutTheWholeFileNamesTheFileAlone() {
        let report = RuleSetCompiler.check("", fileName: "candidate.yaml")
        let diagnostic = report.diagnostics.first
        #expect(diagnostic?.code == .emptyDocument)
        #expect(diagnostic?.location == "candidate.yaml")
        #expect(diagnostic?.rendered(in: .en).hasPrefix("candidate.yaml: error:") == true, "\(diagnostic?.rendered(in: .en) ?? "")")
    }
}
