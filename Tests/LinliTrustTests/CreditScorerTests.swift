import Foundation
import LinliDomain
import LinliRules
import Testing
@testable import LinliTrust

@Suite("Credit score")
struct CreditScorerTests {
    typealias F = TrustFixture
    let scorer = CreditScorer(policy: CreditScorePolicy())

    func contribution(_ score: CreditScore?, _ key: CreditComponent.Key) -> String? {
        score?.components.first { $0.key == key }?.contribution.description
    }

    @Test("each component and its contribution, with the default weights")
    func components() throws {
        var members = F.members(3)
        members[0].createdAt = F.ago(95)  // 3 whole months
        members[1].verified = false
        var exchanges = (0..<4).map { F.x($0, 1, 2, daysAgo: 10) }
        exchanges.append(TrustExchange(id: "ns", payer: F.id(1), provider: F.id(3), points: 10, at: F.ago(5), outcome: .noShow(F.id(1))))
        exchanges.append(TrustExchange(id: "dl", payer: F.id(1), provider: F.id(3), points: 10, at: F.ago(5), outcome: .disputeLost(F.id(1))))
        let reports = [
            TrustReport(id: "r1", reporter: F.id(2), target: .member(F.id(1)), targetMember: F.id(1), at: F.ago(3), upheld: true),
            TrustReport(id: "r2", reporter: F.id(3), target: .member(F.id(1)), targetMember: F.id(1), at: F.ago(3), upheld: false),
        ]
        let score = scorer.score(of: F.id(1), in: TrustSnapshot(members: members, exchanges: exchanges, reports: reports), now: F.now)
        let table: [(CreditComponent.Key, String)] = [
            (.completedExchanges, "2.00"),  // 4 × 0.5
            (.ratings, "0.00"),
            (.upheldReports, "-8.00"),
            (.noShows, "-5.00"),
            (.lostDisputes, "-6.00"),
            (.accountAge, "1.50"),  // 3 × 0.5
            (.realNameVerified, "10.00"),
        ]
        for (key, expected) in table { #expect(contribution(score, key) == expected, "\(key)") }
        #expect(score?.score.description == "54.50")
        #expect(score?.level == 1)
        #expect(score?.components.allSatisfy { !$0.labelZH.isEmpty && !$0.labelEN.isEmpty } == true)
    }

    /// One reporter filing the same complaint again joins the same case: it is one upheld report.
    /// Another reporter in that case, or the same reporter in another case, counts on its own.
    @Test("upheld reports count once per reporter and case", arguments: [
        ([("a", 2), ("a", 2), ("a", 2)], "-8.00"),
        ([("a", 2), ("a", 3)], "-16.00"),
        ([("a", 2), ("b", 2)], "-16.00"),
        ([("a", 2), ("a", 2), ("b", 3), ("b", 3), ("b", 2)], "-24.00"),
    ])
    func upheldReportsOncePerReporterAndCase(reports: [(caseID: String, reporter: Int)], expected: String) {
        let members = F.members(3)
        let filed = reports.enumerated().map { index, report in
            TrustReport(
                id: "r\(index)", reporter: F.id(report.reporter), target: .member(F.id(1)), targetMember: F.id(1), at: F.ago(3),
                upheld: true, caseID: report.caseID)
        }
        let score = scorer.score(of: F.id(1), in: TrustSnapshot(members: members, reports: filed), now: F.now)
        #expect(contribution(score, .upheldReports) == expected)
    }

    @Test("caps, clamping and levels")
    func capsAndClamp() {
        var members = F.members(2)
        members[0].createdAt = F.ago(5000)
        let many = (0..<100).map { F.x($0, 1, 2, daysAgo: 1) }
        let score = scorer.score(of: F.id(1), in: TrustSnapshot(members: members, exchanges: many), now: F.now)
        #expect(contribution(score, .completedExchanges) == "20.00")  // capped at 40
        #expect(contribution(score, .accountAge) == "12.00")  // capped at 24 months
        #expect(score?.unclamped.description == "102.00")
        #expect(score?.score.description == "100.00")
        #expect(score?.level == 4)
    }

    @Test("ratings are weighted by the rater's rating-free standing, once per rater")
    func ratingsWeighted() {
        var members = F.members(3)
        members[1].verified = false
        members[1].createdAt = F.ago(1)
        let ratings = [
            TrustRating(id: "a", rater: F.id(2), ratee: F.id(1), stars: 5, at: F.ago(1)),
            TrustRating(id: "b", rater: F.id(2), ratee: F.id(1), stars: 5, at: F.ago(1)),
            TrustRating(id: "c", rater: F.id(3), ratee: F.id(1), stars: 1, at: F.ago(1)),
        ]
        let scores = scorer.scores(TrustSnapshot(members: members, ratings: ratings), now: F.now)
        // Rater 2: 60 → standing 0.6; mean +2 → +1.2. Rater 3: 60 + 6.5 (13 months) + 10 = 76.5 → 0.765; −2 → −1.53.
        #expect(scores[F.id(1)]?.components.first { $0.key == .ratings }?.input.description == "-0.33")
        #expect(contribution(scores[F.id(1)], .ratings) == "-0.33")
    }

    @Test("a rating ring of fresh accounts gains little; related raters count zero")
    func ringResistance() {
        var members = F.members(6)
        for index in 0..<4 {
            members[index].createdAt = F.ago(2)
            members[index].verified = false
        }
        members[5].householdID = members[4].householdID
        var ratings: [TrustRating] = []
        for rater in 1...4 {
            for ratee in 1...4 where ratee != rater {
                for n in 0..<20 { ratings.append(TrustRating(id: "\(rater)-\(ratee)-\(n)", rater: F.id(rater), ratee: F.id(ratee), stars: 5, at: F.ago(1))) }
            }
        }
        ratings.append(TrustRating(id: "family", rater: F.id(6), ratee: F.id(5), stars: 5, at: F.ago(1)))
        let scores = scorer.scores(TrustSnapshot(members: members, ratings: ratings), now: F.now)
        // Three raters, each once, standing 0.6 each: 3 × 2 × 0.6 = 3.6 — not 60 ratings' worth.
        #expect(contribution(scores[F.id(1)], .ratings) == "3.60")
        #expect(contribution(scores[F.id(5)], .ratings) == "0.00")
    }

    @Test("events after `now` are not counted")
    func asOfNow() {
        let later = [F.x(1, 1, 2, daysAgo: -1)]
        let score = scorer.score(of: F.id(1), in: TrustSnapshot(members: F.members(2), exchanges: later), now: F.now)
        #expect(contribution(score, .completedExchanges) == "0.00")
    }
}
