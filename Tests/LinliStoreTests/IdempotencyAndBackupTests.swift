import Foundation
import GRDB
import LinliDomain
import LinliStore
import Testing

@Suite struct IdempotencyAndBackupTests {
    @Test func claimReplayMismatchAndExpiry() throws {
        let fixture = try StoreFixture()
        let (_, admin) = try fixture.bootstrap()
        func claim(_ hash: String) throws -> IdempotencyCommands.Claim {
            try fixture.store.transactionSync { tx in
                try IdempotencyCommands.claim(tx.db, principal: admin, key: "k1", requestHash: hash, now: tx.now, ttl: 3600)
            }
        }
        #expect(try claim("h1") == .proceed)
        #expect(try claim("h1") == .inProgress)
        #expect(try claim("h2") == .mismatch)
        let stored = StoredResponse(status: 201, headers: [["Content-Type", "application/json"]], body: Data("{}".utf8))
        try fixture.store.transactionSync { tx in try IdempotencyCommands.complete(tx.db, principal: admin, key: "k1", response: stored) }
        #expect(try claim("h1") == .replay(stored))
        fixture.clock.advance(by: 3601)
        #expect(try claim("h2") == .proceed)  // expired keys are reusable
    }

    @Test func abandonedInProgressClaimsCanBeRetried() throws {
        let fixture = try StoreFixture()
        let (_, admin) = try fixture.bootstrap()
        let first = try fixture.store.transactionSync { tx in
            try IdempotencyCommands.claim(tx.db, principal: admin, key: "k", requestHash: "h", now: tx.now, ttl: 3600)
        }
        #expect(first == .proceed)
        fixture.clock.advance(by: IdempotencyCommands.inProgressLease + 1)
        let retry = try fixture.store.transactionSync { tx in
            try IdempotencyCommands.claim(tx.db, principal: admin, key: "k", requestHash: "h", now: tx.now, ttl: 3600)
        }
        #expect(retry == .proceed)
    }

    @Test func purgeRemovesOnlyExpiredKeys() throws {
        let fixture = try StoreFixture()
        let (_, admin) = try fixture.bootstrap()
        try fixture.store.transactionSync { tx in
            _ = try IdempotencyCommands.claim(tx.db, principal: admin, key: "old", requestHash: "h", now: tx.now, ttl: 10)
            _ = try IdempotencyCommands.claim(tx.db, principal: admin, key: "new", requestHash: "h", now: tx.now, ttl: 1000)
        }
        fixture.clock.advance(by: 11)
        let removed = try fixture.store.transactionSync { tx in try IdempotencyCommands.purgeExpired(tx.db, now: tx.now) }
        #expect(removed == 1)
        #expect(try fixture.count("SELECT COUNT(*) FROM idempotency_keys") == 1)
    }

    @Test func onlineBackupIsAConsistentCopy() throws {
        let fixture = try StoreFixture()
        let (result, _) = try fixture.bootstrap()
        let destination = fixture.directory.appendingPathComponent("backup.sqlite").path
        try fixture.database.backup(to: destination)
        let copy = try AppDatabase(path: destination)
        let names = try copy.readSync { db in try String.fetchAll(db, sql: "SELECT name FROM communities") }
        #expect(names == [result.community.name])
        #expect(try copy.readSync { db in try MigrationRunner.shipped.status(db) }.isCurrent)
        #expect(throws: StoreError.backupDestinationExists(destination)) { try fixture.database.backup(to: destination) }
    }
}
