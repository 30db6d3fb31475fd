import Foundation
import LinliDomain

/// A large random exchange history for benchmarks: `members` members in households of two, all
/// older than the history, trading uniformly at random (never inside their household) over `days`
/// days ending at `end`. Honest-looking at scale: no planted patterns, so what fires is the
/// background rate of each signal at that density.
public struct SyntheticHistory: Sendable {
    public var members: [TrustMember]
    public var exchanges: [TrustExchange]
    public var end: Date
    private var random: SyntheticRandom

    public init(seed: UInt64, members count: Int, exchanges total: Int, days: Int, end: Date = Date(timeIntervalSince1970: 1_780_000_000)) {
        var random = SyntheticRandom(seed: seed)
        self.end = end
        exchanges = []
        members = (0..<count).map { n in
            TrustMember(id: SyntheticIDs.member(n + 1), householdID: SyntheticIDs.household(n / 2 + 1),
                        createdAt: end.addingTimeInterval(-Double(days + 400) * 86_400), verified: n % 3 == 0,
                        fingerprints: ["device-\(n)"])
        }
        let span = Double(days) * 86_400
        var times = (0..<total).map { _ in Double.random(in: 0..<span, using: &random) }
        times.sort()
        self.random = random
        exchanges.reserveCapacity(total)
        for (index, offset) in times.enumerated() {
            exchanges.append(next(id: "exc_\(index)", at: end.addingTimeInterval(offset - span)))
        }
    }

    /// One more random exchange at `at` (for incremental measurements after the history).
    public mutating func next(id: String, at: Date) -> TrustExchange {
        var payer = 0, provider = 0
        repeat {
            payer = Int.random(in: 0..<members.count, using: &random)
            provider = Int.random(in: 0..<members.count, using: &random)
        } while payer / 2 == provider / 2
        return TrustExchange(id: id, payer: members[payer].id, provider: members[provider].id,
                             points: Int.random(in: 5...200, using: &random), at: at)
    }
}
