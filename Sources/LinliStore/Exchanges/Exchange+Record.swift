import Foundation
import GRDB
import LinliDomain

/// Exchanges are stored as flat columns and read back by position (`ExchangeColumn`).
extension Exchange {
    /// Every exchange of `statement`, which selects `exchanges.*` (refused otherwise).
    static func fetchAll(_ statement: Statement, arguments: StatementArguments) throws -> [Exchange] {
        try ExchangeColumn.fetchAll(statement, arguments: arguments, Exchange.init(row:))
    }

    /// The first exchange of `statement`, or nil.
    static func fetchOne(_ statement: Statement, arguments: StatementArguments) throws -> Exchange? {
        try ExchangeColumn.fetchOne(statement, arguments: arguments, Exchange.init(row:))
    }

    init(row: ColumnRow<ExchangeColumn>) throws {
        self.init(
            id: try row.requiredIdentifier(.id), communityID: try row.requiredIdentifier(.communityID),
            listingID: try row.requiredIdentifier(.listingID), listingKind: try row.requiredEnumeration(.listingKind),
            requester: try row.requiredIdentifier(.requesterID), owner: try row.requiredIdentifier(.ownerID),
            payer: try row.requiredIdentifier(.payerID), provider: try row.requiredIdentifier(.providerID),
            createdBy: try row.requiredIdentifier(.createdBy), state: try row.requiredEnumeration(.state),
            points: try row.requiredInt(.points), holdID: try row.identifier(.holdID),
            scheduledStart: try row.requiredDate(.scheduledStart), scheduledEnd: try row.requiredDate(.scheduledEnd),
            actualMinutes: row.int(.actualMinutes), settledPoints: row.int(.settledPoints), message: row.text(.message),
            absentMember: try row.identifier(.absentMemberID), disputeReason: row.text(.disputeReason),
            disputedBy: try row.identifier(.disputedBy), disputedAt: row.date(.disputedAt),
            resolution: try row.enumeration(.resolution), compensationPoints: row.int(.compensationPoints),
            resolutionNote: row.text(.resolutionNote), resolvedBy: try row.identifier(.resolvedBy),
            resolvedAt: row.date(.resolvedAt), acceptedAt: row.date(.acceptedAt),
            autoConfirmResumeAt: row.date(.autoConfirmResumeAt), closedAt: row.date(.closedAt),
            createdAt: try row.requiredDate(.createdAt), updatedAt: try row.requiredDate(.updatedAt),
            version: try row.requiredInt(.version), reportedMinutes: row.int(.reportedMinutes))
    }
}
