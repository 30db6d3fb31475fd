import Foundation
import LinliDomain
import LinliRules
import Testing
@testable import LinliTrust

@Suite("Listing, rating, report and resale signals")
struct ActivitySignalTests {
    typealias F = TrustFixture

    func signals(_ snapshot: TrustSnapshot, policy: FraudPolicy = FraudPolicy()) -> [FraudSignal] {
        FraudEngine.recompute(snapshot: snapshot, policy: policy, now: F.now)
    }

    func listing(_ n: Int, owner: Int, category: String = "books", cents: Int? = nil, hoursAgo: Double, relistOf: ListingID? = nil) -> TrustListing {
        TrustListing(id: F.listingID(n), owner: F.id(owner), category: category, createdAt: F.now.addingTimeInterval(-hoursAgo * 3600),
                     declaredCostCents: cents, relistOf: relistOf)
    }

    @Test("listing velocity per hour and per day: one finding per burst")
    func listingVelocity() {
        let perHour = FraudPolicy().velocity.listingsPerHour
        let burst = (0...perHour).map { listing($0, owner: 1, hoursAgo: 1 - Double($0) / 10) }
        let found = signals(TrustSnapshot(members: F.members(2), listings: burst)).filter { $0.type == .velocity }
        #expect(found.count == 1)
        #expect(found.first?.evidence.listings.count == perHour + 1)
        let calm = (0...perHour).map { listing($0, owner: 1, hoursAgo: Double($0) * 2) }
        #expect(signals(TrustSnapshot(members: F.members(2), listings: calm)).isEmpty)
    }

    @Test("report velocity above reports_per_day")
    func reportVelocity() {
        let limit = FraudPolicy().velocity.reportsPerDay
        let reports = (0...limit).map {
            TrustReport(id: "r\($0)", reporter: F.id(1), target: .member(F.id(2 + $0 % 5)), targetMember: F.id(2 + $0 % 5),
                        at: F.ago(0.5 - Double($0) / 100))
        }
        let found = signals(TrustSnapshot(members: F.members(8), reports: reports)).filter { $0.type == .velocity }
        #expect(found.map(\.subjects) == [[F.id(1)]])
        #expect(found.first?.evidence.reports.count == limit + 1)
    }

    @Test("declared cost above factor × category median, only with enough samples")
    func costOutlier() {
        let typical = (0..<10).map { listing($0, owner: 1, cents: 1_000 + $0 * 10, hoursAgo: 50) }
        let inflated = listing(99, owner: 2, cents: 1_000 * 6, hoursAgo: 1)
        let found = signals(TrustSnapshot(members: F.members(3), listings: typical + [inflated])).filter { $0.type == .costOutlier }
        #expect(found.map(\.evidence.listings) == [[F.listingID(99)]])
        #expect(found.first?.subjects == [F.id(2)])
        let fewSamples = Array(typical.prefix(8)) + [inflated]
        #expect(signals(TrustSnapshot(members: F.members(3), listings: fewSamples)).filter { $0.type == .costOutlier }.isEmpty)
        let justBelow = listing(98, owner: 2, cents: 1_040 * 5, hoursAgo: 1)
        #expect(signals(TrustSnapshot(members: F.members(3), listings: typical + [justBelow])).filter { $0.type == .costOutlier }.isEmpty)
    }

