import Foundation
import LinliDomain
import LinliRules
import Testing

@testable import LinliStore

/// The hand-written valuation writer produces exactly `JSONEncoder`'s bytes, for valuations of
/// every kind the default rule file prices, capped and scarce ones included.
@Suite struct ValuationJSONTests {
    static let rules: CompiledRuleSet = {
        let source = RuleSource.preset("default")!
        return try! RuleSetCompiler.compile(source.text, fileName: source.fileName)
    }()

    static let inputs: [ValuationInput] = {
        let at = Date(timeIntervalSince1970: 1_796_000_400)
        return [
            ValuationInput(kind: .item, category: "tools", declaredCost: RuleDecimal(parsing: "300.00"), ageMonths: 6, condition: .good),
            ValuationInput(
                kind: .item, category: "electronics", declaredCost: RuleDecimal(parsing: "8999.50"),
                purchaseDate: LocalDate(parsing: "2024-02-29"), condition: .likeNew, quantity: 3, area: "北门 \"3\" 栋\\东"),
            ValuationInput(kind: .item, category: "kids_items", declaredCost: RuleDecimal(parsing: "1.00"), ageMonths: 0, condition: .fair),
            ValuationInput(kind: .item, category: "furniture", declaredCost: RuleDecimal(parsing: "250000.00"), ageMonths: 400, condition: .worn),
            ValuationInput(kind: .time, direction: .request, category: "elder_care", start: at, end: at.addingTimeInterval(5400), intensity: .heavy),
            ValuationInput(kind: .time, category: "errands", start: at.addingTimeInterval(-10_800 + 0.75), end: at, intensity: .light),
            ValuationInput(kind: .time, category: "daily_care", durationMinutes: 45, intensity: .moderate, area: "西区"),
            ValuationInput(kind: .skill, category: "tutoring", durationMinutes: 90, certification: .verifiedLicence, level: .expert),
            ValuationInput(kind: .skill, category: "repair", durationMinutes: 600, certification: SkillCertification(rawValue: "none"), level: .beginner),
        ]
    }()

    @Test(arguments: 0..<inputs.count)
    func matchesJSONEncoderByteForByte(index: Int) throws {
        let scarcity: [ScarcityKey: ScarcityCounts] = [
            ScarcityKey(category: "tools"): ScarcityCounts(demand: 40, supply: 2),
            ScarcityKey(category: "kids_items"): ScarcityCounts(demand: 1, supply: 30),
        ]
        let context = ValuationContext(valuedAt: Date(timeIntervalSince1970: 1_796_000_000), scarcity: scarcity)
        let valuation = try Self.rules.valuate(Self.inputs[index], in: context)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        let expected = String(decoding: try encoder.encode(valuation), as: UTF8.self)
        #expect(ValuationJSON.encode(valuation) == expected)
    }

    /// The inputs above reach every optional member and a cap at least once, so no branch of the
    /// writer goes untested.
    @Test func theInputsCoverEveryOptionalMember() throws {
        let context = ValuationContext(valuedAt: Date(timeIntervalSince1970: 1_796_000_000))
        let written = try Self.inputs.map { ValuationJSON.encode(try Self.rules.valuate($0, in: context)) }.joined()
        for member in [
            "\"capped_by\"", "\"age_months\"", "\"area\"", "\"certification\"", "\"condition\"", "\"declared_cost\"",
            "\"duration_minutes\"", "\"end\"", "\"intensity\"", "\"level\"", "\"purchase_date\"", "\"start\"", "\"factor\"",
        ] {
            #expect(written.contains(member), "\(member)")
        }
    }
}
