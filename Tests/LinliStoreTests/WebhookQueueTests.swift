import Foundation
import GRDB
import LinliDelivery
import LinliDomain
import LinliStore
import Testing

/// The delivery worker's view of the queue.
@Suite struct WebhookQueueTests {
    func endpoint(_ fixture: StoreFixture, _ admin: Principal, _ url: String, events: [String]) throws -> StoredEndpoint {
        try fixture.store.transactionSync { tx in
            try WebhookEndpointCommands.create(
                tx, principal: admin, draft: EndpointDraft(url: url, format: .standard, events: events), actor: .commandLine
            ).endpoint
        }
    }

    /// A backlog at one endpoint cannot crowd another endpoint's messages out of the window.
    @Test func theWindowIsPerEndpoint() throws {
        let fixture = try StoreFixture()
        let (_, admin) = try fixture.bootstrap()
        let busy = try endpoint(fixture, admin, "https://hooks.example.org/busy", events: ["bulk.*"])
        let quiet = try endpoint(fixture, admin, "https://hooks.example.org/quiet", events: ["rare.*"])
        try fixture.store.transactionSync { tx in
            for index in 0..<100 { try tx.emit(admin.communityID, type: "bulk.item", subject: "s\(index)", payload: ["n": index]) }
            try tx.emit(admin.communityID, type: "rare.item", subject: "r", payload: ["n": 0])
            _ = try WebhookQueue.fanOut(tx, batch: 500)
        }
        let (queue, oldest, endpoints) = try fixture.database.readSync { db in
            try WebhookQueue.loadQueue(db, perEndpoint: 10, limit: 50, now: fixture.clock.now())
        }
        #expect(queue.filter { $0.endpointID == busy.id.rawValue }.count == 10)
        #expect(queue.filter { $0.endpointID == quiet.id.rawValue }.count == 1)
        #expect(queue.map(\.sequence) == queue.map(\.sequence).sorted(), "outbox order")
        #expect(Set(endpoints.keys) == [busy.id.rawValue, quiet.id.rawValue])
        #expect(oldest != nil)
        // Payloads only for what is asked.
        let events = try fixture.database.readSync { db in try WebhookQueue.events(db, messageIDs: [queue[0].messageID]) }
        #expect(events.count == 1 && events[queue[0].messageID]?.type == "bulk.item")
    }
}
