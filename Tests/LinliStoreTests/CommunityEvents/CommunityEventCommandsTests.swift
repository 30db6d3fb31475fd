import Foundation
import GRDB
import LinliDomain
@testable import LinliStore
import LinliDelivery
import Testing

/// Announcing, changing, cancelling and reminding events: what the chat groups, the inboxes and
/// the audit log receive, against a real SQLite file.
@Suite struct CommunityEventCommandsTests {
    static func json(_ text: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    @Test func anAnnouncementReachesTheChatGroupsInLocalTimeAndIsAudited() throws {
        let f = try EventFixture()
        let event = try f.market()
        let payload = try Self.json(try #require(try f.outbox("event.published").first))
        // The fixture's clock starts at 2026-01-01 00:00 UTC; two days later, 08:00 in Shanghai.
        #expect(payload["starts_at"] as? String == "2026-01-03 08:00")
        #expect(payload["starts_at_utc"] as? String == "2026-01-03T00:00:00Z")
        #expect(payload["capacity"] as? String == "2")
        #expect(payload["title"] as? String == "周末换物集市")
        #expect(try f.base.count("SELECT COUNT(*) FROM audit_entries WHERE action = 'event.created' AND target_id = ?", [event.id.rawValue]) == 1)
        #expect(throws: DomainError.forbidden(.eventManage)) {
            try f.store.transactionSync { tx in
                try CommunityEventCommands.create(
                    tx, principal: f.staff,
                    input: NewCommunityEventInput(
                        kind: .activity, title: "x", place: "y", startsAt: f.base.clock.now().addingTimeInterval(86_400),
                        endsAt: f.base.clock.now().addingTimeInterval(90_000), capacity: 5),
                    actor: .member(f.staff, requestID: nil), rules: f.rules)
            }
        }
    }

    @Test func aNewTimeIsAnnouncedAndToldToEveryoneRegisteredOrWaiting() throws {
        let f = try EventFixture()
        let event = try f.market(capacity: 1)
        _ = try f.register(f.residents[2], event)
        _ = try f.register(f.residents[3], event)
        let moved = try f.patch(event, #"{"starts_at":"2026-01-04T00:00:00Z","ends_at":"2026-01-04T03:00:00Z"}"#, version: 1)
        #expect(moved.event.version == 2)
        #expect(try f.outbox("event.updated").count == 1)
        let told = try f.inbox().filter { $0.1 == "event_changed" }.map(\.0)
        #expect(Set(told) == [f.residents[2].memberID.rawValue, f.residents[3].memberID.rawValue])
        // A change of description only is audited but not announced.
        _ = try f.patch(moved.event, #"{"description":"雨天改在活动室"}"#)
        #expect(try f.outbox("event.updated").count == 1)
        #expect(try f.base.count("SELECT COUNT(*) FROM audit_entries WHERE action = 'event.updated'") == 2)
        // A stale version is refused.
        #expect(throws: DomainError.versionConflict(current: 3)) { try f.patch(moved.event, #"{"title":"新标题"}"#, version: 1) }
    }

    /// Helper 133: a new place alone read "新时间" in the residents' group, and the inbox notice did
    /// not say what changed; a cancellation did not say which (a market held monthly under one title).
    @Test func aChangeSaysWhatChangedAndACancellationWhichOne() throws {
        let f = try EventFixture()
        let event = try f.market(capacity: 2)
        _ = try f.register(f.residents[2], event)
        let moved = try f.patch(event, #"{"place":"活动室"}"#)
        let payload = try #require(try f.outbox("event.updated").last)
        #expect(payload.contains("\"place_only\":\"yes\"") && payload.contains("\"previous_place\":\"中心广场\""), "\(payload)")
        let data = try #require(try JSONSerialization.jsonObject(with: Data(payload.utf8)) as? [String: String])
        let group = try MessageTemplates.render(
            OutboundEvent(id: "evt_1", type: "event.updated", communityID: "cmt_1", subject: "event:1", occurredAt: Date(), payload: .object(data.mapValues { .string($0) })),
            options: ChatOptions())
        #expect(group.contains("时间不变") && group.contains("新地点：活动室（原定 中心广场）") && !group.contains("新时间"), "\(group)")
        let notice = try #require(try f.base.database.readSync { db in
            try Row.fetchAll(db, sql: "SELECT * FROM member_notifications WHERE kind = 'event_changed'").map(MemberNotifications.decode).first
        })
        #expect(notice.text(in: .zhCN).hasPrefix("您报名的活动“周末换物集市”换了地点：现在在 活动室（原定 中心广场），时间不变："), "\(notice.text(in: .zhCN))")
        _ = try f.store.transactionSync { tx in
            try CommunityEventCommands.cancel(
                tx, principal: f.organizer, id: event.id, input: EventReasonInput(reason: "暴雨"), expectedVersion: moved.event.version,
                actor: .member(f.organizer, requestID: nil))
        }
        let cancelled = try #require(try f.base.database.readSync { db in
            try Row.fetchAll(db, sql: "SELECT * FROM member_notifications WHERE kind = 'event_cancelled'").map(MemberNotifications.decode).first
        })
        #expect(cancelled.text(in: .en).hasPrefix("An event you registered for was cancelled: 周末换物集市 ("), "\(cancelled.text(in: .en))")
        #expect(cancelled.text(in: .zhCN).contains("，活动室）。原因：暴雨"), "\(cancelled.text(in: .zhCN))")
    }

