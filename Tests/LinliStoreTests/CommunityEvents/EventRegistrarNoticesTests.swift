import Foundation
import GRDB
import LinliDomain
@testable import LinliStore
import Testing

/// Helper 142: a resident registered at the desk heard of a moved or cancelled market only in an
/// inbox she never opens, and the staff member who registered her, who could phone her, heard
/// nothing. Now they are told too; whoever made the change and anyone she has since withdrawn
/// her consent from are not.
@Suite struct EventRegistrarNoticesTests {
    func notices(_ f: EventFixture, to member: Principal) throws -> [MemberNotification] {
        try f.base.database.readSync { db in
            try Row.fetchAll(
                db, sql: "SELECT * FROM member_notifications WHERE member_id = ? AND kind = 'event_news_for_registrar' ORDER BY id",
                arguments: [member.memberID.rawValue]
            ).map(MemberNotifications.decode)
        }
    }

    @Test func theStaffWhoRegisteredHerHearOfAMoveACancellationAndASeat() throws {
        let f = try EventFixture()
        let event = try f.market(capacity: 1)
        _ = try f.register(f.residents[0], event)
        let waiting = try f.register(f.staff, event, for: f.residents[1].memberID)
        #expect(waiting.registration.state == .waitlisted)
        // Her own registration: nothing for anyone but her.
        _ = try f.register(f.residents[2], try f.market(capacity: 5))

        // The first gives her seat up: the one in line takes it, and the desk hears.
        let first = try f.base.database.readSync { db in
            try EventRegistration.fetchOne(db, sql: "SELECT * FROM event_registrations WHERE member_id = ?", arguments: [f.residents[0].memberID.rawValue])
        }
        _ = try f.cancel(f.residents[0], try #require(try f.base.database.readSync { db in
            try CommunityEventQueries.entry(db, try #require(first), event: nil)
        }))
        var told = try notices(f, to: f.staff)
        #expect(told.map { $0.parameters["news"] } == ["seat_granted"])
        #expect(told.last?.parameters["member_id"] == f.residents[1].memberID.rawValue)
        #expect(told.last?.text(in: .zhCN).contains("有名额空出，已转为正式报名；如本人不能参加") == true)
        #expect(told.last?.text(in: .zhCN).hasSuffix("可能看不到手机上的通知，请转告本人。") == true)

        let moved = try f.patch(event, #"{"place":"活动室"}"#)
        _ = try f.store.transactionSync { tx in
            try CommunityEventCommands.cancel(
                tx, principal: f.organizer, id: event.id, input: EventReasonInput(reason: "暴雨。"), expectedVersion: moved.event.version,
                actor: .member(f.organizer, requestID: nil))
        }
        told = try notices(f, to: f.staff)
        #expect(told.map { $0.parameters["news"] } == ["seat_granted", "changed", "cancelled"])
        #expect(told[1].text(in: .en).contains("which you registered") && told[1].text(in: .en).contains("活动室"))
        #expect(told[2].text(in: .zhCN).contains("已取消，原因：暴雨。"), "\(told[2].text(in: .zhCN))")
        // Nobody else gets one: the organizer made the changes, the residents registered themselves.
        #expect(try f.base.count("SELECT COUNT(*) FROM member_notifications WHERE kind = 'event_news_for_registrar'") == 3)
    }

