import Foundation
import LinliDomain
import LinliStore
import Testing

/// The event norms come from the community's rule file in force (`events:`): the household share
/// of an event whose organizer set none, when the door opens, how far ahead the reminder goes.
@Suite struct EventRulesTests {
    /// The default rule file with its `events:` values replaced, as version 2 of the community's rules.
    static func rules(share: Int = 2, doorMinutes: Int = 120, reminderHours: Int = 24) -> RuleSource {
        var text = RuleSource.preset("default")!.text
        text = text.replacingOccurrences(of: "\nversion: 1 ", with: "\nversion: 2 ")
        text = text.replacingOccurrences(of: "default_per_household_limit: 2 ", with: "default_per_household_limit: \(share) ")
        text = text.replacingOccurrences(of: "check_in_opens_before_minutes: 120 ", with: "check_in_opens_before_minutes: \(doorMinutes) ")
        text = text.replacingOccurrences(of: "reminder_lead_hours: 24 ", with: "reminder_lead_hours: \(reminderHours) ")
        return RuleSource(fileName: "events-v2.yaml", text: text)
    }

    static func adopt(_ f: EventFixture, _ source: RuleSource) throws {
        _ = try f.store.transactionSync { tx in
            try RuleSetCommands.upload(
                tx, community: f.admin.communityID, source: source, principal: f.admin, actor: .member(f.admin, requestID: nil), activate: true)
        }
    }

    /// An event of the organizer's that leaves the household share to the rules.
    static func announce(_ f: EventFixture, startsIn: TimeInterval, share: Int? = nil) throws -> CommunityEvent {
        let now = f.base.clock.now()
        let input = NewCommunityEventInput(
            kind: .activity, title: "书法课", place: "活动室", startsAt: now.addingTimeInterval(startsIn),
            endsAt: now.addingTimeInterval(startsIn + 7_200), capacity: 20, perHouseholdLimit: share)
        return try f.store.transactionSync { tx in
            try CommunityEventCommands.create(tx, principal: f.organizer, input: input, actor: .member(f.organizer, requestID: nil), rules: f.rules)
        }.event
    }

    @Test func theShippedFileHoldsTheStandardNorms() throws {
        let f = try EventFixture(residents: 0)
        let rules = try f.base.database.readSync { db in try f.rules.current(db, community: f.admin.communityID, at: f.base.clock.now()) }
        #expect(rules.events == EventRules.standard)
        #expect(EventRules.standard.defaultPerHouseholdLimit == 2)
        #expect(EventRules.standard.checkInOpensBefore == 7_200)
        #expect(EventRules.standard.reminderLead == 86_400)
    }

    @Test func theHouseholdShareAnOrganizerLeavesOpenIsTheRuleFiles() throws {
        let f = try EventFixture()
        #expect(try Self.announce(f, startsIn: 86_400 * 3).perHouseholdLimit == 2)
        try Self.adopt(f, Self.rules(share: 4))
        #expect(try Self.announce(f, startsIn: 86_400 * 3).perHouseholdLimit == 4)
        #expect(try Self.announce(f, startsIn: 86_400 * 3, share: 1).perHouseholdLimit == 1, "the organizer's own share stands")
    }

    @Test func theDoorOpensWhenTheRuleFileSays() throws {
        let f = try EventFixture()
        try Self.adopt(f, Self.rules(doorMinutes: 30))
        let event = try Self.announce(f, startsIn: 3_600)
        let seated = try f.register(f.residents[2], event)
        f.base.clock.advance(by: 20 * 60)  // 40 minutes before the start: the standard door would be open
        do {
            _ = try f.checkIn(seated, as: f.staff)
            Issue.record("checked in 40 minutes early under a 30-minute door")
        } catch let error as DomainError {
            #expect(error.code == "event.check_in_closed")
            #expect(error.parameters["opens_at"] == event.startsAt.addingTimeInterval(-1_800).formatted(.iso8601))
        }
        f.base.clock.advance(by: 10 * 60)
        #expect(try f.checkIn(seated, as: f.staff).registration.state == .checkedIn)
    }

