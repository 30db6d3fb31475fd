import Foundation
import GRDB
import LinliApp
import LinliDelivery
import LinliDomain
import LinliStore
import LinliTestReceivers
import Testing

/// The worker sends an endpoint only what it takes now: a message queued before the endpoint's
/// filter or chat texts changed without the change cancelling it (a backlog from before group
/// robots were limited to events with a text, or a message claimed while the change committed)
/// is cancelled unsent (`endpoint.unsubscribed`), never rendered with the fallback text.
@Suite(.serialized) struct WebhookWorkerSubscriptionTests {
    @Test func aQueuedMessageOfATypeTheEndpointNoLongerTakesIsCancelledUnsent() async throws {
        let setup = try WebhookWorkerTests.Setup()
        try await ScriptedReceiver.with { receiver, base in
            receiver.script("/hook", statuses: [200])
            let endpoint = try setup.endpoint(base + "/hook", events: ["*", "member.notified"]).endpoint
            try setup.emit("member.notified", subject: "member:mem_reporter")
            _ = try setup.environment.store.transactionSync { tx in try WebhookQueue.fanOut(tx, batch: 100) }
            // The filter narrows behind the queue's back, as it did for endpoints whose messages
            // were queued before a rule change.
            try setup.environment.database.writeSync { db in
                try db.execute(
                    sql: "UPDATE webhook_endpoints SET events_json = ? WHERE id = ?", arguments: [#"["listing.*"]"#, endpoint.id.rawValue])
            }
            try setup.emit("listing.published", subject: "listing:1")
            let worker = setup.worker()
            try await WebhookWorkerTests.run(worker) {
                let rows = try setup.messages()
                return rows.count == 2 && rows.allSatisfy { $0["status"] != "pending" }
            }
            let rows = try setup.messages()
            #expect(rows.map { $0["status"] as String } == ["cancelled", "delivered"])
            #expect(rows.first?["last_failure_code"] as String? == "endpoint.unsubscribed")
            #expect(receiver.received(on: "/hook").count == 1, "only the listing event is sent")
        }
    }
}
