import Foundation
import GRDB
import LinliApp
import LinliDelivery
import LinliDomain
import LinliStore
import LinliTestReceivers
import Testing

/// A rotated-out secret whose grace has run out stays in `secrets_json` until the next rotation.
/// It must neither sign nor make the decoded endpoint look stale: counting its past expiry made
/// the worker reload forever and deliver nothing, to any endpoint.
@Suite(.serialized) struct WebhookExpiredSecretTests {
    /// Rotates `id`'s secret, then backdates the rotated-out secret's expiry (as 24 h later).
    static func rotateAndExpire(_ setup: WebhookWorkerTests.Setup, _ id: WebhookEndpointID) throws {
        try setup.environment.store.transactionSync { tx in
            _ = try WebhookEndpointCommands.rotateSecret(tx, principal: setup.admin, id: id, actor: .commandLine)
        }
        try setup.environment.database.writeSync { db in
            let text = try String.fetchOne(db, sql: "SELECT secrets_json FROM webhook_endpoints WHERE id = ?", arguments: [id.rawValue])!
            var secrets = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [[String: Any]])
            for index in secrets.indices where secrets[index]["expires_at"] != nil {
                secrets[index]["expires_at"] = "2020-01-01T00:00:00Z"
            }
            let json = String(decoding: try JSONSerialization.data(withJSONObject: secrets), as: UTF8.self)
            try db.execute(sql: "UPDATE webhook_endpoints SET secrets_json = ? WHERE id = ?", arguments: [json, id.rawValue])
        }
    }

    @Test func anExpiredRotatedOutSecretDoesNotStallDelivery() async throws {
        let setup = try WebhookWorkerTests.Setup()
        try await ScriptedReceiver.with { receiver, base in
            receiver.script("/a", statuses: [200, 200, 200])
            receiver.script("/b", statuses: [200, 200, 200])
            _ = try setup.endpoint(base + "/a")  // never rotated
            let b = try setup.endpoint(base + "/b")
            try Self.rotateAndExpire(setup, b.endpoint.id)
            try setup.emit("member.verified", subject: "member:1")
            try await WebhookWorkerTests.run(setup.worker()) { try setup.allDelivered(2) }
            let statuses = try setup.messages().map { $0["status"] as String }
            #expect(statuses == ["delivered", "delivered"])
            #expect(receiver.received(on: "/a").count == 1)
            #expect(receiver.received(on: "/b").count == 1)
        }
    }

    @Test func theDecodedEndpointIgnoresTheExpiredSecret() throws {
        let setup = try WebhookWorkerTests.Setup()
        let b = try setup.endpoint("https://hooks.example.org/b")
        try Self.rotateAndExpire(setup, b.endpoint.id)
        let now = Date()
        let loaded = try setup.environment.database.readSync { db in
            try EndpointCache().endpoints(db, ids: [b.endpoint.id.rawValue], now: now)
        }
        let endpoint = try #require(loaded[b.endpoint.id.rawValue])
        #expect(endpoint.secrets.count == 2, "the expired secret is still stored")
        #expect(endpoint.endpoint.secrets.count == 1, "only the live secret signs")
        #expect(endpoint.validUntil == nil, "no live secret expires, so the decoded form never goes stale")
    }

    /// Session 30 walk: forty rotations in a day left forty-five secrets signing every message.
    /// The newest secret and the two most recent rotated-out ones sign; older ones stop at the
    /// next rotation.
    @Test func rotationsKeepAtMostTwoSecretsInTheirGrace() throws {
        let setup = try WebhookWorkerTests.Setup()
        let created = try setup.endpoint("https://hooks.example.org/r")
        var issued = [try #require(created.secret)]
        for _ in 1...5 {
            let rotated = try setup.environment.store.transactionSync { tx in
                try WebhookEndpointCommands.rotateSecret(tx, principal: setup.admin, id: created.endpoint.id, actor: .commandLine)
            }
            issued.append(try #require(rotated.secret))
        }
        let loaded = try setup.environment.database.readSync { db in
            try EndpointCache().endpoints(db, ids: [created.endpoint.id.rawValue], now: Date())
        }
        let signing = try #require(loaded[created.endpoint.id.rawValue]).endpoint.secrets
        #expect(signing.count == 3)
        #expect(Set(signing.map(\.encoded)) == Set(issued.suffix(3)), "the newest and the two before it")
    }
}
