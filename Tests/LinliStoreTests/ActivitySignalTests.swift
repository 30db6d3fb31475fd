import Foundation
import LinliDomain
import LinliStore
import Testing

/// The wake-up between outbox commits and the delivery worker. Assertions are on whether a wait
/// ended by notification or by its deadline, never on elapsed time (the test machine may be busy).
@Suite struct ActivitySignalTests {
    @Test func aNotificationBeforeTheWaitIsNotLost() async {
        let signal = ActivitySignal()
        signal.notify()
        #expect(await signal.wait(upTo: .seconds(600)), "ended by the pending notification")
        // Consumed: the next wait runs to its (short) deadline.
        #expect(await signal.wait(upTo: .milliseconds(20)) == false)
    }

    @Test func aNotificationWakesAWaiter() async {
        let signal = ActivitySignal()
        async let waited = signal.wait(upTo: .seconds(600))
        try? await Task.sleep(for: .milliseconds(50))
        signal.notify()
        #expect(await waited, "woken by notify, not by the 10-minute deadline")
    }

    @Test func committedOutboxEventsRaiseTheSignalAndRollbacksDoNot() async throws {
        let fixture = try StoreFixture()
        let (_, admin) = try fixture.bootstrap()
        let signal = fixture.database.outboxActivity
        await signal.wait(upTo: .milliseconds(1))  // consume the bootstrap's own events
        struct Failure: Error {}
        _ = try? fixture.store.transactionSync { tx -> Void in
            try tx.emit(admin.communityID, type: "member.joined", subject: "member:rolled-back", payload: ["n": 1])
            throw Failure()
        }
        #expect(await signal.wait(upTo: .milliseconds(50)) == false, "a rolled-back event wakes nobody")
        try fixture.store.transactionSync { tx in
            try tx.emit(admin.communityID, type: "member.joined", subject: "member:committed", payload: ["n": 2])
        }
        #expect(await signal.wait(upTo: .seconds(600)), "a committed event does")
    }
}
