import Foundation
import GRDB
import LinliDelivery
import LinliDomain
import LinliStore
import Testing

/// Helper 134: an organizer, refused `GET /v1/cases`, registered a `standard` endpoint for `*`
/// and received every case with its target and reason. She may not name such types, nor manage
/// or read the messages of an endpoint an admin set up for them.
@Suite struct EndpointRoleScopeTests {
    func create(_ fixture: StoreFixture, _ principal: Principal, _ events: [String], url: String = "https://hooks.example.org/x") throws -> StoredEndpoint {
        try fixture.store.transactionSync { tx in
            try WebhookEndpointCommands.create(
                tx, principal: principal, draft: EndpointDraft(url: url, format: .standard, events: events), actor: .member(principal, requestID: nil)
            ).endpoint
        }
    }

    @Test func anOrganizerDoesNotFollowCasesNorManageTheEndpointThatDoes() throws {
        let fixture = try StoreFixture()
        let (_, admin) = try fixture.bootstrap()
        let (_, organizer) = try fixture.member("张伟", role: .organizer, in: admin)
        let refused = try #require(throws: DomainError.self) { try create(fixture, organizer, ["*", "case.*"]) }
        #expect(refused.code == "webhook.events_beyond_role" && refused.category == .forbidden)
        #expect(refused.parameters["events"] == "case.needs_moderator, case.resolved")
        // `*` is hers to follow: it never carries those types.
        let own = try create(fixture, organizer, ["*"])
        let widened = try #require(throws: DomainError.self) {
            try fixture.store.transactionSync { tx in
                try WebhookEndpointCommands.update(
                    tx, principal: organizer, id: own.id, draft: EndpointDraft(events: ["*", "member.notified"]), expectedVersion: nil,
                    actor: .member(organizer, requestID: nil))
            }
        }
        #expect(widened.code == "webhook.events_beyond_role")

