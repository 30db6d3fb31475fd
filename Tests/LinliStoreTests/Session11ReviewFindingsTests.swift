import Foundation
import GRDB
import LinliDelivery
import LinliDomain
import Testing
@testable import LinliStore

/// Defects an adversarial review (session 12, against `8a8406e`) found in session 11's work: the
/// upheld-report reward queue (`ReportRewards`), `ledger verify`'s `report_reward` check, the
/// local day and chat endpoints' event scope. Each test failed before its fix; the comments say
/// what was wrong.
@Suite struct Session11ReviewFindingsTests {
    func payDue(_ f: ListingFixture) throws -> ReportRewards.Round {
        try f.store.transactionSync { tx in try ReportRewards.payDue(tx, rules: f.services.rules) }
    }

    func balance(_ f: ListingFixture, _ member: MemberID) throws -> Int {
        try f.base.database.readSync { db in
            try LedgerAccounts.member(db, community: f.resident.communityID, member: member).balance
        }
    }

    func resolveUpheld(_ f: ListingFixture, _ id: CaseID, reward: Int, as moderator: Principal) throws {
        _ = try f.store.transactionSync { tx in
            _ = try CaseCommands.claim(tx, principal: moderator, id: id, leaseSeconds: 900, actor: .member(moderator, requestID: nil))
            return try CaseCommands.resolve(
                tx, principal: moderator, id: id, input: CaseResolutionInput(actions: [.init(kind: .warn)], reason: "核实属实"),
                policies: TrustPolicies(upheldReportReward: reward), services: f.services, limits: .standard,
                actor: .member(moderator, requestID: nil))
        }
    }

    /// Was: `ledger.upheld_report_reward` may be up to 10,000 in a rule file, but the per-member
    /// daily reward cap is fixed at 60 (`LedgerLimits.standard`). A reward above the cap never fit
    /// in any day: `payDue` deferred it to the next day, every day, while the reporter's inbox
    /// promised it "tomorrow". Now such a reward is paid on a day of its own.
    @Test func aRewardAboveTheDailyCapIsDeferredForeverInsteadOfEverBeingPaid() throws {
        let f = try ListingFixture()
        let reporter = f.resident.memberID
        let points = LedgerLimits.standard.memberDailyRewardCap + 1
        let moderationCase = try f.fileReport(about: f.neighbour.memberID, as: f.resident)
        try resolveUpheld(f, moderationCase.id, reward: points, as: f.moderatorA)
        let promised = try f.base.count(
            "SELECT COUNT(*) FROM member_notifications WHERE member_id = ? AND kind = 'report_resolved' AND parameters_json LIKE ?",
            [reporter.rawValue, "%\"reward\":\"\(points)\"%"])
        #expect(promised == 1, "the reporter is promised the reward the next day")

        var deferred: [String] = []
        var paid = 0
        for _ in 0..<7 {
            f.clock.advance(by: 86_400)
            let round = try payDue(f)
            paid += round.paid
            deferred += round.deferred
        }
        #expect(paid == 1, "a week later the promised \(points) points were never paid; deferred every day with \(deferred)")
        #expect(try balance(f, reporter) == points)
    }

    /// Was: a reporter banned between the decision and the next local day was still paid by the
    /// service, although a banned member takes part in nothing else. Now the reward waits while
    /// the reporter is suspended or banned, and is paid the day after they are active again.
    @Test func aReporterBannedBeforePaydayIsStillPaid() throws {
        let f = try ListingFixture()
        let reporter = f.resident.memberID
        let moderationCase = try f.fileReport(about: f.neighbour.memberID, as: f.resident)
        _ = try f.claimAndResolve(moderationCase.id, [.init(kind: .warn)], as: f.moderatorA)
        _ = try f.store.transactionSync { tx in
            try MemberCommands.changeStatus(
                tx, principal: f.admin, id: reporter, input: StatusChangeInput(status: .banned, reason: "多账号刷奖励", until: nil),
                expectedVersion: nil, actor: .member(f.admin, requestID: nil))
        }
        let round = try f.payReportRewardsNextDay()
        #expect(round.paid == 0, "a banned reporter was paid by the service")
        #expect(round.deferred == ["auth.member_inactive"])
        #expect(try balance(f, reporter) == 0, "a banned reporter's balance grew by the reward")
        // The ban is lifted on appeal: the reward, held meanwhile, is paid at the next day's start.
        _ = try f.store.transactionSync { tx in
            try MemberCommands.changeStatus(
                tx, principal: f.admin, id: reporter, input: StatusChangeInput(status: .active, reason: "申诉成立", until: nil),
                expectedVersion: nil, actor: .member(f.admin, requestID: nil))
        }
        #expect(try f.payReportRewardsNextDay().paid == 1)
        #expect(try balance(f, reporter) == 5)
    }

    /// Was: an organizer of a community whose rule file names no rewards could grant any
    /// category, `upheld_report` included, without a memo: `ledger verify` then reported a
    /// `report_reward` violation ("no upheld case owes"), and anyone who may grant rewards could
    /// forge something that looks exactly like a report reward. Now the category is the service's.
    @Test func anOrganizerRewardInTheUpheldReportCategoryFailsLedgerVerify() throws {
        let f = try ListingFixture()
        let organizer = try f.base.member("赵组织", role: .organizer, in: f.admin).1
        var refused: DomainError?
        do {
            _ = try f.store.transactionSync { tx in
                try LedgerRewardCommands.grant(
                    tx, community: organizer.communityID, principal: organizer,
                    input: RewardInput(memberID: f.resident.memberID, points: 5, category: CaseCommands.upheldReportCategory, reason: "感谢举报"),
                    idempotencyKey: "organizer-upheld-report", actor: .member(organizer, requestID: nil), limits: .standard)
            }
        } catch let error as DomainError {
            refused = error
        }
        #expect(refused?.fieldIssues.map(\.pointer) == ["/category"], "\(String(describing: refused))")
        let violations = try f.base.database.readSync { db in try LedgerVerifier().verify(db) }.violations.map(\.description)
        #expect(violations.isEmpty, "\(violations)")
    }

