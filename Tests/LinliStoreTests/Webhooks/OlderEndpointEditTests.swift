import Foundation
import GRDB
import LinliDelivery
import LinliDomain
import LinliStore
import Testing

/// Session 18 made endpoint checks stricter (mentions a platform drops, masked values, unknown
/// event types and templates for them). An endpoint stored before, now failing one of them, must
/// still be disabled or described without retyping it; the check applies when its field is sent.
@Suite struct OlderEndpointEditTests {
    @Test func anEndpointFailingANewerCheckCanStillBeDisabledAndDescribed() throws {
        let fixture = try StoreFixture()
        let (_, admin) = try fixture.bootstrap()
        let robot = try fixture.store.transactionSync { tx in
            try WebhookEndpointCommands.create(
                tx, principal: admin,
                draft: EndpointDraft(
                    url: "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=abcdef", format: .wecom, events: ["listing.*"],
                    chat: ChatOptions(style: .text, mentionedMobiles: ["13800001111"])),
                actor: .commandLine
            ).endpoint
        }
        // Stored as markdown, which cannot mention by mobile (refused since session 18).
        try fixture.database.writeSync { db in
            try db.execute(
                sql: #"UPDATE webhook_endpoints SET chat_json = replace(chat_json, '"style":"text"', '"style":"markdown"') WHERE id = ?"#,
                arguments: [robot.id.rawValue])
        }
        func update(_ draft: EndpointDraft) throws -> StoredEndpoint {
            try fixture.store.transactionSync { tx in
                try WebhookEndpointCommands.update(tx, principal: admin, id: robot.id, draft: draft, expectedVersion: nil, actor: .commandLine)
            }
        }
        #expect(try update(EndpointDraft(description: "3号楼群")).endpoint.description == "3号楼群")
        #expect(try update(EndpointDraft(enabled: false)).endpoint.enabled == false)
        let stored = try update(EndpointDraft(enabled: true)).endpoint
        #expect(stored.chat.style == .markdown, "the stored options really are the older, now refused ones")
        let refused = #expect(throws: DomainError.self) { _ = try update(EndpointDraft(chat: stored.chat)) }
        #expect(refused?.fieldIssues.map { $0.parameters["reason"] } == ["endpoint.mention_unsupported"])
    }

    /// A group robot stored (before such types were refused for groups) with its own template for
    /// `case.resolved` stops receiving case outcomes: fan-out queues none for it, while a program
    /// following the same type still gets its copy; the organizer can still describe or disable it.
    @Test func aGroupStoredWithAPrivateTemplateNoLongerReceivesIt() throws {
        let fixture = try StoreFixture()
        let (_, admin) = try fixture.bootstrap()
        let (group, program) = try fixture.store.transactionSync { tx in
            let group = try WebhookEndpointCommands.create(
                tx, principal: admin,
                draft: EndpointDraft(
                    url: "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=abcdef", format: .wecom, events: ["*"],
                    chat: ChatOptions(templates: ["member.verified": "x"])),
                actor: .commandLine
            ).endpoint
            let program = try WebhookEndpointCommands.create(
                tx, principal: admin,
                draft: EndpointDraft(url: "https://hooks.example.com/linli", format: .standard, events: ["case.*"]),
                actor: .commandLine
            ).endpoint
            return (group, program)
        }
        try fixture.database.writeSync { db in
            try db.execute(
                sql: #"UPDATE webhook_endpoints SET chat_json = replace(chat_json, '"member.verified"', '"case.resolved"') WHERE id = ?"#,
                arguments: [group.id.rawValue])
        }
        _ = try fixture.store.transactionSync { tx in
            try tx.emit(admin.communityID, type: "case.resolved", subject: "case:cas_1", payload: ["case_id": "cas_1"])
            return try WebhookQueue.fanOut(tx, batch: 100)
        }
        let queued = try fixture.database.readSync { db in
            try String.fetchAll(db, sql: "SELECT endpoint_id FROM webhook_messages ORDER BY endpoint_id")
        }
        #expect(queued == [program.id.rawValue])
        let described = try fixture.store.transactionSync { tx in
            try WebhookEndpointCommands.update(
                tx, principal: admin, id: group.id, draft: EndpointDraft(description: "居民群"), expectedVersion: nil, actor: .commandLine)
        }
        #expect(described.endpoint.chat.templates.keys.contains("case.resolved"), "the stored template really is the older one")
        #expect(!described.endpoint.subscribes(to: "case.resolved"))
    }
}
