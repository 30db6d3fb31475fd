/// What an exchange-settling transfer (a direct exchange, or a release to the provider) records
/// for the members' counters: who paid whom, how many points, and for time exchanges how long the
/// service took.
///
/// Kept on the transfer itself (and covered by its hash) so the per-account counters of points
/// given and received and hours served and received are derivable from transfers alone.
public struct Settlement: Hashable, Sendable {
    public let payer: MemberID
    public let payee: MemberID
    public let points: Int
    /// Actual minutes of service for time exchanges; nil for items and skills without a duration.
    public let minutes: Int?

    public init(payer: MemberID, payee: MemberID, points: Int, minutes: Int?) {
        self.payer = payer
        self.payee = payee
        self.points = points
        self.minutes = minutes
    }
}
