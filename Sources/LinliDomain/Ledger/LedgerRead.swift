import Foundation

/// One look by someone else at a member's points: their balance, their statement or a transfer
/// of theirs. Staff may read any member's passbook (`ledger.read_others`: station staff at the
/// service desk, organizers, moderators, admins), so each such read leaves a trace the member can
/// see (`GET /v1/members/{id}/ledger-reads`), as a credit report lists who queried it (征信查询记录).
/// Nobody has to trust that staff only look when they need to.
public struct LedgerRead: Sendable, Hashable {
    /// What was read.
    public enum What: String, Sendable, CaseIterable {
        case balance
        case statement
        case transfer
    }

    /// The audit entry that records it.
    public let id: AuditEntryID
    public let readerID: MemberID?
    /// The reader's name and role now (nil when the reader is not a member: the command line).
    public let readerName: String?
    public let readerRole: Role?
    /// Set when the reader acted for someone (a proxy).
    public let onBehalfOf: MemberID?
    public let what: What
    /// The transfer read, for `transfer`.
    public let transferID: TransferID?
    /// `csv` for a statement exported as CSV, `passbook` for the printable passbook, `json`
    /// otherwise.
    public let format: String?
    public let readAt: Date

    public init(
        id: AuditEntryID, readerID: MemberID?, readerName: String?, readerRole: Role?, onBehalfOf: MemberID?, what: What,
        transferID: TransferID?, format: String?, readAt: Date
    ) {
        self.id = id
        self.readerID = readerID
        self.readerName = readerName
        self.readerRole = readerRole
        self.onBehalfOf = onBehalfOf
        self.what = what
        self.transferID = transferID
        self.format = format
        self.readAt = readAt
    }
}
