import Foundation
import GRDB
import LinliDomain

/// Exchanges are stored as flat columns and read back into `Exchange`.
extension Exchange: FetchableRecord {
    public init(row: Row) throws {
        let table = "exchanges"
        self.init(
            id: try row.identifier("id", table: table), communityID: try row.identifier("community_id", table: table),
            listingID: try row.identifier("listing_id", table: table), listingKind: try row.enumeration("listing_kind", table: table),
            requester: try row.identifier("requester_id", table: table), owner: try row.identifier("owner_id", table: table),
            payer: try row.identifier("payer_id", table: table), provider: try row.identifier("provider_id", table: table),
            createdBy: try row.identifier("created_by", table: table), state: try row.enumeration("state", table: table),
            points: row["points"], holdID: try row.optionalIdentifier("hold_id", table: table),
            scheduledStart: row["scheduled_start"], scheduledEnd: row["scheduled_end"], actualMinutes: row["actual_minutes"],
            settledPoints: row["settled_points"], message: row["message"],
            absentMember: try row.optionalIdentifier("absent_member_id", table: table), disputeReason: row["dispute_reason"],
            disputedBy: try row.optionalIdentifier("disputed_by", table: table), disputedAt: row["disputed_at"],
            resolution: try row.optionalEnumeration("resolution", table: table), compensationPoints: row["compensation_points"],
            resolutionNote: row["resolution_note"], resolvedBy: try row.optionalIdentifier("resolved_by", table: table),
            resolvedAt: row["resolved_at"], acceptedAt: row["accepted_at"],
            autoConfirmResumeAt: row["auto_confirm_resume_at"], closedAt: row["closed_at"],
            createdAt: row["created_at"], updatedAt: row["updated_at"], version: row["version"])
    }
}
