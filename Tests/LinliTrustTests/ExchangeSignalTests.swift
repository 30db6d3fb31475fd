import Foundation
import LinliDomain
import LinliRules
import Testing
@testable import LinliTrust

@Suite("Exchange signals (incremental)")
struct ExchangeSignalTests {
    typealias F = TrustFixture

    @Test("self-dealing: same household, shared fingerprint, strangers")
    func selfDealing() {
        var members = F.members(4)
        members[1].householdID = members[0].householdID
        members[3].fingerprints.insert(members[2].fingerprints.first!)
        let cases: [(TrustExchange, [MemberID]?)] = [
            (F.x(1, 1, 2, daysAgo: 1), [F.id(1), F.id(2)]),
            (F.x(2, 3, 4, daysAgo: 1), [F.id(3), F.id(4)]),
            (F.x(3, 1, 3, daysAgo: 1), nil),
        ]
        for (exchange, expected) in cases {
            let found = F.incremental([exchange], members: members).filter { $0.type == .selfDealing }
            #expect(found.first?.subjects == expected, "\(exchange.id)")
            if expected != nil {
                #expect(found.first?.evidence.exchanges == [exchange.id])
                #expect(found.first?.score == FraudPolicy().selfDealing.score)
            }
        }
    }

    @Test("velocity fires above exchanges_per_day, not at it, and only inside 24 hours")
    func velocity() {
        let limit = FraudPolicy().velocity.exchangesPerDay
        let atLimit = (0..<limit).map { F.x($0, 1, 2 + $0 % 6, daysAgo: 0.5 - Double($0) / 100) }
        #expect(F.incremental(atLimit).filter { $0.type == .velocity }.isEmpty)
        let above = atLimit + [F.x(99, 1, 3, daysAgo: 0.01)]
        let found = F.incremental(above).filter { $0.type == .velocity }
        #expect(found.count == 1)
        #expect(found.first?.subjects == [F.id(1)])
        #expect(found.first?.evidence.exchanges.count == limit + 1)
        let spread = (0...limit).map { F.x($0, 1, 2 + $0 % 6, daysAgo: Double($0) * 0.2) }
        #expect(F.incremental(spread.reversed()).filter { $0.type == .velocity }.isEmpty)
    }

    @Test("reciprocity needs min_round_trips in both directions inside the window")
    func reciprocity() {
        let three = [F.x(1, 1, 2, daysAgo: 9), F.x(2, 2, 1, daysAgo: 8), F.x(3, 1, 2, daysAgo: 7),
                     F.x(4, 2, 1, daysAgo: 6), F.x(5, 1, 2, daysAgo: 5), F.x(6, 2, 1, daysAgo: 4)]
        let found = F.incremental(three).filter { $0.type == .reciprocity }
        #expect(found.count == 1)
        #expect(found.first?.subjects == [F.id(1), F.id(2)])
        #expect(found.first?.evidence.exchanges == ["x1", "x2", "x3", "x4", "x5", "x6"])
        #expect(F.incremental(Array(three.dropLast())).filter { $0.type == .reciprocity }.isEmpty)
        let stale = [F.x(1, 1, 2, daysAgo: 60)] + three.dropFirst()
        #expect(F.incremental(stale).filter { $0.type == .reciprocity }.isEmpty)
    }

    @Test("rings of length 3 and 4 are found with their exchanges; open chains, out-of-order, stale or small edges are not")
    func rings() {
        let ring3 = [F.x(1, 1, 2, daysAgo: 5), F.x(2, 2, 3, daysAgo: 4), F.x(3, 3, 1, daysAgo: 3)]
        let found3 = F.incremental(ring3).filter { $0.type == .ring }
        #expect(found3.count == 1)
        #expect(found3.first?.cycle == [F.id(1), F.id(2), F.id(3)])
        #expect(found3.first?.evidence.exchanges == ["x1", "x2", "x3"])

        let ring4 = [F.x(1, 4, 5, daysAgo: 5), F.x(2, 5, 6, daysAgo: 4), F.x(3, 6, 7, daysAgo: 3), F.x(4, 7, 4, daysAgo: 2)]
        let found4 = F.incremental(ring4).filter { $0.type == .ring }
        #expect(found4.map(\.cycle) == [[F.id(4), F.id(5), F.id(6), F.id(7)]])
        #expect(found4.first?.evidence.exchanges == ["x1", "x2", "x3", "x4"])

        let ring5 = [F.x(1, 1, 2, daysAgo: 5), F.x(2, 2, 3, daysAgo: 4), F.x(3, 3, 4, daysAgo: 3),
                     F.x(4, 4, 5, daysAgo: 2), F.x(5, 5, 1, daysAgo: 1)]
        #expect(F.incremental(ring5).filter { $0.type == .ring }.isEmpty)
        let chain = [F.x(1, 1, 2, daysAgo: 5), F.x(2, 2, 3, daysAgo: 4), F.x(3, 1, 3, daysAgo: 3)]
        #expect(F.incremental(chain).filter { $0.type == .ring }.isEmpty)
        let stale = [F.x(1, 1, 2, daysAgo: 45), F.x(2, 2, 3, daysAgo: 4), F.x(3, 3, 1, daysAgo: 3)]
        #expect(F.incremental(stale).filter { $0.type == .ring }.isEmpty)
        let againstTheFlow = [F.x(3, 3, 1, daysAgo: 5), F.x(2, 2, 3, daysAgo: 4), F.x(1, 1, 2, daysAgo: 3)]
        #expect(F.incremental(againstTheFlow).filter { $0.type == .ring }.isEmpty, "no points went round")
        let small = [F.x(1, 1, 2, points: 5, daysAgo: 5), F.x(2, 2, 3, daysAgo: 4), F.x(3, 3, 1, daysAgo: 3)]
        #expect(F.incremental(small).filter { $0.type == .ring }.isEmpty)
        var threeOnly = FraudPolicy()
        threeOnly.rings.maxLength = 3
        #expect(F.incremental(ring4, policy: threeOnly).filter { $0.type == .ring }.isEmpty)
    }