        // The moderators' endpoint an admin set up: the organizer cannot redirect, delete, rotate
        // or read it, nor its messages.
        let staff = try create(fixture, admin, ["case.*", "report.filed"], url: "https://hooks.example.org/moderators")
        _ = try fixture.store.transactionSync { tx in
            try tx.emit(admin.communityID, type: "case.needs_moderator", subject: "case:cas_1", payload: ["target_id": "mem_1"])
            return try WebhookQueue.fanOut(tx, batch: 100)
        }
        let message = try #require(try fixture.database.readSync { db in
            try String.fetchOne(db, sql: "SELECT id FROM webhook_messages WHERE endpoint_id = ?", arguments: [staff.id.rawValue])
        })
        let attempts: [(String, () throws -> Void)] = [
            ("update", {
                _ = try fixture.store.transactionSync { tx in
                    try WebhookEndpointCommands.update(
                        tx, principal: organizer, id: staff.id, draft: EndpointDraft(url: "https://evil.example.org/"), expectedVersion: nil,
                        actor: .member(organizer, requestID: nil))
                }
            }),
            ("rotate", {
                _ = try fixture.store.transactionSync { tx in
                    try WebhookEndpointCommands.rotateSecret(tx, principal: organizer, id: staff.id, actor: .member(organizer, requestID: nil))
                }
            }),
            ("messages", {
                _ = try fixture.database.readSync { db in
                    try WebhookMessageCommands.list(db, principal: organizer, endpoint: staff.id, status: nil, page: PageRequest(after: nil, limit: 10))
                }
            }),
            ("message", {
                _ = try fixture.database.readSync { db in try WebhookMessageCommands.fetch(db, principal: organizer, id: WebhookMessageID(trusted: message)) }
            }),
            ("recover", {
                _ = try fixture.store.transactionSync { tx in
                    try WebhookMessageCommands.recover(
                        tx, principal: organizer, endpoint: staff.id, since: Date(timeIntervalSince1970: 0), actor: .member(organizer, requestID: nil))
                }
            }),
        ]
        for (what, attempt) in attempts {
            let error = try #require(throws: DomainError.self, "\(what)") { try attempt() }
            #expect(error.code == "webhook.events_beyond_role", "\(what): \(error.code)")
        }
        // Turning it off reveals nothing: any manager may (helper 135).
        _ = try fixture.store.transactionSync { tx in
            try WebhookEndpointCommands.update(
                tx, principal: organizer, id: staff.id, draft: EndpointDraft(enabled: false), expectedVersion: nil,
                actor: .member(organizer, requestID: nil))
        }
        // The admin reads its history, kept after it is deleted.
        try fixture.store.transactionSync { tx in
            try WebhookEndpointCommands.delete(tx, principal: admin, id: staff.id, actor: .commandLine)
        }
        let history = try fixture.database.readSync { db in
            try WebhookMessageCommands.list(db, principal: admin, endpoint: staff.id, status: nil, page: PageRequest(after: nil, limit: 10))
        }
        #expect(history.items.map(\.id) == [message])
    }

    /// Helper 135: an endpoint an organizer set up before the rule, naming inbox notices, went on
    /// delivering them, and she could neither disable nor narrow it; the messages it had queued
    /// stayed readable to her. She may narrow or disable it, not otherwise change it, and the
    /// messages of types beyond her role are hidden from her.
    @Test func anEndpointFromBeforeTheRuleCanBeNarrowedAndItsPrivateMessagesAreHidden() throws {
        let fixture = try StoreFixture()
        let (_, admin) = try fixture.bootstrap()
        let (_, organizer) = try fixture.member("张伟", role: .organizer, in: admin)
        let old = try create(fixture, organizer, ["*"])
        try fixture.database.writeSync { db in
            try db.execute(sql: "UPDATE webhook_endpoints SET events_json = ? WHERE id = ?", arguments: [#"["*","member.notified"]"#, old.id.rawValue])
        }
        _ = try fixture.store.transactionSync { tx in
            try tx.emit(admin.communityID, type: "member.notified", subject: "member:mem_1", payload: ["kind": "action_taken"])
            try tx.emit(admin.communityID, type: "listing.published", subject: "listing:lst_1", payload: ["title": "台灯"])
            return try WebhookQueue.fanOut(tx, batch: 100)
        }
        let messages = try fixture.database.readSync { db in
            try Row.fetchAll(
                db, sql: "SELECT m.id, e.event_type FROM webhook_messages m JOIN outbox_events e ON e.id = m.event_id WHERE m.endpoint_id = ? ORDER BY m.id",
                arguments: [old.id.rawValue])
        }
        #expect(messages.count == 2)
        #expect(throws: DomainError.self) {
            _ = try fixture.database.readSync { db in
                try WebhookMessageCommands.list(db, principal: organizer, endpoint: old.id, status: nil, page: PageRequest(after: nil, limit: 10))
            }
        }
        // Her history of it is refused while it names the type; narrowed, the listing shows and the notice does not.
        let edit = { (draft: EndpointDraft) in
            try fixture.store.transactionSync { tx in
                try WebhookEndpointCommands.update(tx, principal: organizer, id: old.id, draft: draft, expectedVersion: nil, actor: .member(organizer, requestID: nil))
            }
        }
        #expect(throws: DomainError.self) { _ = try edit(EndpointDraft(description: "居民群程序")) }
        _ = try edit(EndpointDraft(events: ["*"]))
        let narrowed = try fixture.database.readSync { db in
            try WebhookMessageCommands.list(db, principal: organizer, endpoint: old.id, status: nil, page: PageRequest(after: nil, limit: 10))
        }
        #expect(narrowed.items.map(\.eventType) == ["listing.published"])
        let notice = try #require(messages.first { $0["event_type"] as String == "member.notified" })["id"] as String
        let refused = try #require(throws: DomainError.self) {
            _ = try fixture.database.readSync { db in try WebhookMessageCommands.fetch(db, principal: organizer, id: WebhookMessageID(trusted: notice)) }
        }
        #expect(refused.code == "webhook.events_beyond_role")
    }
}
