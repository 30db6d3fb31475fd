import Foundation
import GRDB
import LinliDelivery
import LinliDomain
@testable import LinliStore
import Testing

/// A `standard` receiver's pause (429, or 503 with `Retry-After`) is stored with the endpoint
/// (migration 0049): the worker held it in memory only, and after a restart rebuilt a 429's at the
/// 60 s floor and a 503's not at all (helper 159 #9).
@Suite struct EndpointPauseTests {
    /// Records one answer per message of `entries`, each `(status, Retry-After)`, all decided now.
    func record(
        _ answers: [(Int, String?)], fixture: StoreFixture, admin: Principal, endpoint: StoredEndpoint, entries: [PendingLanes.Entry],
        sentTo: String? = nil, body: String = ""
    ) throws {
        let policy = DeliveryPolicy(schedule: RetrySchedule(delays: [0, 5, 300], jitter: 0))
        var generator = SystemRandomNumberGenerator()
        let now = fixture.clock.now()
        let writes = zip(answers, entries).map { answer, entry -> DeliveryWrite in
            let headers = answer.1.map { [HTTPHeader(name: "retry-after", value: $0)] } ?? []
            let decision = policy.decide(
                messageID: entry.message.messageID, message: entry.message.state, endpoint: endpoint.endpoint, health: EndpointHealth(),
                part: 0, partCount: 1,
                result: TransportResult(statusCode: answer.0, headers: headers, bodyExcerpt: Data(body.utf8), duration: .milliseconds(2)),
                startedAt: now, now: now, using: &generator)
            return DeliveryWrite(
                messageID: WebhookMessageID(trusted: entry.message.messageID), communityID: admin.communityID, decision: decision,
                sentTo: sentTo)
        }
        try fixture.store.transactionSync { tx in try WebhookQueue.record(tx, writes) }
    }

    func pausedUntil(_ fixture: StoreFixture, cache: EndpointCache, endpoint: StoredEndpoint) throws -> Date? {
        try fixture.database.readSync { db in
            try cache.endpoints(db, ids: [endpoint.id.rawValue], now: fixture.clock.now())[endpoint.id.rawValue]?.pausedUntil
        }
    }

