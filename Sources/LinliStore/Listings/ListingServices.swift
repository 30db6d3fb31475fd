import Foundation
import GRDB
import LinliDomain

/// The policies the listing use cases run under, injected by the composition root: the valuation
/// (the rules engine once wired; `FlatRateListingValuer` until then), the review policy, and where
/// members' track records come from.
public struct ListingServices: Sendable {
    public var valuer: any ListingValuer
    public var policy: ReviewPolicy
    public var trackRecords: any MemberTrackRecordSource

    public init(
        valuer: any ListingValuer = FlatRateListingValuer(), policy: ReviewPolicy = ReviewPolicy(),
        trackRecords: any MemberTrackRecordSource = ListingTrackRecordSource()
    ) {
        self.valuer = valuer
        self.policy = policy
        self.trackRecords = trackRecords
    }

    func value(_ content: ListingContent, community: CommunityID, at date: Date) throws -> ListingValuation {
        try valuer.value(content.valuationInput, community: community, at: date)
    }
}

/// Where the review policy learns a member's history.
public protocol MemberTrackRecordSource: Sendable {
    func trackRecord(_ db: Database, community: CommunityID, member: MemberID) throws -> MemberTrackRecord
}

/// Track records from the listings tables: a completed exchange is a listing of the member that
/// reached `exchanged`. Upheld reports come from the moderation module; until it exists there are
/// none to count, so this source reports zero and the exchanges module's source replaces it.
public struct ListingTrackRecordSource: MemberTrackRecordSource {
    public init() {}

    public func trackRecord(_ db: Database, community: CommunityID, member: MemberID) throws -> MemberTrackRecord {
        let row = try Row.fetchOne(
            db.cachedStatement(
            sql: """
                SELECT COUNT(*) AS exchanged
                FROM listings WHERE community_id = ? AND owner_id = ? AND status = 'exchanged'
                """),
            arguments: [community.rawValue, member.rawValue])
        return MemberTrackRecord(completedExchanges: row?["exchanged"] ?? 0, upheldReports: 0)
    }
}