    /// Helper 104 (session 31): someone checked in at the door was told neither of a move nor of a
    /// cancellation, and after a move their registration stayed `checked_in` for the old day and
    /// could not be given up. Now they are told, and a new start seats them again (audited).
    @Test func peopleCheckedInAreToldAndAMoveUndoesTheirCheckIn() throws {
        let f = try EventFixture()
        let event = try f.market(capacity: 2, startsIn: 3_600)
        let door = try f.checkIn(try f.register(f.residents[2], event), as: f.staff)
        _ = try f.register(f.residents[3], event)
        #expect(door.registration.state == .checkedIn)
        let moved = try f.patch(event, #"{"starts_at":"2026-01-02T06:00:00Z","ends_at":"2026-01-02T08:00:00Z"}"#)
        let told = try f.inbox().filter { $0.1 == "event_changed" }.map(\.0)
        #expect(Set(told) == [f.residents[2].memberID.rawValue, f.residents[3].memberID.rawValue])
        #expect(try f.state(door) == "registered", "the check-in was for the old start")
        #expect(try f.base.count("SELECT COUNT(*) FROM audit_entries WHERE action = 'event.check_ins_reset'") == 1)
        // The notice names the new end too (a later end alone was invisible in it).
        let text = try f.base.database.readSync { db in
            try String.fetchOne(db, sql: "SELECT parameters_json FROM member_notifications WHERE kind = 'event_changed' LIMIT 1")
        }
        #expect(text?.contains("\"ends_at\":\"2026-01-02 16:00\"") == true, "\(text ?? "")")
        // Whose check-in was undone is told to check in again; the others are not (helper 125).
        let again = try f.base.database.readSync { db in
            try String.fetchAll(
                db, sql: "SELECT member_id FROM member_notifications WHERE kind = 'event_changed' AND parameters_json LIKE '%check_in_again%'")
        }
        #expect(again == [f.residents[2].memberID.rawValue])
        // Checked in again at the new door, then the event is called off: still told.
        f.base.clock.advance(by: 29 * 3_600)  // 2026-01-02 05:00 UTC: the door opens two hours before
        #expect(try f.checkIn(door, as: f.staff).registration.state == .checkedIn)
        _ = try f.store.transactionSync { tx in
            try CommunityEventCommands.cancel(
                tx, principal: f.organizer, id: event.id, input: EventReasonInput(reason: "厨师生病"), expectedVersion: moved.event.version,
                actor: .member(f.organizer, requestID: nil))
        }
        let cancelled = try f.inbox().filter { $0.1 == "event_cancelled" }.map(\.0)
        #expect(Set(cancelled) == [f.residents[2].memberID.rawValue, f.residents[3].memberID.rawValue])
    }

    /// Helper 133: lowering the household share below what a family holds was accepted silently.
    @Test func aHouseholdShareBelowWhatAFamilyHoldsIsRefused() throws {
        let f = try EventFixture()
        let event = try f.market(capacity: 5, perHousehold: 2)
        let first = try f.register(f.residents[0], event)
        _ = try f.register(f.residents[1], event)  // her housemate
        _ = try f.register(f.residents[2], event)
        // It names the family to talk to (helper 142).
        #expect(throws: DomainError(
            code: "event.household_limit_below_registrations", category: .conflict,
            parameters: ["most": "2", "limit": "1", "household_id": f.household.id.rawValue, "household_name": f.household.name])) {
            try f.patch(event, #"{"per_household_limit":1}"#)
        }
        _ = try f.cancel(f.residents[0], first)
        #expect(try f.patch(event, #"{"per_household_limit":1}"#).event.perHouseholdLimit == 1)
    }

