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
        for (batchIndex, batch) in stride(from: 0, to: listings.count, by: 1000).map({ Array(listings[$0..<min($0 + 1000, listings.count)]) }).enumerated() {
            pending += try store.transactionSync { tx in
                try batch.enumerated().map { offset, listing in
                    let payer = Principal(
                        communityID: community, memberID: payerIDs[(batchIndex * 1000 + offset) % payerIDs.count], role: .resident, tokenID: token)
                    let owner = Principal(communityID: community, memberID: listing.ownerID, role: .resident, tokenID: token)
                    // One hour each, one after another: a helper is not booked twice for the same
                    // time (`exchange.slot_taken`), and concurrent clients hold several accepted.
                    let start = tx.now.addingTimeInterval(3600 * Double(1 + (batchIndex * 1000 + offset) % 8000))
                    let exchange = try ExchangeCommands.request(
                        tx, principal: payer,
                        input: ExchangeRequestInput(listingID: listing.id, scheduledStart: start, scheduledEnd: start.addingTimeInterval(3600)),
                        services: services, actor: .member(payer, requestID: nil)
                    ).exchange
                    let minutes = listing.content.kind == .time ? listing.content.durationMinutes : nil
                    // For a request listing the owner pays: the payer principal confirms.
                    let confirmer = exchange.payer == owner.memberID ? owner : payer
                    let acceptor = owner
                    return (exchange.id, acceptor, confirmer, listing.content.kind, minutes)
                }
            }
        }
        self.pending = pending
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
    func runGrouped(_ range: Range<Int>, clients: Int) async throws {
        let writer = GroupCommitWriter(store: store)
        defer { writer.shutdown() }
        let share = range.count / clients
        let steps = range.map { (accept($0), complete($0)) }
        try await withThrowingTaskGroup(of: Void.self) { group in
            for client in 0..<clients {
                let slice = (client * share)..<((client + 1) * share)
                group.addTask {
                    for index in slice {
                        _ = try await writer.write(steps[index].0)
                        _ = try await writer.write(steps[index].1)
                    }
                }
            }
            try await group.waitForAll()
        }
    }

    /// Accepts and completes `range` of the prepared exchanges, each step its own transaction.
    func run(_ range: Range<Int>) throws {
        for index in range {
            _ = try store.transactionSync(accept(index))
            _ = try store.transactionSync(complete(index))
        }
    }

    /// Only the accept (or only the complete) steps of `range`, each its own transaction.
    func runSteps(_ range: Range<Int>, accepting: Bool) throws {
        for index in range {
            _ = try store.transactionSync(accepting ? accept(index) : complete(index))
        }
    }
}