    /// Was: `LocalDayWindow` ended a day at `startOfDay + 1 day`. Where daylight-saving time
    /// starts at midnight (America/Santiago, 2026-09-06 00:00 → 01:00) the day starts at 01:00, so
    /// its "end" was 01:00 of the next day, an hour after that day really starts (00:00, 03:00
    /// UTC): a case upheld that Sunday was due at 04:00 UTC, and daily-cap windows overlapped.
    @Test func theNextLocalDayIsAnHourLateAfterAMidnightDaylightSavingChange() throws {
        let f = try ListingFixture()
        try f.base.database.writeSync { db in
            try db.execute(sql: "UPDATE communities SET timezone = 'America/Santiago' WHERE id = ?", arguments: [f.admin.communityID.rawValue])
        }
        // Sunday 2026-09-06 12:00 in Santiago (UTC-3 after the change) = 15:00 UTC.
        f.clock.set(Date(timeIntervalSince1970: 1_788_706_800))
        let moderationCase = try f.fileReport(about: f.neighbour.memberID, as: f.resident)
        _ = try f.claimAndResolve(moderationCase.id, [.init(kind: .warn)], as: f.moderatorA)
        let due = try f.base.database.readSync { db in try String.fetchOne(db, sql: "SELECT due_at FROM report_rewards") }
        // Monday 2026-09-07 00:00 in Santiago = 03:00 UTC.
        let mondayMidnight = Date(timeIntervalSince1970: 1_788_750_000)
        #expect(due == StoredTime.text(mondayMidnight), "due \(due ?? "nil"), expected the start of Monday \(StoredTime.text(mondayMidnight))")
    }

    /// Was: a group robot following `*` with its own template for `member.verified` (a text
    /// without names) got such events; when the organizer removed the template, the messages
    /// already queued stayed pending and were rendered at send time with the generic fallback,
    /// `【member.verified】member:…`, which names the member. Now the change cancels them
    /// (`endpoint.unsubscribed`), and neither resend nor recover brings them back.
    @Test func queuedMessagesOfATypeTheGroupNoLongerHasATextForStillGoOutWithTheFallback() throws {
        let fixture = try StoreFixture()
        let (_, admin) = try fixture.bootstrap()
        let group = try fixture.store.transactionSync { tx in
            try WebhookEndpointCommands.create(
                tx, principal: admin,
                draft: EndpointDraft(
                    url: "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=abcdef", format: .wecom, events: ["*"],
                    chat: ChatOptions(templates: ["member.verified": "有居民完成了实名核验"])),
                actor: .commandLine
            ).endpoint
        }
        _ = try fixture.store.transactionSync { tx in
            try tx.emit(admin.communityID, type: "member.verified", subject: "member:mem_reporter", payload: ["member_id": "mem_reporter"])
            return try WebhookQueue.fanOut(tx, batch: 100)
        }
        let pendingSQL = """
            SELECT COUNT(*) FROM webhook_messages m JOIN outbox_events e ON e.id = m.event_id
            WHERE m.endpoint_id = ? AND m.status = 'pending' AND e.event_type = 'member.verified'
            """
        #expect(try fixture.count(pendingSQL, [group.id.rawValue]) == 1)

        let updated = try fixture.store.transactionSync { tx in
            try WebhookEndpointCommands.update(
                tx, principal: admin, id: group.id, draft: EndpointDraft(chat: ChatOptions()), expectedVersion: nil, actor: .commandLine)
        }
        #expect(!updated.endpoint.subscribes(to: "member.verified"))
        let text = try MessageTemplates.render(
            OutboundEvent(
                id: "evt_1", type: "member.verified", communityID: admin.communityID.rawValue, subject: "member:mem_reporter",
                occurredAt: Date(), payload: ["member_id": "mem_reporter"]),
            options: updated.endpoint.chat)
        #expect(
            try fixture.count(pendingSQL, [group.id.rawValue]) == 0,
            "still pending for the group, to be sent as: \(text)")
        let message = try #require(try fixture.database.readSync { db in
            try String.fetchOne(db, sql: "SELECT id FROM webhook_messages WHERE endpoint_id = ?", arguments: [group.id.rawValue])
        })
        #expect(try fixture.database.readSync { db in
            try String.fetchOne(db, sql: "SELECT last_failure_code FROM webhook_messages WHERE id = ?", arguments: [message])
        } == "endpoint.unsubscribed")
        #expect(throws: DomainError(code: "webhook.event_not_subscribed", category: .conflict, parameters: ["event_type": "member.verified"])) {
            try fixture.store.transactionSync { tx in
                try WebhookMessageCommands.resend(tx, principal: admin, id: WebhookMessageID(trusted: message), actor: .commandLine)
            }
        }
        let recovered = try fixture.store.transactionSync { tx in
            try WebhookMessageCommands.recover(
                tx, principal: admin, endpoint: group.id, since: Date(timeIntervalSince1970: 0), actor: .commandLine)
        }
        #expect(recovered == 0)
    }
}
