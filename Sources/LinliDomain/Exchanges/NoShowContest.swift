import Foundation

/// The member named absent in a no-show saying it is not so. A no-show is otherwise taken at the
/// reporter's word (hold refunded, penalty paid, a mark on the credit score), so the named member
/// gets one contest, within the rule file's window, decided by a moderator who is not a party.
///
/// The exchange itself stays `no_show` (its history says what was reported); the contest is its
/// own small record, keyed by the exchange, so there is at most one per no-show. What an overturned
/// contest moves (the penalty reversed, the provider paid) is in the contest's transfers.
public struct NoShowContest: Sendable, Equatable {
    public var exchangeID: ExchangeID
    public var communityID: CommunityID
    public var absentMember: MemberID
    /// Who typed the contest in: the absent member, or station staff acting for them.
    public var createdBy: MemberID
    public var reason: String
    public var state: NoShowContestState
    /// The penalty transfer the contest is about (nil when the rule file's penalty was 0).
    public var penaltyTransferID: TransferID?
    /// The transfer that reversed the penalty, when overturned.
    public var reversalTransferID: TransferID?
    /// When overturned and the member wrongly named absent was the provider: the transfer that
    /// paid them the held points, which the no-show had refunded to the payer on the payer's word.
    public var settlementTransferID: TransferID?
    public var decidedBy: MemberID?
    public var decisionNote: String?
    public var decidedAt: Date?
    public var createdAt: Date
    public var updatedAt: Date
    public var version: Int

    public init(
        exchangeID: ExchangeID, communityID: CommunityID, absentMember: MemberID, createdBy: MemberID, reason: String,
        state: NoShowContestState, penaltyTransferID: TransferID?, reversalTransferID: TransferID? = nil,
        settlementTransferID: TransferID? = nil, decidedBy: MemberID? = nil, decisionNote: String? = nil, decidedAt: Date? = nil, createdAt: Date, updatedAt: Date, version: Int
    ) {
        self.exchangeID = exchangeID
        self.communityID = communityID
        self.absentMember = absentMember
        self.createdBy = createdBy
        self.reason = reason
        self.state = state
        self.penaltyTransferID = penaltyTransferID
        self.reversalTransferID = reversalTransferID
        self.settlementTransferID = settlementTransferID
        self.decidedBy = decidedBy
        self.decisionNote = decisionNote
        self.decidedAt = decidedAt
        self.createdAt = createdAt
        self.updatedAt = updatedAt
        self.version = version
    }
}
