import Foundation
import LinliDomain
import LinliStore
import Testing

/// The wake-up between outbox commits and the delivery worker.
@Suite struct ActivitySignalTests {
    @Test func aNotificationBeforeTheWaitIsNotLost() async {
        let signal = ActivitySignal()
        signal.notify()
        let clock = ContinuousClock()
        let elapsed = await clock.measure { await signal.wait(upTo: .seconds(30)) }
        #expect(elapsed < .seconds(10), "returned at once, not after the 30 s deadline")
        // Consumed: the next wait runs to its (short) deadline.
        let second = await clock.measure { await signal.wait(upTo: .milliseconds(50)) }
        #expect(second >= .milliseconds(50))
    }

    @Test func aNotificationWakesAWaiter() async {
        let signal = ActivitySignal()
        let clock = ContinuousClock()
        let elapsed = await clock.measure {
            async let waited: Void = signal.wait(upTo: .seconds(30))
            try? await Task.sleep(for: .milliseconds(50))
            signal.notify()
            await waited
        }
        #expect(elapsed < .seconds(10))
    }

    @Test func committedOutboxEventsRaiseTheSignalAndRollbacksDoNot() async throws {
        let fixture = try StoreFixture()
        let (_, admin) = try fixture.bootstrap()
        let signal = fixture.database.outboxActivity
        await signal.wait(upTo: .milliseconds(1))  // consume the bootstrap's own events
        struct Failure: Error {}
        _ = try? fixture.store.transactionSync { tx -> Void in
            try tx.emit(admin.communityID, type: "test.rolled_back", subject: "s", payload: ["n": 1])
            throw Failure()
        }
        let clock = ContinuousClock()
        let idle = await clock.measure { await signal.wait(upTo: .milliseconds(50)) }
        #expect(idle >= .milliseconds(50), "a rolled-back event wakes nobody")
        try fixture.store.transactionSync { tx in
            try tx.emit(admin.communityID, type: "test.committed", subject: "s", payload: ["n": 2])
        }
        let woken = await clock.measure { await signal.wait(upTo: .seconds(30)) }
        #expect(woken < .seconds(10))
    }
}
