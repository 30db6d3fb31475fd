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

    /// A WeCom group robot (a chat endpoint).
    func groupRobot(_ fixture: StoreFixture, _ admin: Principal, events: [String]) throws -> StoredEndpoint {
        try fixture.store.transactionSync { tx in
            try WebhookEndpointCommands.create(
                tx, principal: admin,
                draft: EndpointDraft(url: "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=abcdef", format: .wecom, events: events),
                actor: .commandLine
            ).endpoint
        }
    }

    /// A backlog at one endpoint cannot crowd another endpoint's messages out of the window.
    @Test func theWindowIsPerEndpoint() throws {
        let fixture = try StoreFixture()
        let (_, admin) = try fixture.bootstrap()
        let busy = try endpoint(fixture, admin, "https://hooks.example.org/busy", events: ["listing.*"])
        let quiet = try endpoint(fixture, admin, "https://hooks.example.org/quiet", events: ["event.*"])
        let fanned = try fixture.store.transactionSync { tx in
            for index in 0..<100 { try tx.emit(admin.communityID, type: "listing.revalued", subject: "s\(index)", payload: ["n": index]) }
            try tx.emit(admin.communityID, type: "event.reminder", subject: "r", payload: ["n": 0])
            return try WebhookQueue.fanOut(tx, batch: 500)
        }
        #expect(fanned.entries.count == 101 && fanned.consumed >= 101, "every event consumed, one message per subscriber")
        #expect(Set(fanned.endpoints.keys) == [busy.id.rawValue, quiet.id.rawValue])
        #expect(fanned.entries.allSatisfy { $0.event != nil }, "fan-out hands its events over")
        let (entries, endpoints) = try fixture.database.readSync { db in
            try WebhookQueue.loadPending(db, perEndpoint: 10, now: fixture.clock.now())
        }
        let queue = entries.map(\.message)
        #expect(queue.filter { $0.endpointID == busy.id.rawValue }.count == 10)
        #expect(queue.filter { $0.endpointID == quiet.id.rawValue }.count == 1)
        #expect(queue.map(\.sequence) == queue.map(\.sequence).sorted(), "outbox order")
        #expect(Set(endpoints.keys) == [busy.id.rawValue, quiet.id.rawValue])
        // The rest of the busy lane, after what is held.
        let rest = try fixture.database.readSync { db in
            try WebhookQueue.loadLane(db, endpointID: busy.id.rawValue, afterSequence: queue.filter { $0.endpointID == busy.id.rawValue }.last!.sequence, limit: 500)
        }
        #expect(rest.count == 90)
        #expect(rest.allSatisfy { $0.message.endpointID == busy.id.rawValue })
        // Payloads only for what is asked; messages of one event share it.
        let events = try fixture.database.readSync { db in try WebhookQueue.events(db, messageIDs: [queue[0].messageID]) }
        #expect(events.count == 1 && events[queue[0].messageID]?.event.type == "listing.revalued")
        // Each event carries its community's zone as it stands when loaded (chat texts show local
        // time), both from the fan-out and from a later load.
        #expect(fanned.entries.allSatisfy { $0.event?.event.timeZoneID == "Asia/Shanghai" })
        try fixture.database.writeSync { db in try db.execute(sql: "UPDATE communities SET timezone = 'Asia/Tokyo'") }
        let reloaded = try fixture.database.readSync { db in try WebhookQueue.events(db, messageIDs: [queue[0].messageID]) }
        #expect(reloaded[queue[0].messageID]?.event.timeZoneID == "Asia/Tokyo")
    }

    /// A group robot following everything gets a message for what has a chat text and none for
    /// a member's own notification (which would tell the group, say, who reported whom); a
    /// standard endpoint gets it only when it names it (helper 134: `*` on an organizer's
    /// endpoint carried every case), and one following everything gets the rest.
    @Test func aGroupRobotIsNotGivenAMembersOwnEvents() throws {
        let fixture = try StoreFixture()
        let (_, admin) = try fixture.bootstrap()
        let group = try groupRobot(fixture, admin, events: ["*"])
        let everything = try endpoint(fixture, admin, "https://hooks.example.org/all", events: ["*"])
        let program = try endpoint(fixture, admin, "https://hooks.example.org/named", events: ["*", "member.notified"])
        let fanned = try fixture.store.transactionSync { tx in
            try tx.emit(admin.communityID, type: "member.notified", subject: "member:mem_1", payload: ["kind": "report_resolved"])
            try tx.emit(admin.communityID, type: "listing.published", subject: "listing:lst_1", payload: ["title": "台灯"])
            return try WebhookQueue.fanOut(tx, batch: 500)
        }
        let byEndpoint = Dictionary(grouping: fanned.entries.map(\.message), by: \.endpointID)
        #expect(byEndpoint[group.id.rawValue]?.count == 1)
        #expect(byEndpoint[everything.id.rawValue]?.count == 1)
        #expect(byEndpoint[program.id.rawValue]?.count == 2)
    }

    /// A group robot made before the rule with `member.*` (now refused at creation) can still be
    /// disabled or described without retyping its filter; changing its events is checked.
    @Test func anOlderGroupRobotCanStillBeDisabled() throws {
        let fixture = try StoreFixture()
        let (_, admin) = try fixture.bootstrap()
        let group = try groupRobot(fixture, admin, events: ["listing.*"])
        try fixture.database.writeSync { db in
            try db.execute(sql: "UPDATE webhook_endpoints SET events_json = '[\"member.*\"]' WHERE id = ?", arguments: [group.id.rawValue])
        }
        let disabled = try fixture.store.transactionSync { tx in
            try WebhookEndpointCommands.update(
                tx, principal: admin, id: group.id, draft: EndpointDraft(enabled: false), expectedVersion: nil, actor: .commandLine)
        }
        #expect(disabled.endpoint.enabled == false)
        #expect(throws: DomainError.self) {
            try fixture.store.transactionSync { tx in
                try WebhookEndpointCommands.update(
                    tx, principal: admin, id: group.id, draft: EndpointDraft(events: ["member.*", "event.*"]), expectedVersion: nil,
                    actor: .commandLine)
            }
        }
    }

    /// Changes by anyone but the delivery worker are counted (the worker then reloads its queue);
    /// the worker's own transactions are not.
    @Test func changesByOthersAreCountedAndTheWorkersOwnAreNot() throws {
        let fixture = try StoreFixture()
        let (_, admin) = try fixture.bootstrap()
        let tracker = fixture.database.webhookChanges
        let before = tracker.generation
        let created = try endpoint(fixture, admin, "https://hooks.example.org/a", events: ["*"])
        #expect(tracker.generation == before + 1, "an endpoint created by the API")
        try fixture.store.transactionSync { tx in
            try tx.emit(admin.communityID, type: "member.joined", subject: "member:1", payload: ["n": 1])
        }
        #expect(tracker.generation == before + 1, "an outbox event alone is not a queue change")
        try fixture.store.transactionSync { tx in
            tracker.claimCurrentTransaction()
            try WebhookQueue.fanOut(tx, batch: 10)
        }
        #expect(tracker.generation == before + 1, "the worker's own fan-out")
        try fixture.store.transactionSync { tx in
            try WebhookEndpointCommands.delete(tx, principal: admin, id: created.id, actor: .commandLine)
        }
        #expect(tracker.generation == before + 2, "an endpoint deleted by the API")
    }

    /// Fan-out gives each message its rowid (the worker writes its result by it), more rows than one
    /// statement takes go in several, and a rowid that no longer names its message (the table was
    /// rebuilt, by a VACUUM say) is never trusted: the result is written by the message's id.
    @Test func resultsAreWrittenByRowidAndByIDWhenTheRowidIsStale() throws {
        let fixture = try StoreFixture()
        let (_, admin) = try fixture.bootstrap()
        _ = try endpoint(fixture, admin, "https://hooks.example.org/a", events: ["*"])
        _ = try endpoint(fixture, admin, "https://hooks.example.org/b", events: ["*"])
        let fanned = try fixture.store.transactionSync { tx in
            for index in 0..<40 { try tx.emit(admin.communityID, type: "listing.revalued", subject: "s\(index)", payload: ["n": index]) }
            return try WebhookQueue.fanOut(tx, batch: 500)
        }
        #expect(fanned.entries.count == 80)
        let stored = try fixture.database.readSync { db in
            try Dictionary(uniqueKeysWithValues: Row.fetchAll(db, sql: "SELECT id, rowid FROM webhook_messages").map {
                ($0[0] as String, $0[1] as Int64)
            })
        }
        #expect(fanned.entries.allSatisfy { stored[$0.message.messageID] == $0.rowID }, "each entry carries its row's rowid")
        let loaded = try fixture.database.readSync { db in try WebhookQueue.loadPending(db, perEndpoint: 100, now: fixture.clock.now()) }
        #expect(loaded.entries.allSatisfy { stored[$0.message.messageID] == $0.rowID }, "and so does the queue read back")

        func write(_ entry: PendingLanes.Entry, rowID: Int64?) -> DeliveryWrite {
            var state = entry.message.state
            state.status = .delivered
            state.attempts = 1
            state.finishedAt = fixture.clock.now()
            let attempt = AttemptRecord(
                messageID: entry.message.messageID, endpointID: entry.message.endpointID, number: 1, part: 0,
                startedAt: fixture.clock.now(), duration: .milliseconds(2), statusCode: 204, outcome: "delivered", failure: nil,
                responseExcerpt: "")
            return DeliveryWrite(
                messageID: WebhookMessageID(trusted: entry.message.messageID), communityID: admin.communityID,
                decision: DeliveryDecision(
                    message: state, attempt: attempt, health: EndpointHealth(lastSuccessAt: fixture.clock.now()), outcome: .delivered,
                    decidedAt: fixture.clock.now()),
                rowID: rowID)
        }
        let first = fanned.entries[0]
        let second = fanned.entries[1]
        let rest = fanned.entries.dropFirst(2).map { write($0, rowID: $0.rowID) }
        try fixture.store.transactionSync { tx in
            // The first message's result carries the second's rowid: it must not touch the second.
            try WebhookQueue.record(tx, [write(first, rowID: second.rowID)] + rest)
        }
        let statuses = try fixture.database.readSync { db in
            try Dictionary(uniqueKeysWithValues: Row.fetchAll(db, sql: "SELECT id, status FROM webhook_messages").map {
                ($0[0] as String, $0[1] as String)
            })
        }
        #expect(statuses[first.message.messageID] == "delivered", "written by id")
        #expect(statuses[second.message.messageID] == "pending", "not by a stale rowid")
        #expect(statuses.values.filter { $0 == "delivered" }.count == 79)
        let attempts = try fixture.database.readSync { db in
            try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM webhook_attempts WHERE status_code = 204 AND outcome = 'delivered'")
        }
        #expect(attempts == 79, "every attempt logged, over several statements")
        // What a worker taking over reads back (helper 122: untested): the attempts since a time,
        // with their answer times, found along the attempt ids.
        let recent = try fixture.database.readSync { db in
            try WebhookQueue.recentAttempts(db, since: fixture.clock.now().addingTimeInterval(-60))
        }
        #expect(recent.count == 79 && recent.allSatisfy { $0.statusCode == 204 && abs($0.duration - 0.002) < 0.0001 })
        let none = try fixture.database.readSync { db in
            try WebhookQueue.recentAttempts(db, since: fixture.clock.now().addingTimeInterval(1))
        }
        #expect(none.isEmpty)
        let lanes = try fixture.database.readSync { db in
            try String.fetchOne(db, sql: "SELECT sql FROM sqlite_master WHERE name = 'webhook_messages_lanes'")
        }
        #expect(lanes?.contains("WHERE status = 'pending'") == true, "the lanes index holds pending messages only")
    }
}
