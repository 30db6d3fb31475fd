import GRDB

/// The columns of `exchanges` in table order: what `SELECT *` returns. Exchange reads decode by
/// position (`Exchange+Record`); every exchange step reads its row at least once, and the
/// name-keyed `Row` it replaced was about a tenth of a step's Swift time.
/// `ExchangeColumnTests` check this order against `PRAGMA table_info(exchanges)`.
enum ExchangeColumn: Int32, TableColumn {
    case id, communityID, listingID, listingKind, requesterID, ownerID, payerID, providerID, createdBy, state, points
    case holdID, scheduledStart, scheduledEnd, actualMinutes, settledPoints, message, absentMemberID, disputeReason
    case disputedBy, disputedAt, resolution, compensationPoints, resolutionNote, resolvedBy, resolvedAt, acceptedAt
    case closedAt, createdAt, updatedAt, version, autoConfirmResumeAt, reportedMinutes
    /// Read only by `ExchangePersistence.agreedTerms`, not into `Exchange`: decoding JSON on every
    /// step's read would cost the hot path for what one rare settlement needs.
    case agreedTermsJSON

    static let table = "exchanges"
    static let names: [String] = allCases.map(\.name)
}