    @Test("resale: relisted or sold within the window after receiving the item")
    func resale() {
        let original = listing(1, owner: 1, category: "tools", cents: 5_000, hoursAgo: 24 * 40)
        var exchange = F.x(1, 2, 1, daysAgo: 20)
        exchange.listingID = original.id
        exchange.isItem = true
        let relist = listing(2, owner: 2, category: "tools", cents: 5_000, hoursAgo: 24 * 15, relistOf: original.id)
        let found = signals(TrustSnapshot(members: F.members(3), exchanges: [exchange], listings: [original, relist]))
            .filter { $0.type == .resale }
        #expect(found.count == 1)
        #expect(found.first?.subjects == [F.id(2)])
        #expect(found.first?.evidence.exchanges == ["x1"])
        #expect(found.first?.evidence.listings == [F.listingID(1), F.listingID(2)])

        let sold = TrustItemSale(member: F.id(2), listingID: original.id, at: F.ago(1))
        #expect(signals(TrustSnapshot(members: F.members(3), exchanges: [exchange], listings: [original], itemSales: [sold]))
            .filter { $0.type == .resale }.count == 1)
        let late = listing(3, owner: 2, category: "tools", hoursAgo: 0, relistOf: original.id)
        var longAgo = exchange
        longAgo.at = F.ago(45)
        #expect(signals(TrustSnapshot(members: F.members(3), exchanges: [longAgo], listings: [original, late]))
            .filter { $0.type == .resale }.isEmpty)
        let someoneElse = listing(4, owner: 3, category: "tools", hoursAgo: 1, relistOf: original.id)
        #expect(signals(TrustSnapshot(members: F.members(3), exchanges: [exchange], listings: [original, someoneElse]))
            .filter { $0.type == .resale }.isEmpty)
    }

    func rating(_ n: Int, _ rater: Int, _ ratee: Int, stars: Int = 5, daysAgo: Double = 3) -> TrustRating {
        TrustRating(id: "rt\(n)", rater: F.id(rater), ratee: F.id(ratee), stars: stars, at: F.ago(daysAgo))
    }

    @Test("rating rings: mutual top ratings inside a small group")
    func ratingRings() {
        var ratings: [TrustRating] = []
        for round in 0..<3 {
            for (x, y) in [(1, 2), (2, 1), (2, 3), (3, 2)] { ratings.append(rating(ratings.count, x, y, daysAgo: Double(round + 1))) }
        }
        let found = signals(TrustSnapshot(members: F.members(4), ratings: ratings)).filter { $0.type == .ratingRing }
        #expect(found.map(\.subjects) == [[F.id(1), F.id(2), F.id(3)]])
        #expect(found.first?.evidence.ratings.count == 12)
        let twoRounds = Array(ratings.prefix(8))
        #expect(signals(TrustSnapshot(members: F.members(4), ratings: twoRounds)).filter { $0.type == .ratingRing }.isEmpty)
        let fourStars = ratings.map { var r = $0; r.stars = 4; return r }
        #expect(signals(TrustSnapshot(members: F.members(4), ratings: fourStars)).filter { $0.type == .ratingRing }.isEmpty)
        let old = ratings.map { var r = $0; r.at = F.ago(90); return r }
        #expect(signals(TrustSnapshot(members: F.members(4), ratings: old)).filter { $0.type == .ratingRing }.isEmpty)
    }

    /// A ring of five that rate each other cannot hide by adding a sixth account that swaps top
    /// ratings with one of them (session 21 review: the group of six was over `max_group_size`
    /// and the whole ring was dropped). An oversized group is split into its cliques.
    @Test("an oversized group is split into its cliques, not dropped")
    func anOversizedGroupIsSplitNotDropped() {
        var ratings: [TrustRating] = []
        var pairs: [(Int, Int)] = [(1, 6), (6, 1)]
        for x in 1...5 { for y in 1...5 where x != y { pairs.append((x, y)) } }
        for round in 0..<3 {
            for (x, y) in pairs { ratings.append(rating(ratings.count, x, y, daysAgo: Double(round + 1))) }
        }
        let found = signals(TrustSnapshot(members: F.members(7), ratings: ratings)).filter { $0.type == .ratingRing }
        #expect(Set(found.map(\.subjects)) == [(1...5).map { F.id($0) }], "the pair 1–6 is below the shipped minimum of three")
        #expect(found.first { $0.subjects.count == 5 }?.evidence.ratings.count == 60)
        var pairPolicy = FraudPolicy()
        pairPolicy.ratingRings.minGroupSize = 2
        let withPairs = signals(TrustSnapshot(members: F.members(7), ratings: ratings), policy: pairPolicy).filter { $0.type == .ratingRing }
        #expect(Set(withPairs.map(\.subjects)) == [(1...5).map { F.id($0) }, [F.id(1), F.id(6)]])
    }

    /// Helper 161 #1: a helper and the neighbour she visits rate each other five stars every
    /// time; with the shipped minimum of three they are no ring. A ring of three found again a
    /// week later, with newer ratings, continues the stored finding.
    @Test("a pair of regulars is no ring; a ring found again is one episode")
    func aPairOfRegularsIsNoRing() throws {
        var pair: [TrustRating] = []
        for round in 0..<6 {
            for (x, y) in [(1, 2), (2, 1)] { pair.append(rating(pair.count, x, y, daysAgo: Double(round + 1))) }
        }
        #expect(signals(TrustSnapshot(members: F.members(3), ratings: pair)).filter { $0.type == .ratingRing }.isEmpty)

        var ring: [TrustRating] = []
        for round in 0..<4 {
            for (x, y) in [(1, 2), (2, 1), (2, 3), (3, 2)] { ring.append(rating(ring.count, x, y, daysAgo: Double(20 - round * 5))) }
        }
        let earlier = try #require(signals(TrustSnapshot(members: F.members(4), ratings: Array(ring.prefix(12)))).first { $0.type == .ratingRing })
        let later = try #require(signals(TrustSnapshot(members: F.members(4), ratings: ring)).first { $0.type == .ratingRing })
        #expect(earlier.fingerprint != later.fingerprint)
        #expect(earlier.isEpisode(continuedBy: later), "the same group, overlapping ratings: one finding that grows")
    }

    /// Helper 161 #5: two bursts of one member months apart share only her name: two findings,
    /// not one episode; bursts sharing exchanges are one.
    @Test("findings about one member are one episode only when they share what happened")
    func episodesShareWhatHappened() {
        func burst(_ exchanges: [String]) -> FraudSignal {
            FraudSignal(
                type: .velocity, score: 30, subjects: [F.id(1)], evidence: SignalEvidence(exchanges: exchanges, members: [F.id(1)]),
                at: F.now, explanationZH: "测试", explanationEN: "test")
        }
        #expect(!burst(["x1", "x2", "x3"]).isEpisode(continuedBy: burst(["x7", "x8", "x9"])), "months apart")
        #expect(burst(["x1", "x2", "x3"]).isEpisode(continuedBy: burst(["x3", "x4"])))
    }

    @Test("report clusters count independent reporters: one household or shared device is one")
    func reportClusters() {
        func report(_ n: Int, by reporter: Int) -> TrustReport {
            TrustReport(id: "r\(n)", reporter: F.id(reporter), target: .member(F.id(1)), targetMember: F.id(1), at: F.ago(1))
        }
        let reports = [report(1, by: 2), report(2, by: 3), report(3, by: 4)]
        let found = signals(TrustSnapshot(members: F.members(6), reports: reports)).filter { $0.type == .reportCluster }
        #expect(found.map(\.subjects) == [[F.id(1)]])
        #expect(found.first?.evidence.reports == ["r1", "r2", "r3"])
        var related = F.members(6)
        related[3].householdID = related[2].householdID
        #expect(signals(TrustSnapshot(members: related, reports: reports)).filter { $0.type == .reportCluster }.isEmpty)
        var sharedDevice = F.members(6)
        sharedDevice[1].fingerprints.insert("device-4")
        #expect(signals(TrustSnapshot(members: sharedDevice, reports: reports)).filter { $0.type == .reportCluster }.isEmpty)
        let stale = reports.map { var r = $0; r.at = F.ago(10); return r }
        #expect(signals(TrustSnapshot(members: F.members(6), reports: stale)).filter { $0.type == .reportCluster }.isEmpty)
        // Helper 161 #2: reports a moderator has judged (dismissed, or upheld and penalised) are
        // not a cluster any more; only those of open cases count.
        for judged in [false, true] {
            let decided = reports.map { var r = $0; r.upheld = judged; return r }
            #expect(signals(TrustSnapshot(members: F.members(6), reports: decided)).filter { $0.type == .reportCluster }.isEmpty)
        }
        let oneDecided = reports.enumerated().map { index, report in var r = report; r.upheld = index == 0 ? false : nil; return r }
        #expect(signals(TrustSnapshot(members: F.members(6), reports: oneDecided)).filter { $0.type == .reportCluster }.isEmpty,
                "two open reports are not three")
    }

    @Test("bursts: overlapping windows merge into one run")
    func bursts() {
        let times = [0.0, 10, 20, 30, 5000, 5010].map { F.now.addingTimeInterval($0) }
        #expect(ActivitySignals.bursts(times, span: 60, above: 2) == [0..<4])
        #expect(ActivitySignals.bursts(times, span: 60, above: 1) == [0..<4, 4..<6])
        #expect(ActivitySignals.bursts(times, span: 60, above: 4).isEmpty)
    }
}
