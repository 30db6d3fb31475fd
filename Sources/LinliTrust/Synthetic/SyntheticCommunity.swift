import Foundation
import LinliDomain

/// A generated community: honest members trading at a realistic pace, plus planted fraud patterns
/// whose accounts and exchanges are known, so tests can check that each pattern is found with its
/// evidence and that no honest member is flagged. Same seed, same community.
public struct SyntheticCommunity: Sendable {
    public var snapshot: TrustSnapshot
    public var planted: Planted
    public var honest: Set<MemberID>
    public var now: Date

    /// Who and what was planted.
    public struct Planted: Sendable, Hashable {
        /// Two members of one household paying each other.
        public var sameHousehold: [MemberID]
        /// Two accounts sharing a device fingerprint paying each other.
        public var sharedDevice: [MemberID]
        public var ring3: [MemberID]
        public var ring3Exchanges: [String]
        public var ring4: [MemberID]
        public var ring4Exchanges: [String]
        public var ratingRing: [MemberID]
        public var reseller: MemberID
        public var resoldListing: ListingID
        public var burstMember: MemberID
        public var burstExchanges: [String]
        public var reciprocalPair: [MemberID]
        public var newAccount: MemberID
        public var costOutlierListing: ListingID
        public var reportedMember: MemberID
    }

    /// Parameters of the honest part.
    public struct Plan: Sendable {
        public var seed: UInt64
        public var honestMembers = 150
        public var days = 90
        /// Exchanges each honest member pays for per 30 days, on average.
        public var exchangesPerMemberPerMonth = 1.0
        public var now = Date(timeIntervalSince1970: 1_780_000_000)

        public init(seed: UInt64) { self.seed = seed }
    }

    public static let categories = ["household", "electronics", "books", "kids", "tools"]
    private static let typicalCents = [30_000, 150_000, 4_000, 12_000, 20_000]

    public static func generate(_ plan: Plan) -> SyntheticCommunity {
        var builder = Builder(plan: plan)
        builder.honestCommunity()
        let planted = builder.plant()
        return SyntheticCommunity(snapshot: builder.snapshot, planted: planted, honest: builder.honest, now: plan.now)
    }

    private struct Builder {
        let plan: Plan
        var random: SyntheticRandom
        var snapshot = TrustSnapshot()
        var honest = Set<MemberID>()
        var honestIDs: [MemberID] = []
        var householdOf: [MemberID: HouseholdID] = [:]
        var nextMember = 1, nextHousehold = 1, nextListing = 1, nextExchange = 1, nextRating = 1, nextReport = 1
        var honestListings: [TrustListing] = []

        init(plan: Plan) {
            self.plan = plan
            random = SyntheticRandom(seed: plan.seed)
        }

        func daysAgo(_ days: Double) -> Date { plan.now.addingTimeInterval(-days * 86_400) }

        mutating func member(household: HouseholdID? = nil, ageDays: Double = 400, verified: Bool = true,
                             fingerprints: Set<String>? = nil) -> MemberID {
            let id = SyntheticIDs.member(nextMember)
            nextMember += 1
            snapshot.members.append(TrustMember(
                id: id, householdID: household, createdAt: daysAgo(ageDays), verified: verified,
                fingerprints: fingerprints ?? ["device-\(id.rawValue)"]))
            if let household { householdOf[id] = household }
            return id
        }

        mutating func household() -> HouseholdID {
            defer { nextHousehold += 1 }
            return SyntheticIDs.household(nextHousehold)
        }

        @discardableResult
        mutating func exchange(_ payer: MemberID, _ provider: MemberID, _ points: Int, at: Date, listing: TrustListing? = nil) -> String {
            let id = String(format: "exc_%06d", nextExchange)
            nextExchange += 1
            snapshot.exchanges.append(TrustExchange(
                id: id, payer: payer, provider: provider, points: points, at: at, category: listing?.category,
                listingID: listing?.id, isItem: listing?.declaredCostCents != nil))
            return id
        }

        mutating func listing(_ owner: MemberID, category: Int, cents: Int?, at: Date, relistOf: ListingID? = nil) -> TrustListing {
            let listing = TrustListing(
                id: SyntheticIDs.listing(nextListing), owner: owner, category: SyntheticCommunity.categories[category],
                createdAt: at, declaredCostCents: cents, relistOf: relistOf)
            nextListing += 1
            snapshot.listings.append(listing)
            return listing
        }

        mutating func rate(_ rater: MemberID, _ ratee: MemberID, _ stars: Int, at: Date) {
            snapshot.ratings.append(TrustRating(id: String(format: "rat_%06d", nextRating), rater: rater, ratee: ratee, stars: stars, at: at))
            nextRating += 1
        }

        mutating func report(_ reporter: MemberID, about member: MemberID, at: Date) {
            snapshot.reports.append(TrustReport(
                id: String(format: "rpt_%06d", nextReport), reporter: reporter, target: .member(member), targetMember: member, at: at))
            nextReport += 1
        }

