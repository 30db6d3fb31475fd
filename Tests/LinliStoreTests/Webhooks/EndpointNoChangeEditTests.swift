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