    @Test("a ring closed by an out-of-order exchange is judged against the exchanges before it in time")
    func outOfOrder() {
        var engine = FraudEngine(policy: FraudPolicy(), members: F.members(3))
        _ = engine.evaluate(newExchange: F.x(1, 1, 2, daysAgo: 5))
        _ = engine.evaluate(newExchange: F.x(3, 3, 1, daysAgo: 3))
        // x2 happened before x3: it closes nothing at its own time.
        #expect(engine.evaluate(newExchange: F.x(2, 2, 3, daysAgo: 4)).filter { $0.type == .ring }.isEmpty)
        let replay = FraudEngine.recompute(snapshot: TrustSnapshot(members: F.members(3), exchanges: [
            F.x(1, 1, 2, daysAgo: 5), F.x(3, 3, 1, daysAgo: 3), F.x(2, 2, 3, daysAgo: 4),
        ]), policy: FraudPolicy(), now: F.now)
        #expect(replay.filter { $0.type == .ring }.map(\.evidence.exchanges) == [["x1", "x2", "x3"]])
    }

    @Test("concentration: most earnings from one payer, only with min_exchanges")
    func concentration() {
        let mostlyOne = (0..<4).map { F.x($0, 1, 2, daysAgo: 10 - Double($0)) } + [F.x(9, 3, 2, points: 10, daysAgo: 1)]
        let found = F.incremental(mostlyOne).filter { $0.type == .concentration }
        #expect(found.count == 1)
        #expect(found.first?.subjects == [F.id(2)])
        #expect(found.first?.evidence.exchanges == ["x0", "x1", "x2", "x3"])
        #expect(found.first?.evidence.members == [F.id(1), F.id(2)])
        let four = Array(mostlyOne.prefix(4))
        #expect(F.incremental(four).filter { $0.type == .concentration }.isEmpty)
        let spread = (0..<6).map { F.x($0, 1 + $0 % 3, 5, daysAgo: 10 - Double($0)) }
        #expect(F.incremental(spread).filter { $0.type == .concentration }.isEmpty)
    }

    @Test("new account with a high value, on either side")
    func newAccount() {
        var members = F.members(3)
        members[2].createdAt = F.ago(3)
        let cases: [(TrustExchange, [MemberID])] = [
            (F.x(1, 1, 3, points: 250, daysAgo: 1), [F.id(3)]),
            (F.x(2, 3, 1, points: 200, daysAgo: 1), [F.id(3)]),
            (F.x(3, 1, 3, points: 199, daysAgo: 1), []),
            (F.x(4, 1, 2, points: 900, daysAgo: 1), []),
        ]
        for (exchange, expected) in cases {
            let found = F.incremental([exchange], members: members).filter { $0.type == .newAccountHighValue }
            #expect(found.flatMap(\.subjects) == expected, "\(exchange.id)")
        }
    }

    @Test("exchanges that did not complete add no edge")
    func noShowIgnored() {
        var ring = [F.x(1, 1, 2, daysAgo: 5), F.x(2, 2, 3, daysAgo: 4), F.x(3, 3, 1, daysAgo: 3)]
        ring[1].outcome = .noShow(F.id(2))
        #expect(F.incremental(ring).isEmpty)
    }

    @Test("graph windows: edges from a start time and before a given edge")
    func graphWindow() {
        var graph = ExchangeGraph(members: F.members(3))
        let e0 = graph.add(F.x(0, 1, 2, daysAgo: 10))
        let e1 = graph.add(F.x(1, 1, 3, daysAgo: 2))
        let e2 = graph.add(F.x(2, 1, 2, daysAgo: 5))
        let node = graph.nodeOf[F.id(1)]!
        #expect(graph.outgoing[node] == [e0, e2, e1])
        let start = ExchangeGraph.seconds(F.ago(6))
        #expect(Array(graph.outgoing[node][graph.window(graph.outgoing[node], from: start, before: e1)]) == [e2])
        #expect(graph.window(graph.outgoing[node], from: Int64.min, before: e0).isEmpty)
    }
}
