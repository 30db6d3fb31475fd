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
}
