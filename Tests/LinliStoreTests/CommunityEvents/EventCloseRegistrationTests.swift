import Foundation
import GRDB
import LinliDomain
@testable import LinliStore
import Testing

/// Helper 142 #5: an organizer could move the registration deadline only to a future minute, so a
/// market that filled up at the door could not say "no more" now.
@Suite struct EventCloseRegistrationTests {
    func close(_ f: EventFixture, _ event: CommunityEvent, as principal: Principal? = nil, reason: String? = nil) throws -> CommunityEventSummary {
        let principal = principal ?? f.organizer
        return try f.store.transactionSync { tx in
            try CommunityEventCommands.closeRegistration(
                tx, principal: principal, id: event.id, input: EventReasonInput(reason: reason), expectedVersion: nil,
                actor: .member(principal, requestID: nil))
        }
    }

    @Test func anOrganizerClosesRegistrationNow() throws {
        let f = try EventFixture()
        let event = try f.market(capacity: 1)
        let seated = try f.register(f.residents[0], event)
        _ = try f.register(f.residents[1], event)  // waiting
        #expect(throws: DomainError.forbidden(.eventManage)) { _ = try close(f, event, as: f.residents[2]) }
        let closed = try close(f, event, reason: "名额已满，不再接受报名")
        #expect(closed.event.registrationClosesAt == f.base.clock.now())
        #expect(closed.event.version == event.version + 1)
        let refused = Result { _ = try f.register(f.residents[2], event) }
        #expect((try? refused.get()) == nil)
        if case .failure(let error as DomainError) = refused { #expect(error.code == "event.registration_closed") }
        #expect(try f.base.count(
            "SELECT COUNT(*) FROM audit_entries WHERE action = 'event.registration_closed' AND reason = '名额已满，不再接受报名'") == 1)
        // The line still moves: a seat given up goes to the first in line.
        _ = try f.cancel(f.residents[0], seated)
        #expect(try f.base.count("SELECT COUNT(*) FROM event_registrations WHERE member_id = ? AND state = 'registered'", [f.residents[1].memberID.rawValue]) == 1)
        // Closed already: answered as it is, nothing more audited.
        f.base.clock.advance(by: 60)
        #expect(try close(f, event).event.version == closed.event.version)
        #expect(try f.base.count("SELECT COUNT(*) FROM audit_entries WHERE action = 'event.registration_closed'") == 1)
    }
}
