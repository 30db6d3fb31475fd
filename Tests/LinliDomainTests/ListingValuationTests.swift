import Foundation
import LinliDomain
import Testing

/// The flat-rate policy, step by step, and the properties every valuer must keep.
@Suite struct ListingValuationTests {
    static let community = CommunityID(trusted: "cmt_01JD5Q0Z6W8K3M2N4P5R6S7T8V")
    static let now = Date(timeIntervalSince1970: 1_767_225_600)  // 2026-01-01
    let valuer = FlatRateListingValuer()

    func item(_ cost: String, _ condition: ItemCondition, ageMonths: Int? = nil, purchased: String? = nil, quantity: Int = 1) -> ListingValuationInput {
        ListingValuationInput(
            kind: .item, direction: .offer, categoryCode: "electronics", declaredCost: cost, purchaseDate: purchased,
            ageMonths: ageMonths, condition: condition, quantity: quantity, durationMinutes: nil, startAt: nil, endAt: nil,
            intensity: nil, certification: nil, level: nil)
    }

    func service(_ kind: ListingKind, minutes: Int, intensity: TimeIntensity? = nil, level: SkillLevel? = nil,
                 certification: SkillCertification? = nil) -> ListingValuationInput {
        ListingValuationInput(
            kind: kind, direction: .offer, categoryCode: "x", declaredCost: nil, purchaseDate: nil, ageMonths: nil, condition: nil,
            quantity: 1, durationMinutes: minutes, startAt: nil, endAt: nil, intensity: intensity, certification: certification, level: level)
    }

    @Test(arguments: [
        // cost, condition, age in months, quantity → points
        ("899.00", ItemCondition.likeNew, 0, 1, 72),   // 89.9 × 0.8 = 71.92 → 72
        ("899.00", .likeNew, 13, 1, 65),              // × 0.9 (one full year) = 64.728 → 65
        ("100.00", .worn, 120, 3, 3),                 // 10 × 0.2 × 0.5 × 3 = 3
        ("1.00", .fair, 0, 1, 1),                     // 0.04 → at least 1
        ("25.00", .new, 0, 1, 3),                     // 2.5 → 3 (half up)
    ])
    func items(cost: String, condition: ItemCondition, age: Int, quantity: Int, points: Int) throws {
        let valuation = try valuer.value(item(cost, condition, ageMonths: age, quantity: quantity), community: Self.community, at: Self.now)
        #expect(valuation.points == points)
        #expect(valuation.ruleSetVersion == FlatRateListingValuer.version)
    }

    @Test func purchaseDateCountsFullYears() throws {
        let bought = try valuer.value(item("899.00", .likeNew, purchased: "2024-12-15"), community: Self.community, at: Self.now)
        #expect(bought.points == 65, "12 full months before 2026-01-01")
    }

    @Test(arguments: [
        (ListingKind.time, 60, TimeIntensity.light as TimeIntensity?, nil as SkillLevel?, nil as SkillCertification?, 10),
        (.time, 45, .heavy, nil, nil, 11),            // 3 units × 2.5 × 1.5 = 11.25
        (.skill, 90, nil, .expert, .verifiedLicence, 37),  // 6 × 3.75 × 1.3 × 1.25 = 36.5625
        (.skill, 30, nil, .beginner, SkillCertification.none, 6),
    ])
    func services(kind: ListingKind, minutes: Int, intensity: TimeIntensity?, level: SkillLevel?, certification: SkillCertification?, points: Int) throws {
        let valuation = try valuer.value(
            service(kind, minutes: minutes, intensity: intensity, level: level, certification: certification), community: Self.community, at: Self.now)
        #expect(valuation.points == points)
    }

    @Test func breakdownExplainsEveryStep() throws {
        let valuation = try valuer.value(item("899.00", .likeNew, ageMonths: 0), community: Self.community, at: Self.now)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(valuation.breakdownJSON.utf8)) as? [String: Any])
        let steps = try #require(object["steps"] as? [[String: Any]])
        #expect(steps.count == 5)
        #expect((steps.first?["value"] as? String).flatMap(Double.init) == 89.9)
        #expect(object["points"] as? Int == 72)
    }

    @Test func hashChangesWithTheRates() {
        var other = FlatRateListingValuer()
        other.pointsPerYuan = Decimal(string: "0.2")!
        #expect(other.ruleSetHash != valuer.ruleSetHash)
        #expect(FlatRateListingValuer().ruleSetHash == valuer.ruleSetHash, "stable for the same parameters")
    }

    @Test func missingInputIsAnError() {
        #expect(throws: DomainError.self) {
            try valuer.value(service(.time, minutes: 0).with(\.durationMinutes, nil), community: Self.community, at: Self.now)
        }
    }
}

extension ListingValuationInput {
    func with<V>(_ path: WritableKeyPath<Self, V>, _ value: V) -> Self {
        var copy = self
        copy[keyPath: path] = value
        return copy
    }
}
