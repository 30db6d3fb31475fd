import Foundation
import GRDB
import LinliDomain
import LinliStore
import Testing

/// A crash between a request's change and the storing of its response must not let a retry carry
/// the request out again: the claim is marked applied inside the change's own transaction
/// (`IdempotencyScope`), and only when that transaction commits.
@Suite struct IdempotencyScopeTests {
    struct Refused: Error {}

    /// Claims `key` for `admin` and returns the scope value a request would run under.
    func claim(_ fixture: StoreFixture, _ admin: Principal, key: String, hash: String = "h") throws -> IdempotencyCommands.Claim {
        try fixture.store.transactionSync { tx in
            try IdempotencyCommands.claim(tx.db, principal: admin, key: key, requestHash: hash, now: tx.now, ttl: 3600)
        }
    }

    func scope(_ admin: Principal, _ key: String) -> IdempotencyScope.Claim {
        IdempotencyScope.Claim(communityID: admin.communityID, memberID: admin.memberID, key: key)
    }

    func appliedAt(_ fixture: StoreFixture, _ key: String) throws -> String? {
        try fixture.database.readSync { db in
            try String.fetchOne(db, sql: "SELECT applied_at FROM idempotency_keys WHERE idem_key = ?", arguments: [key])
        }
    }

    /// Table: what a retry after the lease is told, by what the first request's write did.
    @Test(arguments: [
        (commits: true, retryAfterLease: IdempotencyCommands.Claim.answerLost),
        (commits: false, retryAfterLease: IdempotencyCommands.Claim.proceed),
    ])
    func aRetryAfterACrashRunsOnlyIfNothingWasCommitted(commits: Bool, retryAfterLease: IdempotencyCommands.Claim) async throws {
        let fixture = try StoreFixture()
        let (_, admin) = try fixture.bootstrap()
        #expect(try claim(fixture, admin, key: "k") == .proceed)
        await IdempotencyScope.$current.withValue(scope(admin, "k")) {
            _ = try? await fixture.store.transaction { tx in
                try tx.db.execute(sql: "INSERT INTO households (id, community_id, name, created_at, updated_at) VALUES ('hh-x', ?, '7号楼', ?, ?)",
                                  arguments: [admin.communityID.rawValue, tx.now, tx.now])
                if !commits { throw Refused() }
            }
        }
        #expect(try fixture.count("SELECT COUNT(*) FROM households WHERE id = 'hh-x'") == (commits ? 1 : 0))
        #expect(try (appliedAt(fixture, "k") != nil) == commits)
        // The process "died" here: neither complete nor release ran.
        #expect(try claim(fixture, admin, key: "k") == .inProgress)  // within the lease, as before
        fixture.clock.advance(by: IdempotencyCommands.inProgressLease + 1)
        // A key whose request committed stays bound to that request's body; an abandoned one that
        // committed nothing is simply taken over.
        if commits { #expect(try claim(fixture, admin, key: "k", hash: "other") == .mismatch) }
        #expect(try claim(fixture, admin, key: "k") == retryAfterLease)
        fixture.clock.advance(by: 3600)
        #expect(try claim(fixture, admin, key: "k") == .proceed)  // an expired key is free again either way
    }

    /// Session 28 review (helper 91): a request slower than the in-progress lease lost its claim
    /// to the client's retry, then marked the retry's claim applied and committed beside it: two
    /// exchange requests from one Idempotency-Key. The stale request's change now rolls back.
    @Test func aRequestThatOutlivedItsClaimDoesNotCommitBesideTheRetry() async throws {
        let fixture = try StoreFixture()
        let (_, admin) = try fixture.bootstrap()
        let firstAt = fixture.clock.now()
        #expect(try claim(fixture, admin, key: "slow") == .proceed)
        fixture.clock.advance(by: IdempotencyCommands.inProgressLease + 1)
        let retryAt = fixture.clock.now()
        #expect(try claim(fixture, admin, key: "slow") == .proceed, "taken over by the retry")
        func insert(_ id: String, claimedAt: Date) async throws {
            let claim = IdempotencyScope.Claim(communityID: admin.communityID, memberID: admin.memberID, key: "slow", claimedAt: claimedAt)
            try await IdempotencyScope.$current.withValue(claim) {
                try await fixture.store.transaction { tx in
                    try tx.db.execute(
                        sql: "INSERT INTO households (id, community_id, name, created_at, updated_at) VALUES (?, ?, '7号楼', ?, ?)",
                        arguments: [id, admin.communityID.rawValue, tx.now, tx.now])
                }
            }
        }
        try await insert("hh-retry", claimedAt: retryAt)
        let stale = await #expect(throws: DomainError.self) { try await insert("hh-stale", claimedAt: firstAt) }
        #expect(stale?.code == "idempotency.in_progress")
        #expect(try fixture.count("SELECT COUNT(*) FROM households WHERE id IN ('hh-retry', 'hh-stale')") == 1)
        #expect(try fixture.count("SELECT COUNT(*) FROM households WHERE id = 'hh-retry'") == 1)
        // The stale request's failure does not free the retry's claim either.
        let freed = try fixture.store.transactionSync { tx in
            try IdempotencyCommands.release(tx.db, principal: admin, key: "slow", claimedAt: firstAt)
        }
        #expect(!freed)
        #expect(try appliedAt(fixture, "slow") != nil)
    }

    /// Grouped use cases (one SQLite transaction, a savepoint each): a use case refused inside
    /// the group leaves its own claim unmarked, the one that committed marks its own.
    @Test func eachUseCaseOfAGroupMarksOnlyItsOwnClaim() async throws {
        let fixture = try StoreFixture()
        let (_, admin) = try fixture.bootstrap()
        let keys = (0..<8).map { "k\($0)" }
        for key in keys { #expect(try claim(fixture, admin, key: key) == .proceed) }
        await withTaskGroup(of: Void.self) { group in
            for (index, key) in keys.enumerated() {
                group.addTask {
                    await IdempotencyScope.$current.withValue(scope(admin, key)) {
                        _ = try? await fixture.store.transaction { tx in
                            try tx.db.execute(sql: "UPDATE communities SET name = name WHERE id = ?", arguments: [admin.communityID.rawValue])
                            if index.isMultiple(of: 2) { throw Refused() }
                        }
                    }
                }
            }
        }
        for (index, key) in keys.enumerated() {
            #expect(try (appliedAt(fixture, key) != nil) == !index.isMultiple(of: 2), "\(key)")
        }
    }

    /// A refusal answered after a change was committed keeps the key, with that answer for the
    /// retry; a refusal before any change frees it for a corrected request.
    @Test func releaseFreesOnlyAKeyWithNothingCommitted() async throws {
        let fixture = try StoreFixture()
        let (_, admin) = try fixture.bootstrap()
        let answer = StoredResponse(status: 409, headers: [["Content-Type", "application/problem+json"]], body: Data("{}".utf8))
        #expect(try claim(fixture, admin, key: "free") == .proceed)
        #expect(try fixture.store.transactionSync { tx in try IdempotencyCommands.release(tx.db, principal: admin, key: "free", response: answer) })
        #expect(try claim(fixture, admin, key: "free") == .proceed)

        #expect(try claim(fixture, admin, key: "kept") == .proceed)
        try await IdempotencyScope.$current.withValue(scope(admin, "kept")) {
            try await fixture.store.transaction { tx in try IdempotencyCommands.purgeExpired(tx.db, now: tx.now) }
        }
        #expect(try !fixture.store.transactionSync { tx in try IdempotencyCommands.release(tx.db, principal: admin, key: "kept", response: answer) })
        #expect(try claim(fixture, admin, key: "kept") == .replay(answer))
    }

    /// Outside a request's scope nothing is marked, and the store's writes touch no claim.
    @Test func writesOutsideAScopeMarkNothing() async throws {
        let fixture = try StoreFixture()
        let (_, admin) = try fixture.bootstrap()
        #expect(try claim(fixture, admin, key: "k") == .proceed)
        try await fixture.store.transaction { tx in try tx.db.execute(sql: "UPDATE communities SET name = name") }
        try await fixture.store.soloTransaction { tx in try tx.db.execute(sql: "UPDATE communities SET name = name") }
        #expect(try appliedAt(fixture, "k") == nil)
        try await IdempotencyScope.$current.withValue(scope(admin, "k")) {
            try await fixture.store.soloTransaction { tx in try tx.db.execute(sql: "UPDATE communities SET name = name") }
        }
        #expect(try appliedAt(fixture, "k") != nil)
    }
}
