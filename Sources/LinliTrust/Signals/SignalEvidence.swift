import LinliDomain

/// What a signal points at, so a moderator can check it: exchanges, accounts, listings, ratings, reports.
/// Every list is sorted and free of duplicates, so equal evidence encodes and fingerprints equally.
public struct SignalEvidence: Sendable, Hashable, Codable {
    public var exchanges: [String]
    public var members: [MemberID]
    public var listings: [ListingID]
    public var ratings: [String]
    public var reports: [String]

    public init(
        exchanges: [String] = [], members: [MemberID] = [], listings: [ListingID] = [], ratings: [String] = [],
        reports: [String] = []
    ) {
        self.exchanges = Array(Set(exchanges)).sorted()
        self.members = Array(Set(members)).sorted()
        self.listings = Array(Set(listings)).sorted()
        self.ratings = Array(Set(ratings)).sorted()
        self.reports = Array(Set(reports)).sorted()
    }

    /// Every piece of evidence as one typed key (`x:` exchange, `m:` member, …).
    var keys: Set<String> {
        var keys = Set<String>()
        keys.formUnion(exchanges.map { "x:" + $0 })
        keys.formUnion(members.map { "m:" + $0.rawValue })
        keys.formUnion(listings.map { "l:" + $0.rawValue })
        keys.formUnion(ratings.map { "r:" + $0 })
        keys.formUnion(reports.map { "p:" + $0 })
        return keys
    }

    /// The keys of what happened (exchanges, listings, ratings, reports), without the members
    /// named: what two findings must share to be one episode (`FraudSignal.isEpisode`).
    var itemKeys: Set<String> {
        keys.filter { !$0.hasPrefix("m:") }
    }

    /// The union of two evidence sets.
    func merged(with other: SignalEvidence) -> SignalEvidence {
        SignalEvidence(
            exchanges: exchanges + other.exchanges, members: members + other.members, listings: listings + other.listings,
            ratings: ratings + other.ratings, reports: reports + other.reports)
    }
}
