import Foundation
import GRDB
import LinliDomain
import struct LinliRules.ScarcityCounts

/// A new listing's content, checked against its category and the listing limits and valued,
/// worked out on the request's own thread before the use case reaches the database writer.
///
/// Why: SQLite admits one writer, and at 100,000 listings the writer is what limits how many
/// listings can be posted per second. Validating and valuing a listing is pure computation on
/// the rules in force and the category's demand and supply, and it was about a seventh of the
/// writer's time per create. A draft starts from what is known without the database (the rules
/// the community's last lookup found, the cached counts), and `ListingCommands.create` uses it
/// only if, inside the write, the rules in force and the counts are still exactly those;
/// otherwise it validates and values again there, as it always did. So a draft can be stale but
/// never wrong. What needs the database (the owner, photos, the verified-provider rule) is
/// always checked in the write.
///
/// The valuation is made at the draft's time, the moment the request was handled, a few
/// milliseconds before the listing's `created_at`.
public struct ListingDraft: Sendable {
    let ruleSetID: RuleSetID
    let contentHash: String
    let scarcity: ScarcityCounts
    let content: ListingContent
    let valuation: ListingValuation

    /// nil when the rules or the category's counts are not known without the database, or when
    /// the input is refused: the write then reports the refusal, with the same error.
    public static func prepare(_ input: ListingInput, community: CommunityID, services: ListingServices, at now: Date) -> ListingDraft? {
        guard let rules = services.rules.lastKnown(community),
            let content = try? input.validate(category: rules.category(input.categoryCode), now: now),
            (try? ListingRuleLimits.check(content, policy: rules.ruleSet.listing)) != nil,
            let counts = services.scarcity.cached(
                community: community, category: content.categoryCode, windowDays: rules.ruleSet.scarcityWindowDays, at: now),
            let valuation = try? rules.value(content.valuationInput, area: content.area, scarcity: counts, at: now)
        else { return nil }
        return ListingDraft(ruleSetID: rules.ruleSetID, contentHash: rules.contentHash, scarcity: counts, content: content, valuation: valuation)
    }

    /// The draft's content and valuation if the rules in force and the category's counts are
    /// still the ones it was made with.
    func confirmed(_ tx: Transaction, rules: CommunityRules, services: ListingServices) throws -> (ListingContent, ListingValuation)? {
        guard ruleSetID == rules.ruleSetID, contentHash == rules.contentHash,
            try services.scarcityCounts(tx.db, rules: rules, category: content.categoryCode, at: tx.now) == scarcity
        else { return nil }
        return (content, valuation)
    }
}
