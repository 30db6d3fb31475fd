/// Builds the legs of a transfer by naming movements ("move 20 points from rewards to 张阿姨")
/// instead of signed numbers, then hands them to `TransferDraft`, which refuses anything that
/// does not balance.
public struct PostingBuilder: Sendable {
    public private(set) var legs: [Leg] = []

    public init() {}

    /// Debits `from` and credits `to` by `amount` points.
    public mutating func move(_ amount: Int, from source: AccountRef, to destination: AccountRef) {
        legs.append(Leg(source, -amount))
        legs.append(Leg(destination, amount))
    }

    /// Adds one raw signed leg (used by reversals, which negate existing postings).
    public mutating func add(_ leg: Leg) { legs.append(leg) }

    /// The legs, with movements touching the same account merged (a movement and its exact
    /// opposite cancel to nothing, which the draft then refuses as empty).
    public func mergedLegs() -> [Leg] {
        var order: [AccountRef] = []
        var totals: [AccountRef: Int] = [:]
        for leg in legs {
            if totals[leg.account] == nil { order.append(leg.account) }
            totals[leg.account, default: 0] += leg.amount
        }
        return order.compactMap { account in totals[account].flatMap { $0 == 0 ? nil : Leg(account, $0) } }
    }
}
