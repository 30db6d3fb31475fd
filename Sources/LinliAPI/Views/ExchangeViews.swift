import Foundation
import LinliDomain
import LinliStore

/// An exchange as the API shows it (snake_case by the response encoder).
struct ExchangeView: Encodable {
    let id: String
    let listingId: String
    let listingKind: String
    let state: String
    let requesterId: String
    let ownerId: String
    let payerId: String
    let providerId: String
    let createdBy: String
    let points: Int
    let holdId: String?
    let scheduledStart: Date
    let scheduledEnd: Date
    let actualMinutes: Int?
    /// The minutes the provider reported working: the payer confirms no fewer.
    let reportedMinutes: Int?
    let settledPoints: Int?
    let message: String?
    let absentMemberId: String?
    let dispute: DisputeView?
    let acceptedAt: Date?
    /// Set when a withdrawn dispute pushed automatic confirmation back to this moment.
    let autoConfirmResumeAt: Date?
    let closedAt: Date?
    let createdAt: Date
    let updatedAt: Date
    let version: Int
    /// Ledger warnings for the payer caused by this step (e.g. near the credit limit).
    let warnings: [WarningView]
    /// `GET /exchanges/{id}` only: each side's credit score and level, so each sees the other's
    /// standing before agreeing.
    var credit: [String: CreditSummaryView]?
    /// `GET /exchanges/{id}` only: the case holding the points frozen, if any.
    var frozenByCase: String?
    /// What the exchange is read by: the listing's title and both sides' display names
    /// (`ExchangeNames`), so a client shows "帮我取药, with 王秀英" without three more requests.
    var listingTitle: String?
    var requesterName: String?
    var ownerName: String?

    /// Sets the title and names, when they were read.
    mutating func name(_ names: ExchangeNames?) {
        listingTitle = names?.listingTitle
        requesterName = names?.requesterName
        ownerName = names?.ownerName
    }

    struct CreditSummaryView: Encodable {
        let memberId: String
        let score: String
        let level: Int
    }

    struct DisputeView: Encodable {
        let reason: String?
        let disputedBy: String?
        let disputedAt: Date?
        let resolution: String?
        let compensationPoints: Int?
        let note: String?
        let resolvedBy: String?
        let resolvedAt: Date?
    }

    /// - Parameter namingModerator: whether the reader may learn which moderator resolved the
    ///   dispute: staff who resolve disputes, not the parties (as a listing's owner does not learn
    ///   which moderator reviewed or corrected it; helper 118).
    init(_ exchange: Exchange, warnings: [LedgerWarning] = [], language: Language = .zhCN, namingModerator: Bool = true) {
        id = exchange.id.rawValue
        listingId = exchange.listingID.rawValue
        listingKind = exchange.listingKind.rawValue
        state = exchange.state.rawValue
        requesterId = exchange.requester.rawValue
        ownerId = exchange.owner.rawValue
        payerId = exchange.payer.rawValue
        providerId = exchange.provider.rawValue
        createdBy = exchange.createdBy.rawValue
        points = exchange.points
        holdId = exchange.holdID?.rawValue
        scheduledStart = exchange.scheduledStart
        scheduledEnd = exchange.scheduledEnd
        actualMinutes = exchange.actualMinutes
        reportedMinutes = exchange.reportedMinutes
        settledPoints = exchange.settledPoints
        message = exchange.message
        absentMemberId = exchange.absentMember?.rawValue
        dispute = exchange.disputedAt == nil ? nil : DisputeView(
            reason: exchange.disputeReason, disputedBy: exchange.disputedBy?.rawValue, disputedAt: exchange.disputedAt,
            resolution: exchange.resolution?.rawValue, compensationPoints: exchange.compensationPoints,
            note: exchange.resolutionNote, resolvedBy: namingModerator ? exchange.resolvedBy?.rawValue : nil, resolvedAt: exchange.resolvedAt)
        acceptedAt = exchange.acceptedAt
        autoConfirmResumeAt = exchange.autoConfirmResumeAt
        closedAt = exchange.closedAt
        createdAt = exchange.createdAt
        updatedAt = exchange.updatedAt
        version = exchange.version
        self.warnings = warnings.map { WarningView($0, language: language) }
    }
}

/// A no-show contest as the API shows it (snake_case by the response encoder).
struct NoShowContestView: Encodable {
    let exchangeId: String
    let absentMemberId: String
    let createdBy: String
    let reason: String
    let state: String
    let penaltyTransferId: String?
    let reversalTransferId: String?
    let settlementTransferId: String?
    let decidedBy: String?
    let decisionNote: String?
    let decidedAt: Date?
    let createdAt: Date
    let version: Int
    /// For staff who decide contests: who recorded the no-show and the reason they gave.
    let recordedBy: String?
    let recordedReason: String?

    /// - Parameter namingModerator: whether the reader may learn which moderator decided it:
    ///   staff who decide contests, not the parties (as for a dispute's `resolved_by`; helper 123).
    /// - Parameter recording: who recorded the no-show and why (`NoShowContestCommands.recording`),
    ///   given to staff who decide contests only.
    init(_ contest: NoShowContest, namingModerator: Bool = true, recording: (by: MemberID?, reason: String?)? = nil) {
        recordedBy = recording?.by?.rawValue
        recordedReason = recording?.reason
        exchangeId = contest.exchangeID.rawValue
        absentMemberId = contest.absentMember.rawValue
        createdBy = contest.createdBy.rawValue
        reason = contest.reason
        state = contest.state.rawValue
        penaltyTransferId = contest.penaltyTransferID?.rawValue
        reversalTransferId = contest.reversalTransferID?.rawValue
        settlementTransferId = contest.settlementTransferID?.rawValue
        decidedBy = namingModerator ? contest.decidedBy?.rawValue : nil
        decisionNote = contest.decisionNote
        decidedAt = contest.decidedAt
        createdAt = contest.createdAt
        version = contest.version
    }
}
