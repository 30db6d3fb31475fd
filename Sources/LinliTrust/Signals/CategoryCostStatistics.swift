import Foundation
import LinliDomain
import LinliRules

/// Declared item costs per category, sorted, for medians.
public struct CategoryCostStatistics: Sendable {
    private var costs: [String: [Int]] = [:]

    public init(listings: [TrustListing]) {
        for listing in listings {
            if let cents = listing.declaredCostCents { costs[listing.category, default: []].append(cents) }
        }
        for key in costs.keys { costs[key]!.sort() }
    }

    /// How many declared costs the category has.
    public func samples(_ category: String) -> Int { costs[category]?.count ?? 0 }

    /// The median in cents (the lower middle value for an even count, so it is always a real cost).
    public func median(_ category: String) -> Int? {
        guard let values = costs[category], !values.isEmpty else { return nil }
        return values[(values.count - 1) / 2]
    }
}

/// Whether one listing's declared cost is an outlier against its category's median.
public struct CostOutlierCheck: Sendable {
    public let policy: FraudPolicy.CostOutlier
    public let statistics: CategoryCostStatistics

    public init(policy: FraudPolicy.CostOutlier, statistics: CategoryCostStatistics) {
        self.policy = policy
        self.statistics = statistics
    }

    public func signal(for listing: TrustListing) -> FraudSignal? {
        guard let cost = listing.declaredCostCents, statistics.samples(listing.category) >= policy.minSamples,
            let median = statistics.median(listing.category), median > 0
        else { return nil }
        // cost > factor × median, exactly: cost × 10,000 > factor.units × median.
        guard Int64(cost) * RuleDecimal.scale > policy.factor.units * Int64(median) else { return nil }
        let yuan = { (cents: Int) in "\(cents / 100).\(String(format: "%02d", cents % 100))" }
        return FraudSignal(
            type: .costOutlier, score: policy.score, subjects: [listing.owner],
            evidence: SignalEvidence(members: [listing.owner], listings: [listing.id]), at: listing.createdAt,
            explanationZH: "\(listing.id) 申报价值 \(yuan(cost)) 元，超过「\(listing.category)」类中位数 \(yuan(median)) 元的 \(policy.factor) 倍",
            explanationEN: "\(listing.id) declares \(yuan(cost)) yuan, more than \(policy.factor) × the \(listing.category) median of \(yuan(median)) yuan")
    }
}
