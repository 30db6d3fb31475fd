import Foundation
import GRDB
import LinliDelivery
import LinliDomain
import LinliStore
import Testing

/// An endpoint edit that changes nothing keeps the version (helper 111), but `enabled: true` to an
/// endpoint with a failing streak is the organizer saying the receiver is mended: it clears the
/// streak, and that is a change.
@Suite struct EndpointNoChangeEditTests {
    @Test func enablingClearsAFailingStreakOnceThenChangesNothing() throws {
        let fixture = try StoreFixture()
        let (_, admin) = try fixture.bootstrap()
        let created = try fixture.store.transactionSync { tx in
            try WebhookEndpointCommands.create(
                tx, principal: admin, draft: EndpointDraft(url: "https://hooks.example.com/linli", format: .standard, events: ["listing.*"]),
                actor: .commandLine
            ).endpoint
        }
        try fixture.database.writeSync { db in
            try db.execute(
                sql: "UPDATE webhook_endpoints SET failing_since = ?, last_failure_at = ? WHERE id = ?",
                arguments: [fixture.clock.now().addingTimeInterval(-3_600), fixture.clock.now().addingTimeInterval(-60), created.id.rawValue])
        }
        func enable() throws -> StoredEndpoint {
            try fixture.store.transactionSync { tx in
                try WebhookEndpointCommands.update(
                    tx, principal: admin, id: created.id, draft: EndpointDraft(enabled: true), expectedVersion: nil, actor: .commandLine)
            }
        }
        let mended = try enable()
        #expect(mended.version == created.version + 1)
        #expect(mended.health.failingSince == nil && mended.health.lastFailureAt == nil)
        let again = try enable()
        #expect(again.version == mended.version, "nothing left to clear")
        let described = try fixture.store.transactionSync { tx in
            try WebhookEndpointCommands.update(
                tx, principal: admin, id: created.id, draft: EndpointDraft(events: ["listing.*"], description: ""), expectedVersion: mended.version,
                actor: .commandLine)
        }
        #expect(described.version == mended.version)
    }

    /// A chat template changed only in its Unicode form is a change (helper 116), as a URL is.
    @Test func aTemplateInAnotherUnicodeFormIsAChange() throws {
        let fixture = try StoreFixture()
        let (_, admin) = try fixture.bootstrap()
        func options(_ text: String) -> ChatOptions { ChatOptions(templates: ["listing.published": text]) }
        let created = try fixture.store.transactionSync { tx in
            try WebhookEndpointCommands.create(
                tx, principal: admin,
                draft: EndpointDraft(
                    url: "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=abcdef", format: .wecom, events: ["listing.published"],
                    chat: options("新发布：Caf\u{E9}")),
                actor: .commandLine
            ).endpoint
        }
        func update(_ text: String) throws -> StoredEndpoint {
            try fixture.store.transactionSync { tx in
                try WebhookEndpointCommands.update(
                    tx, principal: admin, id: created.id, draft: EndpointDraft(chat: options(text)), expectedVersion: nil, actor: .commandLine)
            }
        }
        #expect(try update("新发布：Caf\u{E9}").version == created.version)
        #expect(try update("新发布：Cafe\u{301}").version == created.version + 1)
    }
}

