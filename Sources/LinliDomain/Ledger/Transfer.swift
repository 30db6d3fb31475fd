/// A posted transfer: immutable once written. Its `hash` covers every field and every posting
/// plus the previous transfer's hash in the same community, so changing any stored value (or
/// removing a transfer) breaks the chain that `LedgerVerifier` recomputes.
public struct Transfer: Hashable, Sendable {
    public let id: TransferID
    public let communityID: CommunityID
    /// 1, 2, 3, … per community, without gaps: the chain's order.
    public let seq: Int
    public let kind: TransferKind
    public let reason: String
    public let category: String?
    public let memo: String?
    public let reference: String?
    public let actorID: MemberID?
    public let actorLabel: String?
    public let onBehalfOf: MemberID?
    public let idempotencyKey: String
    public let reversesID: TransferID?
    public let holdID: HoldID?
    public let settlement: Settlement?
    public let createdAt: LedgerTimestamp
    public let postings: [Posting]
    public let previousHash: String
    public let hash: String

    public init(
        id: TransferID, communityID: CommunityID, seq: Int, kind: TransferKind, reason: String, category: String?,
        memo: String?, reference: String?, actorID: MemberID?, actorLabel: String?, onBehalfOf: MemberID?,
        idempotencyKey: String, reversesID: TransferID?, holdID: HoldID?, settlement: Settlement?,
        createdAt: LedgerTimestamp, postings: [Posting], previousHash: String, hash: String
    ) {
        self.id = id
        self.communityID = communityID
        self.seq = seq
        self.kind = kind
        self.reason = reason
        self.category = category
        self.memo = memo
        self.reference = reference
        self.actorID = actorID
        self.actorLabel = actorLabel
        self.onBehalfOf = onBehalfOf
        self.idempotencyKey = idempotencyKey
        self.reversesID = reversesID
        self.holdID = holdID
        self.settlement = settlement
        self.createdAt = createdAt
        self.postings = postings
        self.previousHash = previousHash
        self.hash = hash
    }

    /// The transfer without its memo: what a reader who may not read the case is shown of an
    /// upheld-report reward paid before migration 0019, whose memo is the case id (the same as
    /// `StatementEntry.withoutMemo`; later ones carry no memo).
    /// The hashes stay as stored: the chain is still there to check, only the text is withheld.
    public var withoutMemo: Transfer {
        Transfer(
            id: id, communityID: communityID, seq: seq, kind: kind, reason: reason, category: category, memo: nil, reference: reference,
            actorID: actorID, actorLabel: actorLabel, onBehalfOf: onBehalfOf, idempotencyKey: idempotencyKey, reversesID: reversesID,
            holdID: holdID, settlement: settlement, createdAt: createdAt, postings: postings, previousHash: previousHash, hash: hash)
    }

    /// The total moved (the sum of the credits).
    public var amount: Int { postings.reduce(0) { $0 + max(0, $1.amount) } }

    /// Whether a retried request (same idempotency key) asks for exactly this transfer.
    public func hasSameContent(as draft: TransferDraft) -> Bool {
        kind == draft.kind && reason == draft.reason && category == draft.category && memo == draft.memo
            && reference == draft.reference && reversesID == draft.reversesID && settlement == draft.settlement
            && holdID == draft.holdID
            && postings.map { Leg($0.account, $0.amount) } == draft.legs
    }
}
