import Foundation
import HummingbirdTesting
import LinliDomain
import LinliStore
import LinliTrust
import Testing

/// Session 25 review: a fraud-signal case now holds disputed exchanges too, and resolving them
/// waits for it; the moderators' list of disputes said nothing of it, so each resolution they
/// tried answered 409. The list shows `frozen_by_case` as the detail does.
@Suite struct FrozenDisputeHTTPTests {
    @Test func theDisputeQueueShowsWhichAreFrozen() async throws {
        let fixture = try APIFixture()
        let a = fixture.a
        _ = try fixture.environment.store.transactionSync { tx in
            try FraudSignalCommands.record(
                tx, community: a.community.id,
                signals: [
                    FraudSignal(
                        type: .ring, score: 100, subjects: [a.target.id], evidence: SignalEvidence(exchanges: ["trf_1"]),
                        at: Date(), explanationZH: "测试", explanationEN: "test")
                ],
                freezeAtScore: 80)
        }
        try await fixture.run { client in
            let moderator = a.secret(.moderator)
            let queue = try await client.call(.get, "/v1/exchanges?state=disputed", token: moderator)
            #expect(queue.status == .ok)
            let items = try #require(try queue.object()["items"] as? [[String: Any]])
            let seeded = try #require(items.first { $0["id"] as? String == a.exchange.id.rawValue })
            let caseID = try #require(seeded["frozen_by_case"] as? String)
            let resolved = try await client.call(
                .post, "/v1/exchanges/\(a.exchange.id)/resolve", token: moderator, json: #"{"outcome":"refund","note":"无法使用"}"#)
            #expect(resolved.status == .conflict)
            #expect(try resolved.object()["code"] as? String == "exchange.frozen")
            #expect((try resolved.object()["detail"] as? String)?.contains(caseID) == true)

            // The case says the points are frozen while it is open, and only then (session 32
            // walk: a resolved case still said `holds_frozen: true`); `froze_holds` keeps the history.
            let open = try await client.call(.get, "/v1/cases/\(caseID)", token: moderator).object()
            let openCase = try #require(open["case"] as? [String: Any] ?? open as [String: Any]?)
            #expect(openCase["holds_frozen"] as? Bool == true && openCase["froze_holds"] as? Bool == true, "\(open)")
            // And why it was opened: the signal about the member, and the exchange it froze.
            let signals = try #require(open["signals"] as? [[String: Any]])
            #expect(signals.map { $0["type"] as? String } == ["ring"] && (signals.first?["explanation"] as? String) == "测试")
            let frozen = try #require(open["frozen_exchanges"] as? [[String: Any]])
            #expect(frozen.map { $0["exchange_id"] as? String } == [a.exchange.id.rawValue] && frozen.first?["lifted_at"] == nil)
            #expect(try await client.call(.post, "/v1/cases/\(caseID)/claim", token: moderator).status == .ok)
            let decided = try await client.call(
                .post, "/v1/cases/\(caseID)/resolution", token: moderator, json: #"{"actions":[{"kind":"dismiss"}],"reason":"误报"}"#)
            #expect(decided.status == .ok, "\(String(buffer: decided.body))")
            let after = try await client.call(.get, "/v1/cases/\(caseID)", token: moderator).object()
            let closed = try #require(after["case"] as? [String: Any] ?? after as [String: Any]?)
            #expect(closed["status"] as? String == "resolved")
            #expect(closed["holds_frozen"] as? Bool == false && closed["froze_holds"] as? Bool == true, "\(after)")
            let released = try #require(after["frozen_exchanges"] as? [[String: Any]])
            #expect(released.first?["lifted_at"] as? String != nil, "\(released)")
            // Dismissed as a false alarm, the signal is still shown, as dismissed.
            let dismissedSignals = try #require(after["signals"] as? [[String: Any]])
            #expect(dismissedSignals.map { $0["status"] as? String } == ["dismissed"], "\(dismissedSignals)")
        }
    }
}