/// Helper 134: after mending a receiver, a message could sit hours in its back-off, and resend
/// answered "still being delivered". Resend sends a waiting message now; `enabled: true` on a
/// failing endpoint sends its whole waiting backlog now.
@Suite struct WaitingMessageSendNowTests {
    @Test func aWaitingMessageIsSentNowOnResendAndOnMending() throws {
        let fixture = try StoreFixture()
        let (_, admin) = try fixture.bootstrap()
        let endpoint = try fixture.store.transactionSync { tx in
            try WebhookEndpointCommands.create(
                tx, principal: admin, draft: EndpointDraft(url: "https://hooks.example.com/linli", format: .standard, events: ["listing.*"]),
                actor: .commandLine
            ).endpoint
        }
        _ = try fixture.store.transactionSync { tx in
            for n in 1...2 { try tx.emit(admin.communityID, type: "listing.published", subject: "listing:lst_\(n)", payload: ["title": "台灯"]) }
            return try WebhookQueue.fanOut(tx, batch: 100)
        }
        let later = fixture.clock.now().addingTimeInterval(6 * 3600)
        try fixture.database.writeSync { db in
            try db.execute(
                sql: "UPDATE webhook_messages SET attempts = 3, consecutive_failures = 3, next_attempt_at = ?", arguments: [later])
            try db.execute(
                sql: "UPDATE webhook_endpoints SET failing_since = ?, last_failure_at = ? WHERE id = ?",
                arguments: [fixture.clock.now(), fixture.clock.now(), endpoint.id.rawValue])
        }
        let ids = try fixture.database.readSync { db in try String.fetchAll(db, sql: "SELECT id FROM webhook_messages ORDER BY id") }
        func resend(_ id: String) throws -> WebhookMessageView {
            try fixture.store.transactionSync { tx in
                try WebhookMessageCommands.resend(tx, principal: admin, id: WebhookMessageID(trusted: id), actor: .commandLine)
            }
        }
        func counter() throws -> Int {
            try fixture.database.readSync { db in try Int.fetchOne(db, sql: "SELECT changes FROM webhook_change_counter WHERE id = 1") ?? -1 }
        }
        let before = try counter()
        let now = try resend(ids[0])
        #expect(now.status == "pending" && now.nextAttemptAt == fixture.clock.now() && now.attempts == 3)
        #expect(try counter() == before + 1, "a sender in another process hears of it")
        let again = try #require(throws: DomainError.self) { try resend(ids[0]) }
        #expect(again.code == "webhook.message_already_pending", "due now: nothing to hurry")
        _ = try fixture.store.transactionSync { tx in
            try WebhookEndpointCommands.update(
                tx, principal: admin, id: endpoint.id, draft: EndpointDraft(enabled: true), expectedVersion: nil, actor: .commandLine)
        }
        let due = try fixture.database.readSync { db in
            try Date.fetchAll(db, sql: "SELECT next_attempt_at FROM webhook_messages ORDER BY id")
        }
        #expect(due == [fixture.clock.now(), fixture.clock.now()])
    }
}

/// Helper 134: an edit adding staff types to a residents' group was audited with before equal to
/// after (url and enabled only). Every setting an edit changes is recorded.
@Suite struct EndpointEditAuditTests {
    @Test func anEditRecordsTheEventsTemplatesAndDescriptionItChanged() throws {
        let fixture = try StoreFixture()
        let (_, admin) = try fixture.bootstrap()
        let group = try fixture.store.transactionSync { tx in
            try WebhookEndpointCommands.create(
                tx, principal: admin,
                draft: EndpointDraft(url: "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=abcdef", format: .wecom, events: ["listing.published"]),
                actor: .commandLine
            ).endpoint
        }
        var chat = group.endpoint.chat
        chat.templates = ["listing.published": "新发布：{{data.title}}"]
        chat.mentionedMobiles = ["13800138000"]
        _ = try fixture.store.transactionSync { tx in
            try WebhookEndpointCommands.update(
                tx, principal: admin, id: group.id,
                draft: EndpointDraft(events: ["listing.published", "case.needs_moderator"], description: "居民群", chat: chat),
                expectedVersion: nil, actor: .commandLine)
        }
        let row = try #require(try fixture.database.readSync { db in
            try Row.fetchOne(db, sql: "SELECT before_json, after_json FROM audit_entries WHERE action = 'webhook.endpoint_updated'")
        })
        let before: String = row["before_json"], after: String = row["after_json"]
        #expect(before.contains("\"events\":\"listing.published\"") && !before.contains("chat_template"), "\(before)")
        #expect(after.contains("listing.published,case.needs_moderator") && after.contains("居民群"), "\(after)")
        #expect(after.contains("\"chat_template:listing.published\":\"新发布：{{data.title}}\""), "\(after)")
        #expect(!after.contains("key=abcdef"), "the URL's key stays masked")
        #expect(after.contains("\"chat_mentions\":\"\(PhoneMask.mask("13800138000"))\"") && !after.contains("13800138000"), "\(after)")
    }
}

/// Helper 134: a malformed pattern was the only thing named; the unknown type next to it and a
/// bad description were found only on the next try. Every problem is named at once.
@Suite struct EndpointAllProblemsAtOnceTests {
    @Test func aMalformedPatternDoesNotHideTheRest() throws {
        let fixture = try StoreFixture()
        let (_, admin) = try fixture.bootstrap()
        let error = try #require(throws: DomainError.self) {
            try fixture.store.transactionSync { tx in
                try WebhookEndpointCommands.create(
                    tx, principal: admin,
                    draft: EndpointDraft(url: "https://hooks.example.com/linli", format: .standard, events: ["listing.publish", ""], description: "a\u{0}b"),
                    actor: .commandLine)
            }
        }
        #expect(Set(error.fieldIssues.map(\.pointer)) == ["/events/0", "/events/1", "/description"], "\(error.fieldIssues)")
        #expect(error.fieldIssues.first { $0.pointer == "/events/1" }?.parameters["reason"] == "endpoint.event_filter_invalid")
    }
}
