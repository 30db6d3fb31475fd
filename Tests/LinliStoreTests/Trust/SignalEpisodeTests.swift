import Foundation
import GRDB
import LinliDomain
import LinliTrust
import Testing
@testable import LinliStore

/// A steady pattern is one finding, however many exchanges it spans (`FraudSignal.isEpisode`):
/// each new exchange of it grows the stored signal's evidence instead of being counted again.
/// Before, a helper paid twice a week by one elderly neighbour raised a concentration signal
/// (30) at the fifth session, another at the sixth and a third at the seventh: 90 ≥ the
/// rule file's `freeze_holds_at_score` of 80, and the helper's held points were frozen.
@Suite struct SignalEpisodeTests {
    func check(_ f: ExchangeFixture) throws -> FraudCheckOutcome {
        try f.store.transactionSync { tx in
            try FraudCheckCommands.run(tx, community: f.resident.communityID, rules: f.listings.services.rules)
        }
    }

    /// Books, completes and checks one weekly session of `offer`, then moves half a week on.
    func session(_ f: ExchangeFixture, _ offer: Listing) throws -> Exchange {
        let done = try f.complete(try f.accept(try f.request(offer)).exchange, minutes: 60)
        _ = try check(f)
        f.clock.advance(by: 3.5 * 86_400)
        return done
    }

    func concentration(_ f: ExchangeFixture, status: String) throws -> [StoredFraudSignal] {
        try f.base.database.readSync { db in
            try Row.fetchAll(db, sql: "SELECT * FROM fraud_signals WHERE type = 'concentration' AND status = ? ORDER BY id", arguments: [status])
                .map(FraudSignalCommands.decode)
        }
    }

    @Test func aRegularHelperIsOneFindingAndIsNotFrozen() throws {
        let f = try ExchangeFixture()
        let walks = try f.timeListing()
        var sessions: [Exchange] = []
        for _ in 0..<8 { sessions.append(try session(f, walks)) }
        let open = try concentration(f, status: "open")
        #expect(open.count == 1, "one pattern, one signal: \(open.map(\.signal.evidence.exchanges))")
        let evidence = Set(try #require(open.first).signal.evidence.exchanges)
        #expect(evidence.count >= 4, "the stored signal grew with the later sessions: \(evidence)")
        let pressure = try f.base.database.readSync { db in
            try SignalPressure.open(db, community: f.resident.communityID, member: f.resident.memberID)
        }
        #expect(pressure.score == 30)
        #expect(try f.base.count("SELECT COUNT(*) FROM trust_cases") == 0, "a steady helper is not frozen")
        #expect(try f.listings.events("fraud.signal_raised").count == 1)
        // The next booking's points stay free to move.
        let next = try f.accept(try f.request(walks)).exchange
        #expect(try f.complete(next, minutes: 60).state == .completed)
        #expect(sessions.allSatisfy { $0.state == .completed })
    }

    /// A dismissed episode stays dismissed; the sessions after it are a new finding (the same
    /// evidence does not fire again, new evidence does), and that finding again grows as one.
    @Test func afterADismissalTheNextSessionsAreOneNewFinding() throws {
        let f = try ExchangeFixture()
        let walks = try f.timeListing()
        for _ in 0..<6 { _ = try session(f, walks) }
        let first = try #require(try concentration(f, status: "open").first)
        _ = try f.store.transactionSync { tx in
            try FraudSignalCommands.dismiss(
                tx, principal: f.moderator, id: first.id, reason: "每周陪同就医，邻居确认", actor: .member(f.moderator, requestID: nil))
        }
        for _ in 0..<3 { _ = try session(f, walks) }
        #expect(try concentration(f, status: "dismissed").map(\.id) == [first.id])
        let open = try concentration(f, status: "open")
        #expect(open.count == 1)
        #expect(try f.base.count("SELECT COUNT(*) FROM trust_cases") == 0)
    }
}
