import Foundation
import LinliApp
import LinliDomain
import LinliStore

/// Completed exchanges through the store layer, as issue 5's benchmark defines them: for each
/// exchange, `accept` (listing reserved, points held, exchange row, audit entry, outbox event) and
/// `complete` (hold released to the provider with counters, listing exchanged, audit, outbox), each
/// its own write transaction, exactly the use cases the API runs. Since session 20 the time and
/// skill offers of the seeded mix (about three in ten exchanges) are repeatable: their steps leave
/// the listing published and check the helper's other bookings instead.
///
/// Setup (untimed): published listings through the real bulk create path, and one request per
/// listing from a pool of payers, in batched transactions.
struct ExchangeThroughput {
    let store: Store
    let community: CommunityID
    let services: ExchangeServices
    /// (exchange, owner principal, payer principal, kind)
    var pending: [(ExchangeID, Principal, Principal, ListingKind, Int?)] = []
    /// The provider of each pending exchange (who must not be booked twice at once).
    var providers: [MemberID] = []

    init(store: Store, community: CommunityID, count: Int, payers: Int = 20) throws {
        self.store = store
        self.community = community
        services = ExchangeServices(
            listings: ListingServices(),
            rulesOverride: ExchangeRules(autoConfirmAfterHours: 72, noShowPenaltyPoints: 5, maxOpenPerMember: 1_000_000, recomputeTimeFromActualHours: true),
            limitsOverride: LedgerBenchmarkCommand.openLimits)
        _ = try BulkListingSeeder.seed(store, community: community, count: count, owners: 50, batch: 1000, rules: services.listings.rules)
        let token = TokenID(trusted: "tok_00000000000000000000000000")
        let payerIDs = try store.transactionSync { tx in
            try (0..<payers).map { index in
                try MemberCommands.create(
                    tx, community: community, input: NewMemberInput(displayName: "付款居民\(index)", phone: nil, householdID: nil, role: .resident),
                    principal: nil, actor: .commandLine
                ).id
            }
        }
        let reader = Principal(communityID: community, memberID: payerIDs[0], role: .resident, tokenID: token)
        var listings: [Listing] = []
        var after: String?
        repeat {
            let page = try store.database.readSync { db in
                try ListingQueries.browse(db, principal: reader, filter: ListingFilter(status: .published), page: PageRequest(after: after, limit: 100))
            }
            listings += page.items
            after = page.nextAfter
        } while after != nil && listings.count < count
        let services = self.services
        var pending: [(ExchangeID, Principal, Principal, ListingKind, Int?)] = []
        var providers: [MemberID] = []
        for (batchIndex, batch) in stride(from: 0, to: listings.count, by: 1000).map({ Array(listings[$0..<min($0 + 1000, listings.count)]) }).enumerated() {
            pending += try store.transactionSync { tx in
                try batch.enumerated().map { offset, listing in
                    let payer = Principal(
                        communityID: community, memberID: payerIDs[(batchIndex * 1000 + offset) % payerIDs.count], role: .resident, tokenID: token)
                    let owner = Principal(communityID: community, memberID: listing.ownerID, role: .resident, tokenID: token)
                    // Every one under way now (started ten minutes ago, an hour long): time and
                    // skills are confirmed only from their start (session 33), and the steps are
                    // timed within the hour. A helper is never booked twice at once: one client
                    // completes each exchange before accepting the next, and concurrent clients
                    // serve disjoint helpers (`runGrouped`).
                    let start = tx.now.addingTimeInterval(-600)
                    let exchange = try ExchangeCommands.request(
                        tx, principal: payer,
                        input: ExchangeRequestInput(listingID: listing.id, scheduledStart: start, scheduledEnd: start.addingTimeInterval(3600)),
                        services: services, actor: .member(payer, requestID: nil)
                    ).exchange
                    let minutes = listing.content.kind == .time ? listing.content.durationMinutes : nil
                    // For a request listing the owner pays: the payer principal confirms.
                    let confirmer = exchange.payer == owner.memberID ? owner : payer
                    let acceptor = owner
                    providers.append(exchange.provider)
                    return (exchange.id, acceptor, confirmer, listing.content.kind, minutes)
                }
            }
        }
        self.pending = pending
        self.providers = providers
    }

    /// The accept step of prepared exchange `index`, as a use case to run in a transaction.
    func accept(_ index: Int) -> @Sendable (Transaction) throws -> ExchangeOutcome {
        let (id, owner, _, _, _) = pending[index]
        let services = self.services
        return { tx in
            try ExchangeCommands.accept(tx, principal: owner, id: id, expectedVersion: nil, services: services, actor: .member(owner, requestID: nil))
        }
    }

    /// The complete step of prepared exchange `index` (time exchanges state their minutes).
    func complete(_ index: Int) -> @Sendable (Transaction) throws -> ExchangeOutcome {
        let (id, _, payer, _, minutes) = pending[index]
        let services = self.services
        return { tx in
            try ExchangeCompletionCommands.complete(
                tx, principal: payer, id: id, input: ExchangeCompletionInput(actualMinutes: minutes), expectedVersion: nil,
                services: services, actor: .member(payer, requestID: nil))
        }
    }

    /// The same through a `GroupCommitWriter`: `clients` concurrent callers, each step its own
    /// savepoint, steps of different callers sharing a commit.
    /// Each client serves its own helpers (the exchanges' windows all overlap now, and one helper
    /// is never booked twice at once), so the clients' shares differ a little. Returns how many
    /// exchanges were completed.
    @discardableResult
    func runGrouped(_ range: Range<Int>, clients: Int) async throws -> Int {
        let writer = GroupCommitWriter(store: store)
        defer { writer.shutdown() }
        var helperIndex: [MemberID: Int] = [:]
        for index in range where helperIndex[providers[index]] == nil { helperIndex[providers[index]] = helperIndex.count }
        let shares = (0..<clients).map { client in range.filter { helperIndex[providers[$0]]! % clients == client } }
        let steps = Dictionary(uniqueKeysWithValues: range.map { ($0, (accept($0), complete($0))) })
        try await withThrowingTaskGroup(of: Void.self) { group in
            for share in shares {
                group.addTask {
                    for index in share {
                        _ = try await writer.write(steps[index]!.0)
                        _ = try await writer.write(steps[index]!.1)
                    }
                }
            }
            try await group.waitForAll()
        }
        return range.count
    }

    /// Accepts and completes `range` of the prepared exchanges, each step its own transaction.
    func run(_ range: Range<Int>) throws {
        for index in range {
            _ = try store.transactionSync(accept(index))
            _ = try store.transactionSync(complete(index))
        }
    }

    /// Only the accept (or only the complete) steps of `range`, each its own transaction. All of
    /// them are accepted before any is completed, so only items' (a helper's hours are booked once
    /// at a time): the page map of an exchange's steps is the items'.
    func runSteps(_ range: Range<Int>, accepting: Bool) throws {
        for index in range where pending[index].3 == .item {
            _ = try store.transactionSync(accepting ? accept(index) : complete(index))
        }
    }
}
