/// One side of a transfer before it is posted: an account and a signed amount (negative = the
/// account is debited, positive = credited).
public struct Leg: Hashable, Sendable {
    public let account: AccountRef
    public let amount: Int

    public init(_ account: AccountRef, _ amount: Int) {
        self.account = account
        self.amount = amount
    }
}

/// One posted line of a transfer: the leg plus the account's balance right after it, which makes
/// every account's statement a passbook (each line shows what was left) and lets `verify` check
/// each account's history line by line.
public struct Posting: Hashable, Sendable {
    /// Position in the transfer (0, 1, …): debits come first.
    public let leg: Int
    public let account: AccountRef
    public let amount: Int
    public let balanceAfter: Int

    public init(leg: Int, account: AccountRef, amount: Int, balanceAfter: Int) {
        self.leg = leg
        self.account = account
        self.amount = amount
        self.balanceAfter = balanceAfter
    }
}