    @Test func aDoorOpenOnlyAtTheStartIsAllowed() throws {
        let f = try EventFixture()
        try Self.adopt(f, Self.rules(doorMinutes: 0))
        let event = try Self.announce(f, startsIn: 600)
        let seated = try f.register(f.residents[2], event)
        f.base.clock.advance(by: 599)
        #expect(throws: DomainError.self) { try f.checkIn(seated, as: f.staff) }
        f.base.clock.advance(by: 1)
        #expect(try f.checkIn(seated, as: f.staff).registration.state == .checkedIn)
    }

    @Test func theReminderGoesAsFarAheadAsTheRuleFileSays() throws {
        let f = try EventFixture()
        try Self.adopt(f, Self.rules(reminderHours: 48))
        _ = try Self.announce(f, startsIn: 60 * 3_600)
        #expect(try f.remind() == 0, "60 hours ahead")
        f.base.clock.advance(by: 12 * 3_600)
        #expect(try f.remind() == 1, "48 hours ahead")
        #expect(try f.remind() == 0)
        // Announced 40 hours ahead, inside the 48-hour lead: the announcement was the reminder.
        _ = try Self.announce(f, startsIn: 40 * 3_600)
        #expect(try f.remind() == 0)
    }

    @Test func aNewLeadAppliesToEventsNotYetReminded() throws {
        let f = try EventFixture()
        _ = try Self.announce(f, startsIn: 60 * 3_600)
        f.base.clock.advance(by: 12 * 3_600)  // 48 hours ahead: the standard lead is a day
        #expect(try f.remind() == 0)
        try Self.adopt(f, Self.rules(reminderHours: 72))
        #expect(try f.remind() == 1)
    }

    @Test func eachCommunityIsRemindedOnItsOwnLead() throws {
        let f = try EventFixture()
        try Self.adopt(f, Self.rules(reminderHours: 72))
        let (_, otherAdmin) = try f.base.bootstrap(name: "第二社区")
        let otherOrganizer = try f.base.member("另一位组织者", role: .organizer, in: otherAdmin).1
        let now = f.base.clock.now()
        // The other community (a day's lead) has events starting sooner than this one's, several
        // of them: they must not take the batch from this community's event, which is due first.
        for hour in 38..<41 {
            let input = NewCommunityEventInput(
                kind: .activity, title: "义诊\(hour)", place: "卫生站", startsAt: now.addingTimeInterval(Double(hour) * 3_600),
                endsAt: now.addingTimeInterval(Double(hour + 1) * 3_600), capacity: 10)
            _ = try f.store.transactionSync { tx in
                try CommunityEventCommands.create(
                    tx, principal: otherOrganizer, input: input, actor: .member(otherOrganizer, requestID: nil), rules: f.rules)
            }
        }
        let mine = try Self.announce(f, startsIn: 80 * 3_600)
        #expect(try f.remind() == 0)
        f.base.clock.advance(by: 9 * 3_600)  // mine 71 hours ahead (lead 72), theirs 29–31 (lead 24)
        let reminded = try f.store.transactionSync { tx in try EventReminders.remindDue(tx, rules: f.rules, batch: 2) }
        #expect(reminded == 1)
        #expect(try f.outbox("event.reminder").count == 1)
        #expect(try f.outbox("event.reminder").first?.contains(mine.id.rawValue) == true)
        f.base.clock.advance(by: 6.5 * 3_600)  // theirs 22.5, 23.5 and 24.5 hours ahead
        #expect(try f.store.transactionSync { tx in try EventReminders.remindDue(tx, rules: f.rules, batch: 2) } == 2)
        #expect(try f.remind() == 0, "the third starts in 24.5 hours")
        f.base.clock.advance(by: 3_600)
        #expect(try f.remind() == 1)
    }
}