    /// Whoever makes the change knows it; a staff member she has since withdrawn her consent from
    /// is not kept informed of her doings.
    @Test func theChangerAndAWithdrawnAgentAreNotTold() throws {
        let f = try EventFixture()
        let event = try f.market(capacity: 5)
        _ = try f.register(f.organizer, event, for: f.residents[0].memberID)
        _ = try f.register(f.staff, event, for: f.residents[1].memberID)
        let consent = try f.store.transactionSync { tx in
            try ProxyConsentCommands.grant(
                tx, principal: f.residents[1], input: NewProxyConsentInput(memberID: nil, agentID: f.staff.memberID, expiresAt: nil, note: nil),
                actor: .member(f.residents[1], requestID: nil))
        }
        _ = try f.store.transactionSync { tx in
            try ProxyConsentCommands.revoke(
                tx, principal: f.residents[1], id: consent.id, input: ProxyRevocationInput(reason: "我自己来"), expectedVersion: nil,
                actor: .member(f.residents[1], requestID: nil))
        }
        _ = try f.patch(event, #"{"place":"活动室"}"#)
        #expect(try notices(f, to: f.organizer).isEmpty)
        #expect(try notices(f, to: f.staff).isEmpty)
        // Helper 143: nor one who may no longer register others (made a resident since).
        _ = try f.register(f.staff, event, for: f.residents[2].memberID)
        _ = try f.store.transactionSync { tx in
            try MemberCommands.changeRole(
                tx, principal: f.admin, id: f.staff.memberID, input: RoleChangeInput(role: .resident, reason: "离职"),
                expectedVersion: nil, actor: .member(f.admin, requestID: nil))
        }
        _ = try f.patch(event, #"{"place":"中心广场"}"#)
        #expect(try notices(f, to: f.staff).isEmpty)
        // The residents themselves were told: two of the first move, three of the second.
        #expect(try f.base.count("SELECT COUNT(*) FROM member_notifications WHERE kind = 'event_changed'") == 5)
    }

    /// Helper 142: a seat granted at the door read as if nothing had begun.
    @Test func aSeatGrantedOnceTheEventHasBegunSaysSo() throws {
        let f = try EventFixture()
        let event = try f.market(capacity: 1, startsIn: 600)
        let seated = try f.register(f.residents[0], event)
        _ = try f.register(f.staff, event, for: f.residents[1].memberID)
        f.base.clock.advance(by: 900)
        _ = try f.cancel(f.residents[0], seated)
        let granted = try #require(try f.base.database.readSync { db in
            try Row.fetchAll(db, sql: "SELECT * FROM member_notifications WHERE kind = 'event_seat_granted'").map(MemberNotifications.decode).first
        })
        #expect(granted.text(in: .zhCN).contains("活动已经开始，如能参加请尽快到场"), "\(granted.text(in: .zhCN))")
        #expect(granted.text(in: .en).contains("It has already begun: come now if you can"))
        // The desk that put her in line is asked to call her now (helper 143).
        let desk = try #require(try notices(f, to: f.staff).last)
        #expect(desk.text(in: .zhCN).contains("活动已经开始，请尽快联系本人到场"), "\(desk.text(in: .zhCN))")
    }

    /// Helper 143: the day-before reminder and a registration given up by someone else reached
    /// only her inbox; the desk that registered her is told of both.
    @Test func theDeskHearsTheReminderAndAGivenUpRegistration() throws {
        let f = try EventFixture()
        let event = try f.market(capacity: 5)  // in two days: announced outside the reminder lead
        let hers = try f.register(f.staff, event, for: f.residents[0].memberID)
        f.base.clock.advance(by: 86_400 + 3_600)
        #expect(try f.remind() == 1)
        _ = try f.cancel(f.organizer, hers)
        let told = try notices(f, to: f.staff)
        #expect(told.map { $0.parameters["news"] } == ["reminder", "registration_cancelled"])
        #expect(told[0].text(in: .zhCN).hasPrefix("提醒：您为 "), "\(told[0].text(in: .zhCN))")
        #expect(told[1].text(in: .en).contains("was given up by someone else."), "\(told[1].text(in: .en))")
        // The staff member giving it up themselves is not told what they did.
        let again = try f.register(f.staff, event, for: f.residents[0].memberID)
        _ = try f.cancel(f.staff, again)
        #expect(try notices(f, to: f.staff).count == 2)
    }

    /// Helper 143: a registrar whose own step freed the seat was told of the grant it caused.
    @Test func theDeskFreeingTheSeatIsNotToldItWasGranted() throws {
        let f = try EventFixture()
        let event = try f.market(capacity: 1)
        let seated = try f.register(f.staff, event, for: f.residents[0].memberID)
        _ = try f.register(f.staff, event, for: f.residents[1].memberID)  // waiting
        _ = try f.cancel(f.staff, seated)
        #expect(try f.base.count("SELECT COUNT(*) FROM member_notifications WHERE kind = 'event_seat_granted'") == 1)
        #expect(try notices(f, to: f.staff).isEmpty)
    }
}
