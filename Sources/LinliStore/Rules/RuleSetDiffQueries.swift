import Foundation
import GRDB
import LinliDomain
import LinliRules

/// What activating a stored candidate would do to the community's live listings, before anyone
/// activates it: the norm-revision group reads this report next to the file.
public enum RuleSetDiffQueries {
    /// Compares the rules in force with the stored version `id` over every live listing.
    public static func diff(
        _ db: Database, community: CommunityID, candidate id: RuleSetID, rules: ActiveRules, at now: Date, topMovers: Int = 10
    ) throws -> RuleSetDiffReport {
        let stored = try RuleSetCommands.fetch(db, community: community, id: id)
        let candidate: CommunityRules
        do {
            candidate = try rules.rules(for: stored)
        } catch let failure as RuleCheckFailure {
            // A stored version that no longer compiles: a specific 409, not a bare 500.
            throw CompiledRuleSetCache.unreadable(stored, failure)
        }
        return try diff(db, community: community, candidate: candidate.compiled, rules: rules, at: now, topMovers: topMovers)
    }

    /// Compares the rules in force with `candidate` over every live listing, both evaluated at
    /// `now`, each with demand and supply counted over its own scarcity window.
    public static func diff(
        _ db: Database, community: CommunityID, candidate: CompiledRuleSet, rules: ActiveRules, at now: Date, topMovers: Int = 10
    ) throws -> RuleSetDiffReport {
        let current = try rules.current(db, community: community, at: now)
        let currentWindow = current.ruleSet.scarcityWindowDays, candidateWindow = candidate.ruleSet.scarcityWindowDays
        // Each listing valued without its own part in the counts, as a revaluation values it
        // (helper 179 #1), over each file's window.
        func own(_ listing: Listing, _ windowDays: Int) throws -> ScarcityCounts {
            try ScarcityQueries.ownCounts(db, community: community, listing: listing.id, windowDays: windowDays, at: now)
        }
        let listings = try LiveListings.fetchAll(db, community: community).map { listing in
            let ownCurrent = try own(listing, currentWindow)
            return DiffListing(
                id: listing.id.rawValue, input: try listing.content.valuationInput.ruleInput(area: listing.content.area),
                stored: listing.valuation.points, storedHash: listing.valuation.ruleSetHash, ownScarcity: ownCurrent,
                ownScarcityUnderCandidate: candidateWindow == currentWindow ? ownCurrent : try own(listing, candidateWindow))
        }
        func context(windowDays: Int) throws -> ValuationContext {
            ValuationContext(
                valuedAt: now, scarcity: try ScarcityQueries.countsByCategory(db, community: community, windowDays: windowDays, at: now))
        }
        let currentContext = try context(windowDays: currentWindow)
        return RuleSetDiff.compare(
            current: current.compiled, candidate: candidate, listings: listings, context: currentContext,
            candidateContext: candidateWindow == currentWindow ? nil : try context(windowDays: candidateWindow), topMoverCount: topMovers)
    }
}
