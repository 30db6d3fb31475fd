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

    /// Closing is announced where the deadline was (the chat groups), and everyone in the line is
    /// told where they stand, the desk that put a resident there too; the seated are not bothered,
    /// and the reason, written for the record, is not shown.
    @Test func theGroupsAndTheWaitingLineAreTold() throws {
        let f = try EventFixture()
        let event = try f.market(capacity: 1, perHousehold: 5)
        _ = try f.register(f.residents[0], event)
        _ = try f.register(f.residents[1], event)
        _ = try f.register(f.staff, event, for: f.residents[2].memberID)
        _ = try close(f, event, reason: "场地只够这些人")

        let payloads = try f.outbox("event.registration_closed").map { try #require(try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]) }
        #expect(payloads.count == 1)
        #expect(payloads.first?["registered"] as? String == "1")
        #expect(payloads.first?["waitlisted"] as? String == "2")
        #expect(payloads.first?["line_waiting"] as? String == "yes")
        #expect(payloads.first?["title"] as? String == event.title)
        #expect(payloads.first?["reason"] == nil)

        let told = try f.base.database.readSync { db in
            try Row.fetchAll(db, sql: "SELECT * FROM member_notifications WHERE kind = 'event_registration_closed_waiting' ORDER BY id")
                .map(MemberNotifications.decode)
        }
        #expect(told.map(\.memberID) == [f.residents[1].memberID, f.residents[2].memberID])
        #expect(told.map { $0.parameters["waiting_position"] } == ["1", "2"])
        #expect(told.first?.text(in: .zhCN).contains("已停止报名。您仍在候补第 1 位") == true)
        #expect(told.allSatisfy { !$0.text(in: .zhCN).contains("场地只够") })
        let desk = try f.base.database.readSync { db in
            try Row.fetchAll(
                db, sql: "SELECT * FROM member_notifications WHERE member_id = ? AND kind = 'event_news_for_registrar'",
                arguments: [f.staff.memberID.rawValue]
            ).map(MemberNotifications.decode)
        }
        #expect(desk.map { $0.parameters["news"] } == ["registration_closed"])
        #expect(desk.first?.text(in: .zhCN).contains("仍在候补第 2 位") == true)

        // Closed already: nobody is told twice.
        _ = try close(f, event)
        #expect(try f.outbox("event.registration_closed").count == 1)
        #expect(try f.base.count("SELECT COUNT(*) FROM member_notifications WHERE kind = 'event_registration_closed_waiting'") == 2)
    }

    /// No line: the groups read the count alone, not "0 waiting" nor a line that moves.
    @Test func withoutALineTheAnnouncementSaysNothingOfOne() throws {
        let f = try EventFixture()
        let event = try f.market(capacity: 3)
        _ = try f.register(f.residents[0], event)
        _ = try close(f, event)
        let payload = try #require(try f.outbox("event.registration_closed").first)
        let data = try #require(try JSONSerialization.jsonObject(with: Data(payload.utf8)) as? [String: Any])
        #expect(data["waitlisted"] as? String == "0")
        #expect(data["line_waiting"] == nil)
        #expect(try f.base.count("SELECT COUNT(*) FROM member_notifications WHERE kind = 'event_registration_closed_waiting'") == 0)
    }
}
