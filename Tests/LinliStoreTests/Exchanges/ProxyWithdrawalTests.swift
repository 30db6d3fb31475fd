import Foundation
import LinliDomain
import LinliStore
import Testing

/// Helper 114: 王秀英 withdrew her consent ("我自己来"), and the staff member who had requested an
/// exchange for her still confirmed it in her name: 29 points left her account. Work staff
/// registered for a resident is theirs to carry on only until she withdraws a consent naming them.
@Suite struct ProxyWithdrawalTests {
    @Test func aWithdrawnConsentEndsTheWorkRegisteredBeforeIt() throws {
        let f = try ExchangeFixture()
        let consent = try f.store.transactionSync { tx in
            try ProxyConsentCommands.grant(
                tx, principal: f.neighbour, input: NewProxyConsentInput(memberID: nil, agentID: f.staff.memberID, expiresAt: nil, note: nil),
                actor: f.actor(f.neighbour))
        }
        let lamp = try f.offer("台灯")
        let accepted = try f.accept(try f.request(lamp, as: f.staff, for: f.neighbour.memberID)).exchange
        f.clock.advance(by: 60)
        _ = try f.store.transactionSync { tx in
            try ProxyConsentCommands.revoke(
                tx, principal: f.neighbour, id: consent.id, input: ProxyRevocationInput(reason: "我自己来"), expectedVersion: nil,
                actor: f.actor(f.neighbour))
        }
        let before = try f.balance(f.neighbour.memberID)
        #expect(throws: DomainError.self) { _ = try f.complete(accepted, as: f.staff) }
        #expect(try f.balance(f.neighbour.memberID) == before, "nothing paid in her name")
        #expect(try f.complete(accepted, as: f.neighbour).state == .completed, "she confirms it herself")

        // Registered at the desk after she withdrew it (she came in person): carried on.
        f.clock.advance(by: 60)
        let again = try f.accept(try f.request(try f.offer("电扇"), as: f.staff, for: f.neighbour.memberID)).exchange
        #expect(try f.complete(again, as: f.staff).state == .completed)
        #expect(try f.verify().isClean)
    }
}
