import Foundation

/// A simple, explainable pricing policy, valid on its own for a community without a rule file:
///
/// - item: declared cost (yuan) × `pointsPerYuan` × condition factor × age factor × quantity;
///   the age factor loses `yearlyDepreciation` per full year, never below `minimumAgeFactor`.
/// - time: billed in 15-minute units at `timePointsPerHour` × intensity factor.
/// - skill: billed in 15-minute units at `skillPointsPerHour` × level factor × certification factor.
///
/// Every result is at least 1 point and rounded half-up. The breakdown lists each step.
/// The rules engine replaces this through `ListingValuer` without touching callers.
public struct FlatRateListingValuer: ListingValuer {
    public var pointsPerYuan: Decimal = Decimal(string: "0.1")!
    public var conditionFactors: [ItemCondition: Decimal] = [
        .new: 1, .likeNew: Decimal(string: "0.8")!, .good: Decimal(string: "0.6")!,
        .fair: Decimal(string: "0.4")!, .worn: Decimal(string: "0.2")!,
    ]
    public var yearlyDepreciation: Decimal = Decimal(string: "0.1")!
    public var minimumAgeFactor: Decimal = Decimal(string: "0.5")!
    public var timePointsPerHour: Decimal = 10
    public var intensityFactors: [TimeIntensity: Decimal] = [.light: 1, .moderate: Decimal(string: "1.2")!, .heavy: Decimal(string: "1.5")!]
    public var skillPointsPerHour: Decimal = 15
    public var levelFactors: [SkillLevel: Decimal] = [.beginner: Decimal(string: "0.8")!, .intermediate: 1, .expert: Decimal(string: "1.3")!]
    public var certificationFactors: [SkillCertification: Decimal] = [
        .none: 1, .peerEndorsed: Decimal(string: "1.1")!, .verifiedLicence: Decimal(string: "1.25")!,
    ]

    public static let version = "flat-rate-1"

    public init() {}

    /// A fingerprint of the parameters, so a changed rate shows up as a different hash.
    public var ruleSetHash: String {
        func sorted<K: RawRepresentable>(_ map: [K: Decimal]) -> String where K.RawValue == String {
            map.map { "\($0.key.rawValue)=\($0.value)" }.sorted().joined(separator: ",")
        }
        let canonical = [
            "v=\(Self.version)", "yuan=\(pointsPerYuan)", "cond=\(sorted(conditionFactors))", "dep=\(yearlyDepreciation)",
            "minage=\(minimumAgeFactor)", "time=\(timePointsPerHour)", "int=\(sorted(intensityFactors))",
            "skill=\(skillPointsPerHour)", "lvl=\(sorted(levelFactors))", "cert=\(sorted(certificationFactors))",
        ].joined(separator: ";")
        return "fnv1a64:" + FNV1a.hex64(canonical)
    }

    public func value(_ listing: ListingValuationInput, community: CommunityID, at date: Date) throws -> ListingValuation {
        var steps: [BreakdownStep] = []
        var amount: Decimal
        switch listing.kind {
        case .item:
            guard let text = listing.declaredCost, let cost = DeclaredCost.decimal(text), let condition = listing.condition else {
                throw DomainError(code: "valuation.missing_input", category: .invalidInput, parameters: ["field": "declared_cost, condition"])
            }
            amount = cost * pointsPerYuan
            steps.append(BreakdownStep("declared_cost × points_per_yuan", "\(text) × \(pointsPerYuan)", amount))
            let conditionFactor = conditionFactors[condition] ?? 1
            amount *= conditionFactor
            steps.append(BreakdownStep("× condition factor (\(condition.rawValue))", "\(conditionFactor)", amount))
            let months = listing.ageInMonths(at: date) ?? 0
            let years = Decimal(months / 12)
            let ageFactor = max(minimumAgeFactor, 1 - years * yearlyDepreciation)
            amount *= ageFactor
            steps.append(BreakdownStep("× age factor (\(months / 12) full years)", "\(ageFactor)", amount))
            amount *= Decimal(listing.quantity)
            steps.append(BreakdownStep("× quantity", "\(listing.quantity)", amount))
        case .time, .skill:
            guard let minutes = listing.durationMinutes else {
                throw DomainError(code: "valuation.missing_input", category: .invalidInput, parameters: ["field": "duration_minutes"])
            }
            let units = (minutes + 14) / 15
            let rate = listing.kind == .time ? timePointsPerHour : skillPointsPerHour
            amount = Decimal(units) * rate / 4
            steps.append(BreakdownStep("15-minute units × hourly rate ÷ 4", "\(units) × \(rate) ÷ 4", amount))
            if listing.kind == .time {
                let factor = listing.intensity.flatMap { intensityFactors[$0] } ?? 1
                amount *= factor
                steps.append(BreakdownStep("× intensity factor (\(listing.intensity?.rawValue ?? "-"))", "\(factor)", amount))
            } else {
                let level = listing.level.flatMap { levelFactors[$0] } ?? 1
                amount *= level
                steps.append(BreakdownStep("× level factor (\(listing.level?.rawValue ?? "-"))", "\(level)", amount))
                let certification = listing.certification.flatMap { certificationFactors[$0] } ?? 1
                amount *= certification
                steps.append(BreakdownStep("× certification factor (\(listing.certification?.rawValue ?? "-"))", "\(certification)", amount))
            }
        }
        let points = max(1, Self.roundHalfUp(amount))
        steps.append(BreakdownStep("round half up, at least 1", "", Decimal(points)))
        let breakdown = Breakdown(policy: Self.version, steps: steps, points: points)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let json = String(decoding: try encoder.encode(breakdown), as: UTF8.self)
        return ListingValuation(points: points, ruleSetVersion: Self.version, ruleSetHash: ruleSetHash, breakdownJSON: json)
    }

    static func roundHalfUp(_ value: Decimal) -> Int {
        var source = value
        var rounded = Decimal()
        NSDecimalRound(&rounded, &source, 0, .plain)
        return NSDecimalNumber(decimal: rounded).intValue
    }

    struct BreakdownStep: Encodable {
        let step: String
        let operand: String
        /// Running value after the step, as exact decimal text.
        let value: String
        init(_ step: String, _ operand: String, _ value: Decimal) {
            self.step = step
            self.operand = operand
            self.value = "\(value)"
        }
    }

    struct Breakdown: Encodable {
        let policy: String
        let steps: [BreakdownStep]
        let points: Int
    }
}

/// 64-bit FNV-1a, hex: a stable, dependency-free fingerprint (not a security hash).
enum FNV1a {
    static func hex64(_ text: String) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01b3
        }
        let hex = String(hash, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }
}
