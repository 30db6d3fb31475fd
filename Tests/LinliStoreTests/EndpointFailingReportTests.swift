import Foundation
import GRDB
import LinliDelivery
import LinliDomain
@testable import LinliStore
import Testing

/// `endpoint.failing` for messages that used up their retries is raised once per failing period
/// of the endpoint (migration 0020), not once per message: every message of an endpoint that is
/// down runs out of retries in turn, and the staff group got the same news hundreds of times
/// behind its robot's rate limit (session 15 review). Disabling always raises it.
@Suite struct EndpointFailingReportTests {
    /// A standard endpoint of a new community and `count` messages fanned out to it.
    func endpointWithMessages(_ url: String, count: Int) throws -> (StoreFixture, Principal, StoredEndpoint, [PendingLanes.Entry]) {
        let fixture = try StoreFixture()
        let (_, admin) = try fixture.bootstrap()
        let endpoint = try fixture.store.transactionSync { tx in
            try WebhookEndpointCommands.create(
                tx, principal: admin, draft: EndpointDraft(url: url, format: .standard, events: ["listing.*"]), actor: .commandLine
            ).endpoint
        }
        let entries = try fixture.store.transactionSync { tx in
            for index in 0..<count { try tx.emit(admin.communityID, type: "listing.revalued", subject: "s\(index)", payload: ["n": index]) }
            return try WebhookQueue.fanOut(tx, batch: 500)
        }.entries
        return (fixture, admin, endpoint, entries)
    }

