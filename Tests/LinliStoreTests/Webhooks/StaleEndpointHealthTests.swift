import Foundation
import GRDB
import LinliDelivery
import LinliDomain
@testable import LinliStore
import Testing

/// Helper 171 #4: a result decided on an endpoint failing for almost five days, written just
/// after an organizer's `enabled: true` ("the receiver is mended", which clears the streak), put
/// the old `failing_since` back and disabled the endpoint as failing too long, cancelling the
/// backlog just sent again. A result based on an endpoint version edited since writes no health,
/// disables nothing and reports nothing; one based on the current version still does.
@Suite struct StaleEndpointHealthTests {
    /// `mended`: the edit cleared the streak (`enabled: true`); otherwise it left it (a rename, a
    /// rotated secret: helper 175, whose results must still count).
    @Test(arguments: [true, false])
    func healthDecidedBeforeAnEditThatClearedTheStreakIsNotWrittenBack(mended: Bool) throws {
        let (fixture, admin, endpoint, entries) = try EndpointFailingReportTests().endpointWithMessages("https://hooks.example.org/mended", count: 2)
        let now = fixture.clock.now()
        let policy = DeliveryPolicy(schedule: RetrySchedule(delays: [0, 5, 300], jitter: 0))
        var generator = SystemRandomNumberGenerator()
        func write(_ entry: PendingLanes.Entry, version: Int) -> DeliveryWrite {
            let decision = policy.decide(
                messageID: entry.message.messageID, message: entry.message.state, endpoint: endpoint.endpoint,
                health: EndpointHealth(failingSince: now.addingTimeInterval(-6 * 86_400), lastFailureAt: now.addingTimeInterval(-60)),
                part: 0, partCount: 1, result: TransportResult(statusCode: 500, bodyExcerpt: Data(), duration: .milliseconds(2)),
                startedAt: now, now: now, using: &generator)
            #expect(decision.disableEndpoint?.code == "endpoint.failing_too_long")
            return DeliveryWrite(
                messageID: WebhookMessageID(trusted: entry.message.messageID), communityID: admin.communityID, decision: decision,
                endpointVersion: version)
        }
        func stored() throws -> Row {
            try #require(try fixture.database.readSync { db in
                try Row.fetchOne(db, sql: "SELECT enabled, failing_since, version FROM webhook_endpoints WHERE id = ?", arguments: [endpoint.id.rawValue])
            })
        }
        // The organizer's edit lands first: a new version, the streak cleared or left.
        try fixture.database.writeSync { db in
            try db.execute(
                sql: "UPDATE webhook_endpoints SET version = version + 1, updated_at = ?, failing_since = ? WHERE id = ?",
                arguments: [now, mended ? nil : now.addingTimeInterval(-6 * 86_400), endpoint.id.rawValue])
        }
        try fixture.store.transactionSync { tx in try WebhookQueue.record(tx, [write(entries[0], version: endpoint.version)]) }
        guard mended else {
            #expect(try stored()["enabled"] as Bool == false, "a rename left the streak: the result still disables it")
            return
        }
        let mended = try stored()
        #expect(mended["enabled"] as Bool == true)
        #expect((mended["failing_since"] as String?) == nil)
        #expect(try fixture.count("SELECT COUNT(*) FROM outbox_events WHERE event_type = 'endpoint.failing'") == 0)
        // Decided on the version in force, the same result disables it, as before.
        try fixture.store.transactionSync { tx in try WebhookQueue.record(tx, [write(entries[1], version: mended["version"])]) }
        #expect(try stored()["enabled"] as Bool == false)
    }

    /// Helper 175: a 410 answered by the unmended receiver, to a send planned before the edit
    /// that mended the endpoint (a new URL, or `enabled: true` after the first 410 disabled it),
    /// disabled the mended endpoint again when it was recorded after the worker's reload: its
    /// decision was rebased onto the cleared health and stamped with the new version. The version
    /// the send was planned on and when it went out say it belongs to before the edit; the store
    /// reports which endpoints a batch really disabled (the log said "disabled" regardless).
    /// `mended: false`: the edit left a failing streak (a rename while it failed): the 410 counts.
    @Test(arguments: [true, false])
    func aGoneAnswerToASendPlannedBeforeAMendDisablesNothing(mended: Bool) throws {
        let (fixture, admin, endpoint, entries) = try EndpointFailingReportTests().endpointWithMessages("https://hooks.example.org/gone", count: 3)
        let sentAt = fixture.clock.now()
        let policy = DeliveryPolicy(schedule: RetrySchedule(delays: [0, 5, 300], jitter: 0))
        var generator = SystemRandomNumberGenerator()
        func stored() throws -> Row {
            try #require(try fixture.database.readSync { db in
                try Row.fetchOne(db, sql: "SELECT enabled, failing_since, version, updated_at FROM webhook_endpoints WHERE id = ?", arguments: [endpoint.id.rawValue])
            })
        }
        // The edit lands while the send is out; the answer comes after the worker's reload.
        fixture.clock.advance(by: 5)
        try fixture.database.writeSync { db in
            try db.execute(
                sql: "UPDATE webhook_endpoints SET version = version + 1, updated_at = ?, failing_since = ? WHERE id = ?",
                arguments: [fixture.clock.now(), mended ? nil : sentAt.addingTimeInterval(-3600), endpoint.id.rawValue])
        }
        let edited = try stored()
        fixture.clock.advance(by: 5)
        func write(_ entry: PendingLanes.Entry, plannedOn version: Int, startedAt: Date, status: Int = 410) -> DeliveryWrite {
            let decision = policy.decide(
                messageID: entry.message.messageID, message: entry.message.state, endpoint: endpoint.endpoint,
                health: EndpointHealth(failingSince: edited["failing_since"]),
                part: 0, partCount: 1, result: TransportResult(statusCode: status, bodyExcerpt: Data(), duration: .seconds(10)),
                startedAt: startedAt, now: fixture.clock.now(), using: &generator)
            #expect((decision.disableEndpoint != nil) == (status == 410))
            return DeliveryWrite(
                messageID: WebhookMessageID(trusted: entry.message.messageID), communityID: admin.communityID, decision: decision,
                endpointVersion: edited["version"], plannedVersion: version)
        }
        if mended {
            // A send after the mend fails first, in a batch of its own: the streak it starts began
            // after the edit, and the answer to the earlier send is still stale (helper 178 #2: it
            // depended on whether the two were written together).
            try fixture.store.transactionSync { tx in
                try WebhookQueue.record(tx, [write(entries[2], plannedOn: edited["version"], startedAt: fixture.clock.now(), status: 500)])
            }
            #expect((try stored()["failing_since"] as String?) != nil)
        }
        let disabled = try fixture.store.transactionSync { tx in
            try WebhookQueue.record(tx, [write(entries[0], plannedOn: endpoint.version, startedAt: sentAt)])
        }
        guard mended else {
            #expect(disabled == [endpoint.id.rawValue])
            #expect(try stored()["enabled"] as Bool == false, "the edit left the streak: the receiver's 410 still disables it")
            return
        }
        #expect(disabled.isEmpty)
        #expect(try stored()["enabled"] as Bool == true)
        #expect(try fixture.count("SELECT COUNT(*) FROM outbox_events WHERE event_type = 'endpoint.failing'") == 0)
        // A send planned on the mended version that receives 410 disables it, as before.
        let disabledAfter = try fixture.store.transactionSync { tx in
            try WebhookQueue.record(tx, [write(entries[1], plannedOn: edited["version"], startedAt: fixture.clock.now())])
        }
        #expect(disabledAfter == [endpoint.id.rawValue])
        #expect(try stored()["enabled"] as Bool == false)
    }

    /// Helper 178 #1: an endpoint failing for a day is pointed at a new, working receiver (the
    /// edit keeps the streak: only `enabled: true` clears it). A 410 from the old address, to a
    /// send that went out before, disabled the endpoint and cancelled its backlog; a result from
    /// an address the endpoint no longer sends to is stale. One from the new address counts.
    @Test func aGoneAnswerFromTheOldAddressDoesNotDisableTheNewOne() throws {
        let old = "https://hooks.example.org/old"
        let (fixture, admin, endpoint, entries) = try EndpointFailingReportTests().endpointWithMessages(old, count: 2)
        let streak = fixture.clock.now().addingTimeInterval(-86_400)
        fixture.clock.advance(by: 5)
        try fixture.database.writeSync { db in
            try db.execute(
                sql: "UPDATE webhook_endpoints SET url = ?, version = version + 1, updated_at = ?, failing_since = ? WHERE id = ?",
                arguments: ["https://hooks.example.org/new", fixture.clock.now(), streak, endpoint.id.rawValue])
        }
        let policy = DeliveryPolicy(schedule: RetrySchedule(delays: [0, 5, 300], jitter: 0))
        var generator = SystemRandomNumberGenerator()
        func gone(_ entry: PendingLanes.Entry, sentTo: String) -> DeliveryWrite {
            let decision = policy.decide(
                messageID: entry.message.messageID, message: entry.message.state, endpoint: endpoint.endpoint,
                health: EndpointHealth(failingSince: streak), part: 0, partCount: 1,
                result: TransportResult(statusCode: 410, bodyExcerpt: Data(), duration: .seconds(1)),
                startedAt: fixture.clock.now(), now: fixture.clock.now(), using: &generator)
            return DeliveryWrite(
                messageID: WebhookMessageID(trusted: entry.message.messageID), communityID: admin.communityID, decision: decision,
                sentTo: sentTo, endpointVersion: endpoint.version + 1, plannedVersion: endpoint.version + 1)
        }
        let fromOld = try fixture.store.transactionSync { tx in try WebhookQueue.record(tx, [gone(entries[0], sentTo: old)]) }
        #expect(fromOld.isEmpty)
        let enabled = { try fixture.database.readSync { db in
            try Bool.fetchOne(db, sql: "SELECT enabled FROM webhook_endpoints WHERE id = ?", arguments: [endpoint.id.rawValue])
        } }
        #expect(try enabled() == true)
        let fromNew = try fixture.store.transactionSync { tx in
            try WebhookQueue.record(tx, [gone(entries[1], sentTo: "https://hooks.example.org/new")])
        }
        #expect(fromNew == [endpoint.id.rawValue])
        #expect(try enabled() == false)
    }
}
