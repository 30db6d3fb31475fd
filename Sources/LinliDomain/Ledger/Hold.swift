/// Points held from a payer for an exchange that has been accepted but not yet completed.
///
/// The points really leave the payer's account (into escrow) when the hold is placed, so a member's
/// balance is always what they can spend; the hold records where they are to go.
public struct Hold: Hashable, Sendable {
    public let id: HoldID
    public let communityID: CommunityID
    public let payer: MemberID
    public let amount: Int
    public var state: HoldState
    /// What the hold is for, e.g. `exchange:exc_…`.
    public let reference: String?
    public let holdTransferID: TransferID
    /// The release or refund transfer, once the hold is settled.
    public var settleTransferID: TransferID?
    /// Who received the points: the provider (released) or the payer (refunded).
    public var recipient: MemberID?
    public let createdAt: LedgerTimestamp
    public var updatedAt: LedgerTimestamp
    public var version: Int

    public init(
        id: HoldID, communityID: CommunityID, payer: MemberID, amount: Int, state: HoldState, reference: String?,
        holdTransferID: TransferID, settleTransferID: TransferID?, recipient: MemberID?, createdAt: LedgerTimestamp,
        updatedAt: LedgerTimestamp, version: Int
    ) {
        self.id = id
        self.communityID = communityID
        self.payer = payer
        self.amount = amount
        self.state = state
        self.reference = reference
        self.holdTransferID = holdTransferID
        self.settleTransferID = settleTransferID
        self.recipient = recipient
        self.createdAt = createdAt
        self.updatedAt = updatedAt
        self.version = version
    }
}
