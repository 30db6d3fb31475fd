import Foundation
import GRDB
import LinliDomain
import LinliStore
import Testing

/// The exchange life cycle end to end through the store: postings, listing states, events, audit,
/// counters, and a clean `ledger verify` after every path.
@Suite struct ExchangeLifecycleTests {
    @Test func offerRequestAcceptComplete() throws {
        let f = try ExchangeFixture()
        let listing = try f.offer()
        let requested = try f.request(listing)
        #expect(requested.state == .requested)
        #expect(requested.payer == f.neighbour.memberID && requested.provider == f.resident.memberID)
        #expect(requested.points == 20 && requested.holdID == nil)

        let accepted = try f.accept(requested)
        #expect(accepted.exchange.state == .accepted && accepted.exchange.holdID != nil)
        #expect(accepted.exchange.version == 2)
        #expect(try f.listing(listing.id).status == .reserved)
        #expect(try f.balance(f.neighbour.memberID) == -20)

        let completed = try f.complete(accepted.exchange)
        #expect(completed.state == .completed && completed.settledPoints == 20 && completed.closedAt != nil)
        #expect(try f.listing(listing.id).status == .exchanged)
        #expect(try f.balance(f.resident.memberID) == 20)
        #expect(try f.balance(f.neighbour.memberID) == -20)
        // Counters: points given and received, no minutes for an item.
        #expect(try f.account(f.neighbour.memberID).pointsGiven == 20)
        #expect(try f.account(f.resident.memberID).pointsReceived == 20)
        #expect(try f.account(f.resident.memberID).minutesServed == 0)
        for event in ["exchange.requested", "exchange.accepted", "exchange.completed"] {
            #expect(try f.listings.events(event).count == 1, "\(event)")
        }
        // The accepted event names the listing, which the shipped chat text shows (the people are not named).
        let acceptedPayload = try #require(try f.listings.events("exchange.accepted").first)
        #expect(acceptedPayload.contains(#""listing_title":"\#(listing.content.title)""#), "\(acceptedPayload)")
        let audited = try f.base.count("SELECT COUNT(*) FROM audit_entries WHERE target_type = 'exchange' AND target_id = ?", [requested.id.rawValue])
        #expect(audited == 3)
        #expect(try f.verify().isClean)
    }

    /// For a request listing the owner pays and the member who answered provides.
    @Test func requestListingOwnerPays() throws {
        let f = try ExchangeFixture()
        let listing = try f.timeListing(direction: .request)
        let exchange = try f.request(listing)
        #expect(exchange.payer == f.resident.memberID && exchange.provider == f.neighbour.memberID)
        let accepted = try f.accept(exchange).exchange
        #expect(try f.balance(f.resident.memberID) == -10)
        // Only the payer confirms: here that is the owner.
        #expect(throws: DomainError.self) { try f.complete(accepted, as: f.neighbour, minutes: 60) }
        let done = try f.complete(accepted, as: f.resident, minutes: 60)
        #expect(done.settledPoints == 10 && done.actualMinutes == 60)
        #expect(try f.account(f.neighbour.memberID).minutesServed == 60)
        #expect(try f.account(f.resident.memberID).minutesReceived == 60)
        #expect(try f.verify().isClean)
    }

