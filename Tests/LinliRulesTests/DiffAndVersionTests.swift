import Foundation
import Testing
@testable import LinliRules

@Suite struct DiffTests {
    let current: CompiledRuleSet
    let candidate: CompiledRuleSet

    init() throws {
        current = try RuleFixture.compiled()
        // Candidate: version 3, items at 0.12 per yuan (+20%), heavy work ×1.80, care weight unchanged,
        // the staples category removed (its listings cannot be valued any more).
        var text = RuleFixture.text
            .replacingOccurrences(of: "version: 2", with: "version: 3")
            .replacingOccurrences(of: "supersedes: 1", with: "supersedes: 2")
            .replacingOccurrences(of: #"rate: "0.10""#, with: #"rate: "0.12""#)
            .replacingOccurrences(of: #"heavy: "1.50""#, with: #"heavy: "1.80""#)
            .replacingOccurrences(of: "expect_points: 10", with: "expect_points: 12")
        text = text.replacingOccurrences(of: "  - id: staples\n    name_zh: 必需品\n    name_en: Staples\n    kinds: [item]\n", with: "")
        text = text.replacingOccurrences(of: "    by_category:\n      staples:\n        table:\n          - { up_to_months: 6, factor: \"1.00\" }\n          - { up_to_months: 24, factor: \"0.80\" }\n", with: "")
        text = text.replacingOccurrences(of: "exempt_categories: [staples]", with: "exempt_categories: []")
        candidate = try RuleFixture.compiled(text)
    }

    @Test func reportCountsMoversAndCaps() throws {
        let listings = [
            DiffListing(id: "kettle", input: RuleFixture.item("100")),               // 10 → 12
            DiffListing(id: "sofa", input: RuleFixture.item("2600")),                // 260 → 312 → cap 300
            DiffListing(id: "piano", input: RuleFixture.item("9000")),               // 300 → 300 (capped both)
            DiffListing(id: "chat", input: RuleFixture.care(minutes: 60)),           // 12 → 12
            DiffListing(id: "move", input: RuleFixture.care(minutes: 120, intensity: .heavy)),  // 36 → 43.2 → 43
            DiffListing(id: "rice", input: RuleFixture.item("50", category: "staples")),        // fails under candidate
        ]
        let report = RuleSetDiff.compare(current: current, candidate: candidate, listings: listings, context: RuleFixture.context)
        #expect(report.total == 6)
        #expect(report.up == 3 && report.down == 0 && report.unchanged == 2)
        #expect(report.failures.map(\.listingID) == ["rice"])
        #expect(report.failures.first?.code == "valuation.unknown_category")
        #expect(report.failures.first?.underCandidate == true)
        #expect(report.pointsBefore == 10 + 260 + 300 + 12 + 36)
        #expect(report.pointsAfter == 12 + 300 + 300 + 12 + 43)
        #expect(report.topMovers.map(\.listingID) == ["sofa", "move", "kettle"])
        #expect(report.topMovers.map(\.delta) == [40, 7, 2])
        #expect(report.topMovers.map(\.drivenBy) == [.base, .intensity, .base])
        #expect(report.newlyCapped.map(\.listingID) == ["sofa"])
        #expect(report.newlyCapped.first?.cap == .maximum)
        #expect(report.drivers == [.init(step: .base, count: 2), .init(step: .intensity, count: 1)])
        let bands = Dictionary(uniqueKeysWithValues: report.distribution.map { ($0.label, $0.count) })
        #expect(bands["0%"] == 2)
        #expect(bands["20%…50%"] == 1)   // kettle +20%
        #expect(bands["5%…20%"] == 2)    // sofa +15.4%, move +19.4%
        #expect(report.distribution.map(\.count).reduce(0, +) == 5)
        #expect(report.currentVersion == 2 && report.candidateVersion == 3)
    }

    /// Helper 121: the report compared the two files on today's demand and supply only, and said
    /// "unchanged" for listings whose stored points a revaluation then moved. Listings carrying
    /// their stored points are also compared from those.
    @Test func listingsWithStoredPointsAreComparedFromThemToo() throws {
        let listings = [
            DiffListing(id: "kettle", input: RuleFixture.item("100"), stored: 9),     // stored 9; 10 → 12
            DiffListing(id: "chat", input: RuleFixture.care(minutes: 60), stored: 14), // stored 14; 12 → 12
            DiffListing(id: "same", input: RuleFixture.care(minutes: 60), stored: 12), // 12 → 12
            DiffListing(id: "rice", input: RuleFixture.item("50", category: "staples"), stored: 5),  // fails under candidate
        ]
        let report = RuleSetDiff.compare(current: current, candidate: candidate, listings: listings, context: RuleFixture.context)
        #expect(report.up == 1 && report.unchanged == 2)
        let stored = try #require(report.fromStored)
        #expect(stored.up == 1 && stored.down == 1 && stored.unchanged == 1)
        #expect(stored.pointsStored == 9 + 14 + 12 && stored.pointsAfter == 12 + 12 + 12)
        #expect(stored.topMovers.map(\.listingID) == ["kettle", "chat"])
        #expect(stored.topMovers.map(\.delta) == [3, -2])
        let bare = RuleSetDiff.compare(
            current: current, candidate: candidate, listings: [DiffListing(id: "kettle", input: RuleFixture.item("100"))], context: RuleFixture.context)
        #expect(bare.fromStored == nil, "a listings file carries no stored points")
    }

    /// Helper 123: a listing the rules in force cannot value (a category they dropped) is still
    /// compared from its stored points when the candidate values it, and one already stored under
    /// the candidate (which a revaluation leaves alone) is not counted as moving.
    @Test func storedComparisonFollowsWhatARevaluationDoes() throws {
        let listings = [
            DiffListing(id: "rice", input: RuleFixture.item("50", category: "staples"), stored: 3),
            DiffListing(id: "done", input: RuleFixture.item("100"), stored: 7, storedHash: current.header.contentHash),
        ]
        // The file without staples is in force; the fixture, which has it, is the candidate.
        let report = RuleSetDiff.compare(current: candidate, candidate: current, listings: listings, context: RuleFixture.context)
        #expect(report.failures.map(\.listingID) == ["rice"] && report.failures.first?.underCandidate == false)
        let stored = try #require(report.fromStored)
        #expect(stored.topMovers.map(\.listingID) == ["rice"], "\(stored)")
        #expect(stored.up + stored.down + stored.unchanged == 1)
    }

    /// Helper 121: a change of rounding mode alone was put down to `base`.
    @Test func aRoundingChangeIsDrivenByRounding() throws {
        let halfUp = try RuleFixture.compiled(
            RuleFixture.text.replacingOccurrences(of: "timezone: Asia/Shanghai\n", with: "timezone: Asia/Shanghai\nrounding: half_up\n"))
        let report = RuleSetDiff.compare(
            current: current, candidate: halfUp, listings: [DiffListing(id: "pot", input: RuleFixture.item("25"))], context: RuleFixture.context)
        #expect(report.topMovers.map(\.before) == [2] && report.topMovers.map(\.after) == [3])
        #expect(report.topMovers.map(\.drivenBy) == [.round])
    }

    @Test(arguments: [
        (100, 100, 4), (100, 40, 0), (100, 50, 0), (100, 51, 1), (100, 80, 1), (100, 81, 2), (100, 95, 2),
        (100, 96, 3), (100, 101, 5), (100, 105, 6), (100, 120, 7), (100, 149, 7), (100, 150, 8), (0, 3, 8),
    ])
    func bands(before: Int, after: Int, band: Int) {
        #expect(RuleSetDiff.band(before: before, after: after) == band)
    }

    @Test func reportIsCodable() throws {
        let report = RuleSetDiff.compare(current: current, candidate: candidate,
                                         listings: [DiffListing(id: "a", input: RuleFixture.item("100"))], context: RuleFixture.context)
        let data = try JSONEncoder().encode(report)
        #expect(try JSONDecoder().decode(RuleSetDiffReport.self, from: data) == report)
    }
}

@Suite struct ActiveVersionTests {
    func header(_ version: Int, _ from: String) -> RuleSetHeader {
        RuleSetHeader(schema: "linli.rules/v1", community: "c", version: version, supersedes: version > 1 ? version - 1 : nil,
                      effectiveFrom: RuleFixture.local(from), effectiveFromLocal: from, timezone: "Asia/Shanghai",
                      adoptedBy: "g", adoptedAt: "t", contentHash: String(repeating: "\(version)", count: 64))
    }

    @Test(arguments: [
        ("2025-12-31 23:59", nil),   // before the first version
        ("2026-01-01 00:00", 1),     // windows are half-open: start included
        ("2026-02-28 23:59", 1),
        ("2026-03-01 00:00", 3),     // v2 and v3 start together: the higher version wins
        ("2026-06-30 23:59", 3),
        ("2026-07-01 00:00", 4),
        ("2027-01-01 00:00", 4),     // v5 is not effective yet… (see next)
    ] as [(String, Int?)])
    func activeVersion(now: String, expected: Int?) {
        let headers = [header(4, "2026-07-01 00:00"), header(1, "2026-01-01 00:00"), header(2, "2026-03-01 00:00"),
                       header(3, "2026-03-01 00:00"), header(5, "2027-06-01 00:00")]
        #expect(ActiveRuleSetSelector.active(among: headers, at: RuleFixture.local(now))?.version == expected)
    }

    @Test func nextScheduledVersion() {
        let headers = [header(1, "2026-01-01 00:00"), header(2, "2026-03-01 00:00")]
        #expect(ActiveRuleSetSelector.next(among: headers, after: RuleFixture.local("2026-02-01 00:00"))?.version == 2)
        #expect(ActiveRuleSetSelector.next(among: headers, after: RuleFixture.local("2026-03-01 00:00")) == nil)
    }

    @Test func effectiveFromIsReadInTheFileTimeZone() throws {
        let compiled = try RuleFixture.compiled()
        // "2026-03-01 08:00" in Asia/Shanghai is 00:00 UTC.
        #expect(compiled.header.effectiveFrom == Date(timeIntervalSince1970: 1_772_323_200))
        #expect(compiled.header.effectiveFromLocal == "2026-03-01 08:00")
        #expect(compiled.header.supersedes == 1)
        #expect(compiled.header.adoptedBy == "tester")
    }

    @Test func contentHashIsOverExactBytes() throws {
        let a = try RuleFixture.compiled()
        let b = try RuleFixture.compiled(RuleFixture.text + "# a trailing comment changes the identity\n")
        #expect(a.header.contentHash != b.header.contentHash)
        #expect(a.header.contentHash == RuleSetCompiler.contentHash(of: RuleFixture.text))
        // Known SHA-256 of "abc".
        #expect(RuleSetCompiler.contentHash(of: "abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    }
}

@Suite struct ArithmeticTests {
    @Test(arguments: [
        ("0", 0), ("1", 10_000), ("0.85", 8_500), ("12.3456", 123_456), ("-2.5", -25_000), ("1000000000", 10_000_000_000_000),
    ] as [(String, Int64)])
    func parsesDecimals(text: String, units: Int64) {
        #expect(RuleDecimal(parsing: text)?.units == units)
    }

    @Test(arguments: ["", ".5", "5.", "1.23456", "1e3", " 1", "1,5", "--1", "0x10", "1000000001", "１"])
    func rejectsMalformedDecimals(text: String) {
        #expect(RuleDecimal(parsing: text) == nil)
    }

    @Test(arguments: [
        ("0.85", "0.85"), ("12", "12.00"), ("1.0625", "1.0625"), ("-0.5", "-0.50"), ("0.125", "0.125"), ("-3.001", "-3.001"),
        ("0.0005", "0.0005"), ("0.0100", "0.01"), ("0.1230", "0.123"), ("1000000000", "1000000000.00"), ("-0", "0.00"), ("7.4", "7.40"),
    ])
    func canonicalText(text: String, canonical: String) {
        #expect(RuleDecimal(parsing: text)?.description == canonical)
    }

    @Test func fractionsAreReduced() {
        #expect(Fraction(RuleDecimal(parsing: "0.85")!) == Fraction(numerator: 17, denominator: 20))
        #expect(Fraction(RuleDecimal(parsing: "1.20")!) == Fraction(numerator: 6, denominator: 5))
    }

    @Test func overflowFallsBackToReduction() {
        var value = ExactValue(numerator: 1, denominator: 1)
        // 2^60 / 2^60 repeatedly: each product overflows unless reduced.
        for _ in 0..<10 {
            let ok = value.multiply(numerator: 1 << 60, denominator: 1 << 60)
            #expect(ok)
        }
        #expect(value.rounded(.halfEven) == 1)
    }

    @Test(arguments: [("2024-02-29", 19_782), ("1970-01-01", 0), ("2026-03-02", 20_514)] as [(String, Int)])
    func civilDays(text: String, days: Int) {
        let date = LocalDate(parsing: text)!
        #expect(date.daysSinceEpoch == days)
        #expect(LocalDate(daysSinceEpoch: days) == date)
    }

    @Test func wholeMonths() {
        let bought = LocalDate(parsing: "2024-03-15")!
        #expect(bought.wholeMonths(until: LocalDate(parsing: "2026-03-10")!) == 23)
        #expect(bought.wholeMonths(until: LocalDate(parsing: "2026-03-15")!) == 24)
        #expect(bought.wholeMonths(until: LocalDate(parsing: "2020-01-01")!) == 0)
    }
}

@Suite struct TimeZoneAndInputTests {
    @Test func effectiveFromFollowsDaylightSaving() throws {
        let summer = RuleFixture.text.replacingOccurrences(of: "timezone: Asia/Shanghai", with: "timezone: Europe/Berlin")
            .replacingOccurrences(of: "effective_from: \"2026-03-01 08:00\"", with: "effective_from: \"2026-07-01 00:00\"")
        // Berlin is UTC+2 in July: local midnight is 22:00 UTC the day before.
        #expect(try RuleFixture.compiled(summer).header.effectiveFrom == Date(timeIntervalSince1970: 1_782_856_800))
    }

    @Test func valuationInputDecodesFromAPIJSON() throws {
        let json = """
        {"kind":"time","category":"care","start":"2026-03-02T02:00:00Z","end":"2026-03-02T04:00:00Z","intensity":"light"}
        """
        let input = try JSONDecoder.iso8601.decode(ValuationInput.self, from: Data(json.utf8))
        #expect(input.direction == .offer && input.quantity == 1)
        // 10:00–12:00 in Shanghai on a Monday: 20 × 1.00 × 1.20 = 24
        #expect(try RuleFixture.compiled().points(for: input, in: RuleFixture.context) == 24)
        let item = try JSONDecoder().decode(ValuationInput.self, from: Data(#"{"kind":"item","category":"goods","declared_cost":"12.5","purchase_date":"2025-01-31","condition":"good"}"#.utf8))
        #expect(item.declaredCost == RuleDecimal(parsing: "12.50") && item.purchaseDate == LocalDate(year: 2025, month: 1, day: 31))
        #expect(throws: DecodingError.self) {
            try JSONDecoder().decode(ValuationInput.self, from: Data(#"{"kind":"item","category":"goods","declared_cost":12.5}"#.utf8))
        }
    }
}