        /// Honest members in households of one to three, each listing a few items at typical costs
        /// and trading with neighbours outside their household at a modest pace. As in real time
        /// banks, about a third are mostly providers (retirees with time, people with things to
        /// lend) and most exchanges run from a receiver to a provider; a sixth go either way.
        mutating func honestCommunity() {
            while honestIDs.count < plan.honestMembers {
                let home = household()
                for _ in 0..<Int.random(in: 1...3, using: &random) where honestIDs.count < plan.honestMembers {
                    let id = member(household: home, ageDays: Double.random(in: 60...900, using: &random),
                                    verified: Bool.random(using: &random))
                    honestIDs.append(id)
                    honest.insert(id)
                }
            }
            for owner in honestIDs {
                for _ in 0..<Int.random(in: 0...3, using: &random) {
                    let category = Int.random(in: 0..<SyntheticCommunity.categories.count, using: &random)
                    let cents = SyntheticCommunity.typicalCents[category] * Int.random(in: 50...200, using: &random) / 100
                    honestListings.append(listing(owner, category: category, cents: cents,
                                                  at: daysAgo(Double.random(in: 0...Double(plan.days), using: &random))))
                }
            }
            let providers = honestIDs.filter { _ in Int.random(in: 0..<3, using: &random) == 0 }
            let receivers = honestIDs.filter { !providers.contains($0) }
            let count = Int(Double(plan.honestMembers) * plan.exchangesPerMemberPerMonth * Double(plan.days) / 30)
            var placed = 0
            while placed < count {
                let typical = Int.random(in: 0..<6, using: &random) != 0 && !providers.isEmpty && !receivers.isEmpty
                let payer = (typical ? receivers : honestIDs).randomElement(using: &random)!
                let provider = (typical ? providers : honestIDs).randomElement(using: &random)!
                guard payer != provider, householdOf[payer] != householdOf[provider] else { continue }
                let owned = honestListings.filter { $0.owner == provider }
                let item = Bool.random(using: &random) ? owned.randomElement(using: &random) : nil
                let at = daysAgo(Double.random(in: 0...Double(plan.days), using: &random))
                exchange(payer, provider, Int.random(in: 5...150, using: &random), at: at, listing: item)
                if Int.random(in: 0..<2, using: &random) == 0 {
                    rate(payer, provider, Int.random(in: 3...5, using: &random), at: at.addingTimeInterval(3600))
                }
                placed += 1
            }
            // A handful of one-off complaints between honest neighbours: no target reaches a cluster.
            for _ in 0..<(plan.honestMembers / 30) {
                let pair = honestIDs.shuffled(using: &random).prefix(2)
                report(pair.first!, about: pair.last!, at: daysAgo(Double.random(in: 0...5, using: &random)))
            }
        }

        mutating func plant() -> Planted {
            let home = household()
            let sameHousehold = [member(household: home), member(household: home)]
            exchange(sameHousehold[0], sameHousehold[1], 50, at: daysAgo(6))
            let sharedDevice = [member(fingerprints: ["device-shared-1"]), member(fingerprints: ["device-shared-1", "ip-x"])]
            exchange(sharedDevice[0], sharedDevice[1], 40, at: daysAgo(5))

            let ring3 = [member(), member(), member()]
            let ring3Exchanges = (0..<3).map { exchange(ring3[$0], ring3[($0 + 1) % 3], 100, at: daysAgo(12 - Double($0))) }
            let ring4 = [member(), member(), member(), member()]
            let ring4Exchanges = (0..<4).map { exchange(ring4[$0], ring4[($0 + 1) % 4], 80, at: daysAgo(20 - 2 * Double($0))) }

            let ratingRing = [member(), member(), member()]
            for round in 0..<3 {
                for rater in ratingRing {
                    for ratee in ratingRing where ratee != rater { rate(rater, ratee, 5, at: daysAgo(30 - Double(round) * 7)) }
                }
            }

            let reseller = member()
            let seller = honestIDs[0]
            let original = listing(seller, category: 1, cents: 160_000, at: daysAgo(25))
            exchange(reseller, seller, 60, at: daysAgo(20), listing: original)
            _ = listing(reseller, category: 1, cents: 160_000, at: daysAgo(17), relistOf: original.id)

            let burstMember = member()
            let start = daysAgo(3)
            let burstExchanges = (0..<15).map { exchange(honestIDs[10 + $0], burstMember, 20, at: start.addingTimeInterval(Double($0) * 600)) }

            let reciprocalPair = [member(), member()]
            for round in 0..<3 {
                exchange(reciprocalPair[0], reciprocalPair[1], 30, at: daysAgo(15 - Double(round) * 4))
                exchange(reciprocalPair[1], reciprocalPair[0], 30, at: daysAgo(14 - Double(round) * 4))
            }

            let newAccount = member(ageDays: 4, verified: false)
            exchange(honestIDs[40], newAccount, 300, at: daysAgo(1))

            let inflater = member()
            let outlier = listing(inflater, category: 3, cents: 12_000 * 40, at: daysAgo(2))

            let reported = member()
            for reporter in [60, 70, 80, 90].map({ honestIDs[$0] }) { report(reporter, about: reported, at: daysAgo(2)) }

            return Planted(
                sameHousehold: sameHousehold, sharedDevice: sharedDevice, ring3: ring3, ring3Exchanges: ring3Exchanges,
                ring4: ring4, ring4Exchanges: ring4Exchanges, ratingRing: ratingRing, reseller: reseller,
                resoldListing: original.id, burstMember: burstMember, burstExchanges: burstExchanges,
                reciprocalPair: reciprocalPair, newAccount: newAccount, costOutlierListing: outlier.id, reportedMember: reported)
        }
    }
}
