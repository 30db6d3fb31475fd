import Foundation

extension FraudSignal {
    /// Whether `later` is more of the same episode as this finding rather than a finding of its
    /// own: a type that coalesces (a burst, a back-and-forth, a concentration), the same accounts,
    /// and evidence in common. The weekly report merges such findings (`SignalCoalescer`), and so
    /// does the store when the incremental check finds the next exchange of a pattern it already
    /// stored (`FraudSignalCommands.record`).
    ///
    /// Why it matters: each new exchange of a steady pattern (a helper paid twice a week by one
    /// elderly neighbour) is found again with one more exchange in its evidence. Stored as a new
    /// signal each time, the pattern's score was counted once per exchange, and an honest regular
    /// helper's points were frozen by the third week.
    ///
    /// Evidence in common means the same exchanges, listings, ratings or reports: every finding
    /// names its own subject among its members, so counting members made any two findings about
    /// one account one episode, bursts months apart included, and a repeat offender's pressure
    /// never grew (helper 161 #5).
    public func isEpisode(continuedBy later: FraudSignal) -> Bool {
        type.coalesces && later.type == type && later.subjects == subjects
            && !evidence.itemKeys.isDisjoint(with: later.evidence.itemKeys)
    }

    /// This finding and `other`, one episode: the fuller one's wording and score, both evidence
    /// sets, the later time.
    public func mergingEpisode(_ other: FraudSignal) -> FraudSignal {
        var merged = other.evidence.keys.count >= evidence.keys.count ? other : self
        merged.evidence = evidence.merged(with: other.evidence)
        merged.at = max(at, other.at)
        return merged
    }
}