    @Test func declineMovesNothing() throws {
        let f = try ExchangeFixture()
        let listing = try f.offer()
        let exchange = try f.request(listing)
        #expect(throws: DomainError.self) {  // the requester cannot decline their own request
            try f.store.transactionSync { tx in
                try ExchangeCommands.decline(tx, principal: f.neighbour, id: exchange.id, expectedVersion: nil, actor: f.actor(f.neighbour))
            }
        }
        let declined = try f.store.transactionSync { tx in
            try ExchangeCommands.decline(tx, principal: f.resident, id: exchange.id, expectedVersion: nil, actor: f.actor(f.resident))
        }.exchange
        #expect(declined.state == .declined)
        #expect(try f.listing(listing.id).status == .published)
        #expect(try f.base.count("SELECT COUNT(*) FROM ledger_transfers") == 0)
    }

    @Test func cancelAcceptedRefundsAndReleasesListing() throws {
        let f = try ExchangeFixture()
        let listing = try f.offer()
        let accepted = try f.accept(try f.request(listing)).exchange
        let cancelled = try f.cancel(accepted, as: f.neighbour)
        #expect(cancelled.state == .cancelled)
        #expect(try f.balance(f.neighbour.memberID) == 0)
        #expect(try f.listing(listing.id).status == .published)
        #expect(try f.base.count("SELECT COUNT(*) FROM ledger_holds WHERE state = 'refunded'") == 1)
        #expect(try f.listings.events("exchange.cancelled").count == 1)
        #expect(try f.verify().isClean)
        // A cancelled exchange is final: 409 naming the state.
        let refusal = DomainError(code: "exchange.invalid_transition", category: .conflict, parameters: ["current_state": "cancelled", "event": "complete"])
        #expect(throws: refusal) { try f.complete(cancelled) }
    }

    @Test func cancelRequestedNeedsNoHold() throws {
        let f = try ExchangeFixture()
        let exchange = try f.request(try f.offer())
        #expect(try f.cancel(exchange, as: f.neighbour).state == .cancelled)
        #expect(try f.base.count("SELECT COUNT(*) FROM ledger_transfers") == 0)
    }

    /// A retried completion cannot pay twice: the state machine refuses it, and the ledger keys
    /// are per exchange and step.
    @Test func doubleCompletionIsRefused() throws {
        let f = try ExchangeFixture()
        let accepted = try f.accept(try f.request(try f.offer())).exchange
        _ = try f.complete(accepted)
        #expect(throws: DomainError.self) { try f.complete(accepted) }
        #expect(try f.base.count("SELECT COUNT(*) FROM ledger_transfers WHERE kind = 'release'") == 1)
        #expect(try f.balance(f.resident.memberID) == 20)
    }

    @Test func staleVersionIsAConflict() throws {
        let f = try ExchangeFixture()
        let exchange = try f.request(try f.offer())
        #expect(throws: DomainError.versionConflict(current: 1)) { try f.accept(exchange, version: 7) }
        #expect(try f.accept(exchange, version: 1).exchange.version == 2)
    }

    @Test func outsidersCannotSeeOrAct() throws {
        let f = try ExchangeFixture()
        let outsider = try f.base.member("赵六", in: f.listings.admin).1
        let exchange = try f.request(try f.offer())
        #expect(throws: DomainError.notFound("exchange", id: exchange.id.rawValue)) { try f.accept(exchange, as: outsider) }
        #expect(throws: DomainError.notFound("exchange", id: exchange.id.rawValue)) {
            try f.base.database.readSync { db in try ExchangeQueries.fetch(db, principal: outsider, id: exchange.id) }
        }
        // Moderators see every exchange; members their own.
        let all = try f.base.database.readSync { db in
            try ExchangeQueries.list(db, principal: f.moderator, state: nil, page: PageRequest(after: nil, limit: 10))
        }
        #expect(all.items.map(\.id) == [exchange.id])
        let none = try f.base.database.readSync { db in
            try ExchangeQueries.list(db, principal: outsider, state: nil, page: PageRequest(after: nil, limit: 10))
        }
        #expect(none.items.isEmpty)
    }

    @Test func listIsPaginatedNewestFirst() throws {
        let f = try ExchangeFixture()
        let first = try f.request(try f.offer("梯子"))
        let second = try f.request(try f.offer("电钻"))
        let third = try f.request(try f.offer("扳手"))
        func page(_ after: String?) throws -> Page<Exchange> {
            try f.base.database.readSync { db in
                try ExchangeQueries.list(db, principal: f.neighbour, state: nil, page: PageRequest(after: after, limit: 2))
            }
        }
        let one = try page(nil)
        let two = try page(one.nextAfter)
        #expect((one.items + two.items).map(\.id) == [third.id, second.id, first.id])
        #expect(two.nextAfter == nil)
        let requested = try f.base.database.readSync { db in
            try ExchangeQueries.list(db, principal: f.neighbour, state: .accepted, page: PageRequest(after: nil, limit: 10))
        }
        #expect(requested.items.isEmpty)
    }
}

/// When a listing is exchanged, the requests still waiting on it are closed for their requesters.
@Suite struct WaitingRequestTests {
    @Test func completingDeclinesTheOtherRequests() throws {
        let f = try ExchangeFixture()
        let listing = try f.offer()
        let first = try f.request(listing)
        let second = try f.request(listing, as: f.listings.moderatorB)
        let done = try f.complete(try f.accept(first).exchange)
        #expect(done.state == .completed)
        let other = try f.base.database.readSync { db in
            try ExchangeQueries.fetch(db, principal: f.listings.moderatorB, id: second.id)
        }
        #expect(other.state == .declined && other.closedAt != nil)
        #expect(try f.base.count("SELECT COUNT(*) FROM audit_entries WHERE action = 'exchange.declined' AND reason = 'listing exchanged'") == 1)
        #expect(try f.listings.events("exchange.declined").count == 1)
        #expect(try f.verify().isClean)
    }
}
