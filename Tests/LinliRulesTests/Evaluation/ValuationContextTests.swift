import Foundation
import Testing
@testable import LinliRules

/// A listing is valued without its own part in the counts (`ValuationContext.excluding`, helper
/// 179 #1): taken from its category's entry and its own area's, never below zero, and not from
/// another area's entry, where it was never counted (helper 181 #5).
@Suite struct ValuationContextTests {
    @Test func aListingsOwnPartLeavesItsCategoryAndItsAreaOnly() {
        let context = ValuationContext(valuedAt: Date(timeIntervalSince1970: 0), scarcity: [
            ScarcityKey(category: "tools"): ScarcityCounts(demand: 6, supply: 3),
            ScarcityKey(category: "tools", area: "北门"): ScarcityCounts(demand: 2, supply: 1),
            ScarcityKey(category: "tools", area: "南门"): ScarcityCounts(demand: 4, supply: 2),
            ScarcityKey(category: "food"): ScarcityCounts(demand: 1, supply: 1),
        ])
        let own = ScarcityCounts(demand: 1, supply: 1)  // a reserved offer: supply and demand
        let excluded = context.excluding(own, category: "tools", area: "北门")
        #expect(excluded.scarcity[ScarcityKey(category: "tools")] == ScarcityCounts(demand: 5, supply: 2))
        #expect(excluded.scarcity[ScarcityKey(category: "tools", area: "北门")] == ScarcityCounts(demand: 1, supply: 0))
        #expect(excluded.scarcity[ScarcityKey(category: "tools", area: "南门")] == ScarcityCounts(demand: 4, supply: 2))
        #expect(excluded.scarcity[ScarcityKey(category: "food")] == ScarcityCounts(demand: 1, supply: 1))
        #expect(context.excluding(nil, category: "tools", area: nil) == context)
        #expect(ScarcityCounts(demand: 0, supply: 0).removing(own) == ScarcityCounts(demand: 0, supply: 0), "never below zero")
    }
}
