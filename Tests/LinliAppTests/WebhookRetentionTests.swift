import Foundation
import GRDB
import LinliDelivery
import LinliStore
import LinliTestReceivers
import Testing

@testable import LinliApp

/// `webhooks.retention_days`: finished messages past the period go with their attempts; pending
/// ones, recent ones and the events themselves stay.
@Suite(.serialized) struct WebhookRetentionTests {
    /// Three delivered messages; the first finished 100 days ago, the second also but was resent
    /// since (pending again), the third just now. Only the first and its attempt are deleted.
    @Test func deletesOnlyFinishedMessagesPastThePeriod() async throws {
        let setup = try WebhookWorkerTests.Setup()
        try await ScriptedReceiver.with { receiver, base in
            receiver.script("/log", statuses: [200, 200, 200])
            _ = try setup.endpoint(base + "/log")
            try setup.emit("member.joined", subject: "member:1", count: 3)
            try await WebhookWorkerTests.run(setup.worker()) { try setup.allDelivered(3) }
        }
        let ids = try setup.messages().map { $0["id"] as String }
        let old = setup.environment.store.clock.now().addingTimeInterval(-100 * 86_400)
        try setup.environment.database.writeSync { db in
            try db.execute(sql: "UPDATE webhook_messages SET finished_at = ? WHERE id IN (?, ?)", arguments: [old, ids[0], ids[1]])
            try db.execute(sql: "UPDATE webhook_messages SET status = 'pending', finished_at = NULL WHERE id = ?", arguments: [ids[1]])
        }
        let attemptsBefore = try count(setup, "SELECT COUNT(*) FROM webhook_attempts")
        #expect(attemptsBefore == 3)

        let generation = setup.environment.database.webhookChanges.generation
        #expect(try await WebhookRetention.runOnce(store: setup.environment.store, days: 90) == 1)
        // Not a change to the worker's queue (it holds pending messages only): counted as one,
        // every batch stopped deliveries until the worker had reloaded (session 15 review).
        #expect(setup.environment.database.webhookChanges.generation == generation)
        #expect(try setup.messages().map { $0["id"] as String } == [ids[1], ids[2]])
        #expect(try count(setup, "SELECT COUNT(*) FROM webhook_attempts WHERE message_id = '\(ids[0])'") == 0)
        #expect(try count(setup, "SELECT COUNT(*) FROM webhook_attempts") == 2)
        #expect(try count(setup, "SELECT COUNT(*) FROM outbox_events WHERE subject = 'member:1'") == 3)
        // A second round finds nothing more; a longer period keeps everything left.
        #expect(try await WebhookRetention.runOnce(store: setup.environment.store, days: 90) == 0)
        #expect(try await WebhookRetention.runOnce(store: setup.environment.store, days: 365) == 0)
    }

    /// A message resent between the read and the write is pending again: `purge` checks again
    /// and leaves it and its attempts.
    @Test func aMessageResentSinceItWasReadStays() async throws {
        let setup = try WebhookWorkerTests.Setup()
        try await ScriptedReceiver.with { receiver, base in
            receiver.script("/log", statuses: [200])
            _ = try setup.endpoint(base + "/log")
            try setup.emit("member.joined", subject: "member:1")
            try await WebhookWorkerTests.run(setup.worker()) { try setup.allDelivered(1) }
        }
        let id = try #require(try setup.messages().first?["id"] as String?)
        let cutoff = setup.environment.store.clock.now().addingTimeInterval(60)
        let read = try await setup.environment.store.read { db in try WebhookRetentionCommands.candidates(db, finishedBefore: cutoff) }
        #expect(read == [id])
        try setup.environment.database.writeSync { db in
            try db.execute(sql: "UPDATE webhook_messages SET status = 'pending', finished_at = NULL WHERE id = ?", arguments: [id])
        }
        let removed = try await setup.environment.store.transaction { tx in
            try WebhookRetentionCommands.purge(tx, ids: read, finishedBefore: cutoff)
        }
        #expect(removed == 0)
        #expect(try count(setup, "SELECT COUNT(*) FROM webhook_attempts") == 1)
    }

    /// 0 keeps messages for ever: no retention task runs at all.
    @Test(arguments: [(0, 0), (1, 1), (90, 1)])
    func theTaskRunsOnlyWithAPeriod(days: Int, tasks: Int) throws {
        let configuration = try ConfigurationLoader.load(
            file: nil, environment: ["LINLI_WEBHOOKS_RETENTION_DAYS": String(days)], flags: [:])
        #expect(configuration.webhookRetentionDays == days)
        let environment = try LinliEnvironment(configuration: configuration, database: try AppDatabase(), logger: .init(label: "test"))
        #expect(LinliServer.webhookRetention(environment: environment).count == tasks)
    }

    @Test func theDefaultIsNinetyDaysAndNegativePeriodsAreRefused() throws {
        #expect(try ConfigurationLoader.load(file: nil, environment: [:], flags: [:]).webhookRetentionDays == 90)
        #expect(throws: ConfigurationError.self) {
            try ConfigurationLoader.load(file: nil, environment: ["LINLI_WEBHOOKS_RETENTION_DAYS": "-1"], flags: [:])
        }
    }

    func count(_ setup: WebhookWorkerTests.Setup, _ sql: String) throws -> Int {
        try setup.environment.database.readSync { db in try Int.fetchOne(db, sql: sql) ?? 0 }
    }
}
