import Foundation
import GRDB
import LinliDomain
import LinliStore
import LinliTestReceivers
import Testing

/// `linli serve` killed with SIGKILL in the middle of delivering webhooks, then started again:
/// every message still reaches the receiver, each under its one `webhook-id` (at least once).
@Suite(.serialized) struct WebhookCrashEndToEndTests {
    static let events = 40

    @Test func killedMidDeliveryThenRestartedDeliversEverythingWithTheSameIDs() async throws {
        let binary = try LinliBinary.locate()
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("linli-crash-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let database = directory.appendingPathComponent("linli.sqlite").path
        let boot = try await binary.run(["admin", "bootstrap", "--db", database, "--name", "安宁里社区", "--admin-name", "孙丽"])
        #expect(boot.status == 0, "\(boot.stderr)")
        let lines = boot.stdout.split(separator: "\n")
        let community = try #require(lines.first { $0.hasPrefix("community:") }?.split(separator: " ").dropFirst().first.map(String.init))
        let admin = try #require(lines.first { $0.hasPrefix("admin:") }?.split(separator: " ").dropFirst().first.map(String.init))
        let environment = ["LINLI_WEBHOOKS_ALLOW_PRIVATE_CIDRS": "127.0.0.0/8"]

        try await ScriptedReceiver.with { receiver, base in
            // Slow answers keep deliveries in flight when the server is killed: 1 s each, so the whole
            // run takes seconds and a test paused for a while on a busy machine still kills it midway.
            receiver.delay("/hook", by: .seconds(1))
            let eventIDs = try Self.prepare(database: database, community: community, admin: admin, url: base + "/hook")

            let first = try await RunningServer.start(binary: binary, arguments: ["--db", database], environment: environment)
            let started = Date()
            while receiver.received(on: "/hook").count < 5, Date().timeIntervalSince(started) < 60 {
                try await Task.sleep(for: .milliseconds(20))
            }
            await first.kill9()
            let beforeCrash = receiver.received(on: "/hook").count
            #expect(beforeCrash >= 5, "deliveries were under way when the server was killed")
            let deliveredBeforeRestart = try Self.delivered(database)
            #expect(deliveredBeforeRestart < Self.events, "the crash interrupted the run")

            let second = try await RunningServer.start(binary: binary, arguments: ["--db", database], environment: environment)
            let restarted = Date()
            while try Self.delivered(database) < Self.events, Date().timeIntervalSince(restarted) < 90 {
                try await Task.sleep(for: .milliseconds(50))
            }
            let stopped = await second.terminate()
            #expect(stopped.status == 0, "\(stopped.stderr)")

            #expect(try Self.delivered(database) == Self.events)
            let received = receiver.received(on: "/hook").compactMap { $0.headers["webhook-id"] }
            #expect(Set(received) == Set(eventIDs), "every event arrived, under its own id and no other")
            #expect(received.count >= Self.events)
        }
    }

    /// A standard endpoint for `appeal.decided` events (a type nothing else in the run emits) and the events themselves, written from this
    /// process as any other writer would (the server is not running yet).
    static func prepare(database path: String, community: String, admin: String, url: String) throws -> [String] {
        let database = try AppDatabase(path: path)
        defer { try? database.close() }
        let clock = SystemWallClock()
        let store = Store(database: database, clock: clock, ids: RandomIDGenerator(clock: clock))
        let communityID = try #require(CommunityID(community))
        let principal = Principal(
            communityID: communityID, memberID: try #require(MemberID(admin)), role: .admin, tokenID: store.ids.next())
        return try store.transactionSync { tx in
            _ = try WebhookEndpointCommands.create(
                tx, principal: principal, draft: EndpointDraft(url: url, format: .standard, events: ["appeal.decided"]),
                actor: .commandLine)
            for index in 0..<events {
                try tx.emit(communityID, type: "appeal.decided", subject: "listing:crash\(index % 8)", payload: ["n": index])
            }
            return try String.fetchAll(tx.db, sql: "SELECT id FROM outbox_events WHERE event_type = 'appeal.decided'")
        }
    }

    static func delivered(_ path: String) throws -> Int {
        let queue = try DatabaseQueue(path: path)
        return try queue.read { db in
            try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM webhook_messages WHERE status = 'delivered'") ?? 0
        }
    }
}