    @Test func raisedOncePerFailingPeriodAndAlwaysOnDisabling() throws {
        let (fixture, admin, endpoint, entries) = try endpointWithMessages("https://hooks.example.org/down", count: 8)
        // One attempt each: a failure uses the retries up at once.
        let policy = DeliveryPolicy(schedule: RetrySchedule(delays: [0], jitter: 0))
        var health = EndpointHealth()
        var generator = SystemRandomNumberGenerator()
        var next = 0
        func record(_ statuses: [Int]) throws -> Int {
            let writes = statuses.map { status -> DeliveryWrite in
                let entry = entries[next]
                next += 1
                let now = fixture.clock.now()
                let decision = policy.rebased(
                    policy.decide(
                        messageID: entry.message.messageID, message: entry.message.state, endpoint: endpoint.endpoint, health: health,
                        part: 0, partCount: 1, result: TransportResult(statusCode: status, bodyExcerpt: Data(), duration: .milliseconds(2)),
                        startedAt: now, now: now, using: &generator),
                    onto: health)
                health = decision.health
                return DeliveryWrite(messageID: WebhookMessageID(trusted: entry.message.messageID), communityID: admin.communityID, decision: decision)
            }
            let before = try fixture.count("SELECT COUNT(*) FROM outbox_events WHERE event_type = 'endpoint.failing'")
            try fixture.store.transactionSync { tx in try WebhookQueue.record(tx, writes) }
            return try fixture.count("SELECT COUNT(*) FROM outbox_events WHERE event_type = 'endpoint.failing'") - before
        }
        #expect(try record([503, 503, 503]) == 1, "three messages out of retries in one batch: one event")
        fixture.clock.advance(by: 3_600)
        #expect(try record([503]) == 0, "the same failing period: already reported")
        fixture.clock.advance(by: 60)
        #expect(try record([200]) == 0)
        fixture.clock.advance(by: 60)
        #expect(try record([503]) == 1, "a new failing period after a success")
        fixture.clock.advance(by: 60)
        #expect(try record([410]) == 1, "disabling is always news")
        // In words for each group's language, as the inbox says it (helper 162 #4).
        let payload = try #require(try fixture.database.readSync { db in
            try String.fetchOne(db, sql: "SELECT payload_json FROM outbox_events WHERE event_type = 'endpoint.failing' ORDER BY seq DESC LIMIT 1")
        })
        let failing = try #require(try JSONSerialization.jsonObject(with: Data(payload.utf8)) as? [String: Any])
        #expect(failing["reason_zh"] as? String == "接收方回复 410，表示这个地址已不再使用", "\(failing)")
        #expect(failing["reason_en"] as? String == "the receiver answered 410: the address is no longer in use")
        let values = failing.compactMapValues { value -> JSONValue? in
            if let text = value as? String { return .string(text) }
            if let flag = value as? Bool { return .bool(flag) }
            return nil
        }
        let chat = try MessageTemplates.render(
            OutboundEvent(id: "evt_1", type: "endpoint.failing", communityID: "cmt_1", subject: "endpoint:1", occurredAt: Date(), payload: .object(values)),
            options: ChatOptions())
        #expect(chat.contains("原因：接收方回复 410，表示这个地址已不再使用"), "\(chat)")
        // Each report reaches the admin's inbox too, whether or not any endpoint follows
        // `endpoint.failing` (helper 145: with one chat group, nobody was told).
        let told = try fixture.database.readSync { db in
            try Row.fetchAll(
                db, sql: "SELECT * FROM member_notifications WHERE member_id = ? AND kind = 'webhook_endpoint_failing' ORDER BY id",
                arguments: [admin.memberID.rawValue]
            ).map(MemberNotifications.decode)
        }
        #expect(told.map { $0.parameters["disabled"] } == ["false", "false", "true"])
        #expect(told.first?.text(in: .zhCN).contains("推送失败，有消息没能送达，原因：接收方服务器出错（HTTP 503）") == true)
        #expect(told.last?.text(in: .zhCN).contains("已停用，原因：接收方回复 410，表示这个地址已不再使用") == true, "\(told.last?.text(in: .zhCN) ?? "")")
        #expect(told.last?.text(in: .en).contains("was disabled: the receiver answered 410") == true)
        #expect(told.allSatisfy { $0.parameters["url"]?.contains("hooks.example.org") == true })
    }

    /// Told to those who manage webhooks (organizers, admins) while active; not to moderators or
    /// residents.
    @Test func theInboxNoticeGoesToThoseWhoManageWebhooks() throws {
        let (fixture, admin, endpoint, entries) = try endpointWithMessages("https://hooks.example.org/gone", count: 1)
        let organizer = try fixture.member("李组织", role: .organizer, in: admin).1
        let moderator = try fixture.member("周审核", role: .moderator, in: admin).1
        let policy = DeliveryPolicy(schedule: RetrySchedule(delays: [0, 60], jitter: 0))
        var generator = SystemRandomNumberGenerator()
        let now = fixture.clock.now()
        let entry = try #require(entries.first)
        let decision = policy.rebased(
            policy.decide(
                messageID: entry.message.messageID, message: entry.message.state, endpoint: endpoint.endpoint, health: EndpointHealth(),
                part: 0, partCount: 1, result: TransportResult(statusCode: 410, bodyExcerpt: Data(), duration: .milliseconds(2)),
                startedAt: now, now: now, using: &generator),
            onto: EndpointHealth())
        try fixture.store.transactionSync { tx in
            try WebhookQueue.record(
                tx, [DeliveryWrite(messageID: WebhookMessageID(trusted: entry.message.messageID), communityID: admin.communityID, decision: decision)])
        }
        let told = try fixture.database.readSync { db in
            try String.fetchAll(db, sql: "SELECT member_id FROM member_notifications WHERE kind = 'webhook_endpoint_failing' ORDER BY member_id")
        }
        #expect(Set(told) == [admin.memberID.rawValue, organizer.memberID.rawValue])
        #expect(!told.contains(moderator.memberID.rawValue))
    }

    /// Several sends to one endpoint fail at once and each result decides to disable it (a
    /// receiver answering 410 to a burst): the endpoint is disabled once, with one audit entry and
    /// one `endpoint.failing`. Each had disabled it again, and the staff group got up to sixteen
    /// copies of the same news, which used up its robot's allowance (session 21 review).
    @Test func disabledOnceWhenABurstIsRefused() throws {
        let (fixture, admin, endpoint, entries) = try endpointWithMessages("https://hooks.example.org/gone", count: 6)
        let policy = DeliveryPolicy(schedule: RetrySchedule(delays: [0, 60], jitter: 0))
        var generator = SystemRandomNumberGenerator()
        let now = fixture.clock.now()
        // Four in flight together, each judged against the health the worker held when it was sent.
        let writes = entries.prefix(4).map { entry -> DeliveryWrite in
            let decision = policy.decide(
                messageID: entry.message.messageID, message: entry.message.state, endpoint: endpoint.endpoint, health: EndpointHealth(),
                part: 0, partCount: 1, result: TransportResult(statusCode: 410, bodyExcerpt: Data(), duration: .milliseconds(2)),
                startedAt: now, now: now, using: &generator)
            return DeliveryWrite(messageID: WebhookMessageID(trusted: entry.message.messageID), communityID: admin.communityID, decision: decision)
        }
        #expect(writes.allSatisfy { $0.decision.disableEndpoint != nil })
        try fixture.store.transactionSync { tx in try WebhookQueue.record(tx, writes) }
        #expect(try fixture.count("SELECT COUNT(*) FROM outbox_events WHERE event_type = 'endpoint.failing'") == 1)
        #expect(try fixture.count("SELECT COUNT(*) FROM audit_entries WHERE action = 'webhook.endpoint_disabled'") == 1)
        #expect(try fixture.count("SELECT version FROM webhook_endpoints WHERE id = ?", [endpoint.id.rawValue]) == endpoint.version + 1)
        #expect(try fixture.count("SELECT COUNT(*) FROM webhook_messages WHERE status = 'pending'") == 0, "the rest cancelled")
    }
}

