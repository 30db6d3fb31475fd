/// An account's balance and its exchange counters.
///
/// The counters are kept as columns for cheap reads, but they are derivable: `LedgerVerifier`
/// recomputes them from the settlements of exchange and release transfers (minus reversals) and
/// reports any difference.
public struct LedgerAccount: Hashable, Sendable {
    public let ref: AccountRef
    public let communityID: CommunityID
    public let balance: Int
    /// Points this member paid for completed exchanges.
    public let pointsGiven: Int
    /// Points this member earned by completed exchanges.
    public let pointsReceived: Int
    /// Minutes of service this member gave in time exchanges.
    public let minutesServed: Int
    /// Minutes of service this member received in time exchanges.
    public let minutesReceived: Int
    /// The seq of the last transfer that posted to this account (0 if none).
    public let lastSeq: Int

    public init(
        ref: AccountRef, communityID: CommunityID, balance: Int, pointsGiven: Int, pointsReceived: Int,
        minutesServed: Int, minutesReceived: Int, lastSeq: Int
    ) {
        self.ref = ref
        self.communityID = communityID
        self.balance = balance
        self.pointsGiven = pointsGiven
        self.pointsReceived = pointsReceived
        self.minutesServed = minutesServed
        self.minutesReceived = minutesReceived
        self.lastSeq = lastSeq
    }

    /// A member account that has never been posted to: everything zero.
    public static func empty(_ ref: AccountRef, in community: CommunityID) -> LedgerAccount {
        LedgerAccount(ref: ref, communityID: community, balance: 0, pointsGiven: 0, pointsReceived: 0,
                      minutesServed: 0, minutesReceived: 0, lastSeq: 0)
    }
}