    @Test func aReceiversPauseIsStoredReadBackAndNeverShortened() throws {
        let (fixture, admin, endpoint, entries) = try EndpointFailingReportTests().endpointWithMessages("https://hooks.example.org/busy", count: 5)
        let cache = EndpointCache()
        let start = fixture.clock.now()
        #expect(try pausedUntil(fixture, cache: cache, endpoint: endpoint) == nil, "decoded once, no pause yet")

        // A 503 without Retry-After is the schedule's affair, not a pause; nor is a 500.
        try record([(503, nil), (500, "600")], fixture: fixture, admin: admin, endpoint: endpoint, entries: Array(entries[0...1]))
        #expect(try pausedUntil(fixture, cache: cache, endpoint: endpoint) == nil)

        try record([(429, "3600")], fixture: fixture, admin: admin, endpoint: endpoint, entries: [entries[2]])
        let hour = try #require(try pausedUntil(fixture, cache: cache, endpoint: endpoint), "the cached endpoint reads the pause fresh")
        #expect(abs(hour.timeIntervalSince(start) - 3600) < 1)

        // A shorter answer later does not end the longer pause; a longer one extends it.
        try record([(503, "120")], fixture: fixture, admin: admin, endpoint: endpoint, entries: [entries[3]])
        #expect(try pausedUntil(fixture, cache: cache, endpoint: endpoint) == hour)
        try record([(429, "7200")], fixture: fixture, admin: admin, endpoint: endpoint, entries: [entries[4]])
        let twoHours = try #require(try pausedUntil(fixture, cache: cache, endpoint: endpoint))
        #expect(abs(twoHours.timeIntervalSince(start) - 7200) < 1)

        // A full read (another process, a restart) sees it too; once passed, there is none.
        let fresh = try #require(try fixture.database.readSync { db in
            try EndpointCache().endpoints(db, ids: [endpoint.id.rawValue], now: fixture.clock.now())[endpoint.id.rawValue]
        })
        #expect(fresh.pausedUntil == twoHours)
        fixture.clock.advance(by: 7201)
        #expect(try pausedUntil(fixture, cache: cache, endpoint: endpoint) == nil)

        // A refusal from an address the endpoint no longer sends to is not kept (helper 166 #1).
        let (other, otherAdmin, otherEndpoint, otherEntries) = try EndpointFailingReportTests().endpointWithMessages(
            "https://hooks.example.org/now", count: 2)
        try record([(429, "3600")], fixture: other, admin: otherAdmin, endpoint: otherEndpoint, entries: [otherEntries[0]],
                   sentTo: "https://hooks.example.org/before")
        #expect(try pausedUntil(other, cache: EndpointCache(), endpoint: otherEndpoint) == nil)
        try record([(429, "3600")], fixture: other, admin: otherAdmin, endpoint: otherEndpoint, entries: [otherEntries[1]],
                   sentTo: "https://hooks.example.org/now")
        #expect(try pausedUntil(other, cache: EndpointCache(), endpoint: otherEndpoint) != nil)
    }

    /// A chat platform's "too fast" with a `Retry-After` longer than its minimum is kept at its
    /// full delay, on every endpoint of the robot (helper 183): a restarted worker rebuilt it from
    /// the attempt log at the platform's minimum (60 s for WeCom), and only for an endpoint that
    /// still had messages, and sent the robot's messages into the rest of the block. A chat
    /// endpoint's other answers pause nothing; turning it back on does not lift the platform's
    /// block; an endpoint moved to another robot takes that robot's block, or none.
    @Test func aChatRobotsBlockIsKeptOnEveryEndpointOfTheRobot() throws {
        let fixture = try StoreFixture()
        let (_, admin) = try fixture.bootstrap()
        func robot(_ key: String, _ extra: String = "") -> String { "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=\(key)\(extra)" }
        func create(_ url: String) throws -> StoredEndpoint {
            try fixture.store.transactionSync { tx in
                try WebhookEndpointCommands.create(
                    tx, principal: admin, draft: EndpointDraft(url: url, format: .wecom, events: ["listing.*"]), actor: .commandLine
                ).endpoint
            }
        }
        func edit(_ endpoint: StoredEndpoint, _ draft: EndpointDraft) throws -> StoredEndpoint {
            try fixture.store.transactionSync { tx in
                try WebhookEndpointCommands.update(tx, principal: admin, id: endpoint.id, draft: draft, expectedVersion: nil, actor: .commandLine)
            }
        }
        func paused(_ endpoint: StoredEndpoint) throws -> Date? { try pausedUntil(fixture, cache: EndpointCache(), endpoint: endpoint) }
        let first = try create(robot("robot-a")), second = try create(robot("robot-a")), other = try create(robot("robot-c"))
        let entries = try fixture.store.transactionSync { tx in
            for index in 0..<4 {
                try tx.emit(admin.communityID, type: "listing.published", subject: "s\(index)", payload: ["title": "旧书架", "listing_id": "lst_\(index)"])
            }
            return try WebhookQueue.fanOut(tx, batch: 500)
        }.entries.filter { $0.message.endpointID == first.id.rawValue }
        try #require(entries.count == 4)
        let start = fixture.clock.now()
        let tooFast = #"{"errcode":45009,"errmsg":"api freq out of limit"}"#

        // A 503 with Retry-After is the schedule's affair for a robot, not a block.
        try record([(503, "3600")], fixture: fixture, admin: admin, endpoint: first, entries: [entries[0]])
        #expect(try paused(first) == nil)

        try record([(200, "600")], fixture: fixture, admin: admin, endpoint: first, entries: [entries[1]], body: tooFast)
        let block = try #require(try paused(first), "the robot's block is kept")
        #expect(abs(block.timeIntervalSince(start) - 600) < 1, "at the Retry-After asked, not the platform's 60 s")
        #expect(try paused(second) == block, "the robot's other endpoint carries it too")
        #expect(try paused(other) == nil, "another robot is not blocked")

        // Turned back on ("mended": its failing streak is cleared): the platform's block stays.
        let enabled = try edit(first, EndpointDraft(enabled: true))
        #expect(enabled.version == first.version + 1 && enabled.health.failingSince == nil)
        #expect(try paused(first) == block)
        // The same robot under another spelling of its URL keeps it.
        _ = try edit(second, EndpointDraft(url: robot("robot-a", "&debug=1")))
        #expect(try paused(second) == block)

        // Moved to another robot: not blocked; the robot it left still is, for its other endpoint;
        // an endpoint moved onto the blocked robot, or added for it again, takes the block on.
        _ = try edit(first, EndpointDraft(url: robot("robot-b")))
        #expect(try paused(first) == nil)
        #expect(try paused(second) == block)
        _ = try edit(other, EndpointDraft(url: robot("robot-a")))
        #expect(try paused(other) == block)
        #expect(try paused(try create(robot("robot-a"))) == block)

        // A "too fast" that was in flight while the endpoint moved blocks the robot that answered.
        try record([(200, "900")], fixture: fixture, admin: admin, endpoint: first, entries: [entries[2]], sentTo: robot("robot-a"), body: tooFast)
        #expect(try paused(first) == nil)
        let longer = try #require(try paused(second))
        #expect(abs(longer.timeIntervalSince(start) - 900) < 1)
    }
}