    @Test func moreSeatsSeatPeopleWaitingAndFewerThanSeatedIsRefused() throws {
        let f = try EventFixture()
        let event = try f.market(capacity: 2)
        _ = try f.register(f.residents[2], event)
        _ = try f.register(f.residents[3], event)
        let waiting = try f.register(f.residents[4], event)
        #expect(throws: DomainError(code: "event.capacity_below_seats", category: .conflict, parameters: ["seats_taken": "2"])) {
            try f.patch(event, #"{"capacity":1}"#)
        }
        let bigger = try f.patch(event, #"{"capacity":3}"#)
        #expect(try f.state(waiting) == "registered")
        #expect(bigger.counts.seatsTaken == 3)
    }

    @Test func cancellingTellsEveryoneAndClosesTheEvent() throws {
        let f = try EventFixture()
        let event = try f.market(capacity: 1)
        _ = try f.register(f.residents[2], event)
        _ = try f.register(f.residents[3], event)
        #expect(throws: DomainError.self) {
            try f.store.transactionSync { tx in
                try CommunityEventCommands.cancel(
                    tx, principal: f.organizer, id: event.id, input: EventReasonInput(reason: " "), expectedVersion: nil,
                    actor: .member(f.organizer, requestID: nil))
            }
        }
        let cancelled = try f.store.transactionSync { tx in
            try CommunityEventCommands.cancel(
                tx, principal: f.organizer, id: event.id, input: EventReasonInput(reason: "暴雨预警"), expectedVersion: 1,
                actor: .member(f.organizer, requestID: nil))
        }
        #expect(cancelled.event.state == .cancelled)
        let payload = try Self.json(try #require(try f.outbox("event.cancelled").first))
        #expect(payload["reason"] as? String == "暴雨预警")
        #expect(try f.inbox().filter { $0.1 == "event_cancelled" }.count == 2)
        #expect(throws: DomainError(code: "event.cancelled", category: .conflict, parameters: ["reason": "暴雨预警"])) {
            try f.register(f.residents[4], event)
        }
        // Someone registered before hears it too, not "already registered" (session 30 walk).
        #expect(throws: DomainError(code: "event.cancelled", category: .conflict, parameters: ["reason": "暴雨预警"])) {
            try f.register(f.residents[2], event)
        }
    }

    @Test func theReminderGoesOutOnceADayAheadAndAgainAfterTheStartMoves() throws {
        let f = try EventFixture()
        let event = try f.market(capacity: 1)  // starts in two days
        _ = try f.register(f.residents[2], event)
        _ = try f.register(f.residents[3], event)  // waiting: not reminded
        func remind() throws -> Int { try f.remind() }
        #expect(try remind() == 0, "two days ahead: not yet")
        f.base.clock.advance(by: 86_400 + 60)
        #expect(try remind() == 1)
        #expect(try remind() == 0, "each start is reminded once")
        let payload = try Self.json(try #require(try f.outbox("event.reminder").first))
        #expect(payload["registered"] as? String == "1")
        #expect(payload["location"] as? String == "中心广场")
        #expect(try f.inbox().filter { $0.1 == "event_reminder" }.map(\.0) == [f.residents[2].memberID.rawValue])
        // Moved three days later: reminded again the day before the new start.
        _ = try f.patch(event, #"{"starts_at":"2026-01-06T00:00:00Z","ends_at":"2026-01-06T03:00:00Z"}"#)
        #expect(try remind() == 0)
        f.base.clock.advance(by: 3 * 86_400)
        #expect(try remind() == 1)
    }

    @Test func anEventAnnouncedWithinADayIsNotRemindedOnTopOfItsAnnouncement() throws {
        let f = try EventFixture()
        _ = try f.market(startsIn: 6 * 3_600)
        #expect(try f.remind() == 0)
    }

    @Test func listsShowUpcomingEventsSoonestFirstAndPastOnesLatestFirst() throws {
        let f = try EventFixture()
        let later = try f.market(startsIn: 5 * 86_400)
        let sooner = try f.market(startsIn: 2 * 86_400)
        let soonest = try f.market(startsIn: 3_600)
        func list(_ when: EventTimeFilter, after: String? = nil) throws -> Page<CommunityEventSummary> {
            try f.base.database.readSync { db in
                try CommunityEventQueries.list(
                    db, principal: f.residents[2], when: when, kind: nil, now: f.base.clock.now(), page: PageRequest(after: after, limit: 2))
            }
        }
        let first = try list(.upcoming)
        #expect(first.items.map(\.event.id) == [soonest.id, sooner.id])
        let second = try list(.upcoming, after: first.nextAfter)
        #expect(second.items.map(\.event.id) == [later.id])
        #expect(second.nextAfter == nil)
        f.base.clock.advance(by: 6 * 86_400)
        #expect(try list(.past).items.map(\.event.id) == [later.id, sooner.id])
        #expect(throws: DomainError(code: "cursor.malformed", category: .invalidInput)) { try list(.past, after: "nonsense") }
    }

    /// Session 27 review (helper 85): registration open until the end (walk-ins), then only the
    /// end moved earlier: 422 at `/registration_closes_at`, a field the organizer had not sent,
    /// while moving the start adjusted the deadline silently. The deadline now follows the end.
    @Test func anEarlierEndTakesARegistrationDeadlineThatRanToTheEndWithIt() throws {
        let f = try EventFixture()
        let event = try f.market()
        let iso = ISO8601DateFormatter()
        let open = try f.patch(event, #"{"registration_closes_at":"\#(iso.string(from: event.endsAt))"}"#)
        #expect(open.event.registrationClosesAt == event.endsAt)
        let earlier = event.endsAt.addingTimeInterval(-3_600)
        let shortened = try f.patch(open.event, #"{"ends_at":"\#(iso.string(from: earlier))"}"#)
        #expect(shortened.event.endsAt == earlier && shortened.event.registrationClosesAt == earlier)
        // A deadline the organizer does send is still checked against the end.
        #expect(throws: DomainError.self) {
            try f.patch(shortened.event, #"{"registration_closes_at":"\#(iso.string(from: event.endsAt))"}"#)
        }
    }

    /// Helper 125: an end moved into the past, on a market under way, ended it for good (every
    /// later change is `event.ended`, the door closed) and told the group a wrong time. It is
    /// refused at `/ends_at`; an end still to come is taken, and ends the market early.
    @Test func anEndInThePastIsRefusedOnAMarketUnderWay() throws {
        let f = try EventFixture()
        let event = try f.market(startsIn: 600)
        f.base.clock.advance(by: 1_800)  // 20 minutes in
        let iso = ISO8601DateFormatter()
        let past = f.base.clock.now().addingTimeInterval(-300)
        do {
            _ = try f.patch(event, #"{"ends_at":"\#(iso.string(from: past))"}"#)
            Issue.record("an end in the past was taken")
        } catch let error as DomainError {
            #expect(error.fieldIssues.map(\.pointer) == ["/ends_at"])
            #expect(error.fieldIssues.first?.parameters["reason"] == "event.end_passed")
        }
        let soon = f.base.clock.now().addingTimeInterval(600)
        let shortened = try f.patch(event, #"{"ends_at":"\#(iso.string(from: soon))"}"#)
        #expect(shortened.event.endsAt == soon)
        // A change that leaves the end alone is not held to it.
        #expect(try f.patch(shortened.event, #"{"place":"小区东门"}"#).event.place == "小区东门")
    }
}
