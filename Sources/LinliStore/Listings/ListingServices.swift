import Foundation
import GRDB
import LinliDomain
import struct LinliRules.ScarcityCounts

/// What the listing use cases run under, injected by the composition root: the community's rule
/// set in force (valuation, categories, review policy) and where members' track records come from.
public struct ListingServices: Sendable {
    public var rules: ActiveRules
    /// Pins a review policy regardless of the rule file: for tools such as the bulk seeder that
    /// must publish without review, and tests of one policy knob. Production leaves it nil.
    public var policyOverride: ReviewPolicy?
    public var trackRecords: any MemberTrackRecordSource
    /// Demand and supply counts, reused for a minute per category.
    public var scarcity: ScarcityCache

    public init(
        rules: ActiveRules = ActiveRules(), policyOverride: ReviewPolicy? = nil,
        trackRecords: any MemberTrackRecordSource = ListingTrackRecordSource(), scarcity: ScarcityCache = ScarcityCache()
    ) {
        self.rules = rules
        self.policyOverride = policyOverride
        self.trackRecords = trackRecords
        self.scarcity = scarcity
    }

    /// The review policy of the community's rules in force.
    public func policy(_ db: Database, community: CommunityID, at date: Date) throws -> ReviewPolicy {
        if let policyOverride { return policyOverride }
        return try rules.current(db, community: community, at: date).review
    }

    /// The review policy in force, looked up once per use case (`TransactionMemo`).
    func policy(_ tx: Transaction, community: CommunityID) throws -> ReviewPolicy {
        if let policyOverride { return policyOverride }
        return try rules.current(tx, community: community).review
    }

    /// A category of the rules in force, looked up once per use case (`TransactionMemo`).
    func category(_ tx: Transaction, community: CommunityID, code: String) throws -> ListingCategory? {
        try rules.current(tx, community: community).category(code)
    }

    /// The community's categories, from its rules in force.
    public func categories(_ db: Database, community: CommunityID, at date: Date) throws -> [ListingCategory] {
        try rules.current(db, community: community, at: date).categories
    }

    public func category(_ db: Database, community: CommunityID, code: String, at date: Date) throws -> ListingCategory? {
        try rules.current(db, community: community, at: date).category(code)
    }

    /// Demand and supply of a category over the scarcity window of the rules in force (cached).
    public func scarcityCounts(_ db: Database, community: CommunityID, category: String, at date: Date) throws -> ScarcityCounts {
        try scarcityCounts(db, rules: try rules.current(db, community: community, at: date), category: category, at: date)
    }

    func scarcityCounts(_ db: Database, rules current: CommunityRules, category: String, at date: Date) throws -> ScarcityCounts {
        try scarcity.counts(db, community: current.communityID, category: category, windowDays: current.ruleSet.scarcityWindowDays, at: date)
    }

    /// Values the content under the rules in force, with the demand and supply of its category
    /// over the file's scarcity window.
    /// Only use cases that do not change rule sets call it: the rules come from the transaction's
    /// memo (`TransactionMemo`).
    /// `excluding`: the published listing being valued (an edit of it), left out of its own
    /// category's counts, as when it was first valued before it was counted (helper 179 #1).
    func value(_ tx: Transaction, _ content: ListingContent, community: CommunityID, excluding listing: ListingID? = nil) throws -> ListingValuation {
        let current = try rules.current(tx, community: community)
        let counts = if let listing {
            try ScarcityQueries.counts(
                tx.db, community: community, category: content.categoryCode, windowDays: current.ruleSet.scarcityWindowDays, at: tx.now,
                excluding: listing)
        } else {
            try scarcityCounts(tx.db, rules: current, category: content.categoryCode, at: tx.now)
        }
        return try current.value(content.valuationInput, area: content.area, scarcity: counts, at: tx.now)
    }

    /// The points `value` would give, without building the stored breakdown (exchange completions
    /// re-price time from actual minutes and keep only the points).
    func points(_ tx: Transaction, _ content: ListingContent, community: CommunityID) throws -> Int {
        try points(tx, content, under: try rules.current(tx, community: community))
    }

    /// The points under one given version of the rules (an exchange re-priced under the file its
    /// held points came from), with the demand and supply of now over that file's window.
    func points(_ tx: Transaction, _ content: ListingContent, under version: CommunityRules) throws -> Int {
        let counts = try scarcityCounts(tx.db, rules: version, category: content.categoryCode, at: tx.now)
        return try version.valuate(content.valuationInput, area: content.area, scarcity: counts, at: tx.now).points
    }

    /// `held` scaled by how one version of the rules values `actual` against `scheduled` (the same
    /// listing at two durations), now, with the demand and supply of now over that file's window.
    func scaled(_ tx: Transaction, held: Int, actual: ListingContent, scheduled: ListingContent, under version: CommunityRules) throws -> Int? {
        let counts = try scarcityCounts(tx.db, rules: version, category: scheduled.categoryCode, at: tx.now)
        return try version.scale(
            held, actual: actual.valuationInput, scheduled: scheduled.valuationInput, area: scheduled.area, scarcity: counts, at: tx.now)
    }
}

/// Where the review policy learns a member's history.
public protocol MemberTrackRecordSource: Sendable {
    func trackRecord(_ db: Database, community: CommunityID, member: MemberID) throws -> MemberTrackRecord
}

/// Track records from the exchanges and moderation tables: exchanges the member completed on
/// either side, and upheld reports about them (a case resolved as upheld, not every action of
/// which was overturned on appeal — the same rule the credit score uses).
public struct ListingTrackRecordSource: MemberTrackRecordSource {
    public init() {}

    public func trackRecord(_ db: Database, community: CommunityID, member: MemberID) throws -> MemberTrackRecord {
        let row = try Row.fetchOne(
            db.cachedStatement(
            sql: """
                SELECT
                    (SELECT COUNT(*) FROM exchanges WHERE community_id = ? AND requester_id = ? AND state = 'completed')
                  + (SELECT COUNT(*) FROM exchanges WHERE community_id = ? AND owner_id = ? AND state = 'completed') AS completed,
                    (SELECT COUNT(*) FROM trust_reports r JOIN trust_cases c ON c.community_id = r.community_id AND c.id = r.case_id
                     WHERE r.community_id = ? AND r.target_member_id = ? AND c.outcome = 'upheld'
                       AND EXISTS (SELECT 1 FROM trust_case_actions a
                                   WHERE a.community_id = c.community_id AND a.case_id = c.id AND a.overturned_at IS NULL)) AS upheld
                """),
            arguments: [community.rawValue, member.rawValue, community.rawValue, member.rawValue, community.rawValue, member.rawValue])
        return MemberTrackRecord(completedExchanges: row?["completed"] ?? 0, upheldReports: row?["upheld"] ?? 0)
    }
}
