import Foundation
import LinliDomain
import LinliStore
import Testing

/// Helper 114: a clinic walk booked for tomorrow was confirmed today with 120 "actual" minutes:
/// the points were paid and the hours counted for help that had not happened. Time and skills
/// are confirmed from their scheduled start; an item whenever it is handed over.
@Suite struct ExchangeCompleteTooEarlyTests {
    @Test func timeIsConfirmedOnlyOnceItHasStarted() throws {
        let f = try ExchangeFixture()
        let start = f.clock.now().addingTimeInterval(26 * 3600)
        let accepted = try f.accept(try f.request(try f.timeListing(minutes: 60), start: start)).exchange
        let refused = #expect(throws: DomainError.self) { _ = try f.complete(accepted, minutes: 60, waitingForStart: false) }
        #expect(refused?.code == "exchange.complete_too_early")
        #expect(refused?.instants["scheduled_start"] == start)
        #expect(try f.account(f.resident.memberID).minutesServed == 0)
        // Nor disputed before it (a moderator's payment decision would pay for it, helper 117).
        let disputed = #expect(throws: DomainError.self) { _ = try f.dispute(accepted, waitingForStart: false) }
        #expect(disputed?.code == "exchange.dispute_too_early")
        f.clock.advance(by: 27 * 3600)
        #expect(try f.complete(accepted, minutes: 60).state == .completed)

        let item = try f.accept(try f.request(try f.offer("折叠梯"), start: f.clock.now().addingTimeInterval(48 * 3600))).exchange
        #expect(try f.complete(item).state == .completed, "an item handed over early is confirmed")
    }
}
