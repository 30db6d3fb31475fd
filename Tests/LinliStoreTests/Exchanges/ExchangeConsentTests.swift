import Foundation
import GRDB
import LinliDomain
@testable import LinliStore
import Testing

/// What the requester agreed to, and what each side may learn or do while an exchange waits:
/// a price changed against the requester needs them to ask again, the owner never sees the
/// payer's balance, the requester keeps seeing the listing, and a household change cannot turn an
/// open exchange into one between housemates.
@Suite struct ExchangeConsentTests {
    func code(_ body: () throws -> Void) -> String? { ExchangeFixture.errorCode(body) }

    struct PriceCase: Sendable, CustomTestStringConvertible {
        let name: String
        /// An item offered (the requester pays) or an hour of help asked for (the requester provides).
        let requesterPays: Bool
        let newPoints: Int
        /// nil: accepted, holding `newPoints`.
        let refusal: String?
        var testDescription: String { name }
    }

    static let priceCases: [PriceCase] = [
        PriceCase(name: "offer raised: the payer must agree", requesterPays: true, newPoints: 90, refusal: "exchange.price_changed"),
        PriceCase(name: "offer lowered: held at the lower price", requesterPays: true, newPoints: 12, refusal: nil),
        PriceCase(name: "request's pay lowered: the helper must agree", requesterPays: false, newPoints: 4, refusal: "exchange.price_changed"),
        PriceCase(name: "request's pay raised: held at the higher price", requesterPays: false, newPoints: 15, refusal: nil),
    ]

    /// The listing's points change between request and acceptance (an approved edit, a
    /// re-valuation under new rules): only a change in the requester's favour is held without
    /// asking them.
    @Test(arguments: priceCases)
    func aPriceChangedAgainstTheRequesterIsNotHeldWithoutThem(_ c: PriceCase) throws {
        let f = try ExchangeFixture()
        let listing = c.requesterPays ? try f.offer() : try f.timeListing(direction: .request)
        let exchange = try f.request(listing)
        #expect(exchange.points == (c.requesterPays ? 20 : 10))
        try f.sql("UPDATE listings SET points = ? WHERE id = ?", [String(c.newPoints), listing.id.rawValue])
        if let refusal = c.refusal {
            var thrown: DomainError?
            do { _ = try f.accept(exchange) } catch let error as DomainError { thrown = error }
            #expect(thrown?.code == refusal)
            #expect(thrown?.parameters["requested_points"] == String(exchange.points))
            #expect(thrown?.parameters["current_points"] == String(c.newPoints))
            #expect(try f.listing(listing.id).status == .published)
            #expect(try f.balance(exchange.payer) == 0)
        } else {
            let accepted = try f.accept(exchange).exchange
            #expect(accepted.points == c.newPoints)
            #expect(try f.balance(exchange.payer) == -c.newPoints)
        }
        #expect(try f.verify().isClean)
    }

    /// The owner accepting is not the payer: a payer who cannot cover the points is refused
    /// without the payer's balance. The payer accepting (a request's owner) hears their own.
    @Test func theOwnerNeverLearnsThePayersBalance() throws {
        let f = try ExchangeFixture(limits: LedgerLimits(creditLimit: 30, warningThreshold: 25, organizerDailyRewardCap: 300, memberDailyRewardCap: 60, maxTransferAmount: 100_000))
        let first = try f.request(try f.offer("折叠梯"))
        let second = try f.request(try f.offer("电钻"))
        _ = try f.accept(first)
        var thrown: DomainError?
        do { _ = try f.accept(second) } catch let error as DomainError { thrown = error }
        #expect(thrown?.code == "exchange.payer_cannot_cover")
        #expect(thrown?.parameters["balance"] == nil && thrown?.parameters["available"] == nil)
        #expect(thrown?.parameters["points"] == "20")
        #expect(try f.balance(f.neighbour.memberID) == -20)

        // A request's owner pays: accepting, they are told their own balance.
        let asked = try f.timeListing(direction: .request, minutes: 240, as: f.neighbour)
        let answer = try f.request(asked, as: f.resident)
        #expect(code { _ = try f.accept(answer, as: f.neighbour) } == "ledger.credit_limit_exceeded")
    }

    /// A requester who pays and could not have the points held now is told at once, from their
    /// own balance, instead of leaving a request nobody can accept.
    @Test func aPayerWhoCannotCoverIsToldWhenRequesting() throws {
        let f = try ExchangeFixture(limits: LedgerLimits(creditLimit: 10, warningThreshold: 5, organizerDailyRewardCap: 300, memberDailyRewardCap: 60, maxTransferAmount: 100_000))
        var thrown: DomainError?
        do { _ = try f.request(try f.offer()) } catch let error as DomainError { thrown = error }
        #expect(thrown?.code == "ledger.credit_limit_exceeded")
        #expect(thrown?.parameters["balance"] == "0" && thrown?.parameters["available"] == "10")
        // Helping (the owner pays) is never refused for the helper's balance.
        #expect(try f.request(try f.timeListing(direction: .request)).state == .requested)
        // Station staff asking for her hear that the points cannot be held, not her balance
        // (session 30 walk: the 409 told the desk a resident's exact balance, unrecorded).
        var forHer: DomainError?
        let lamp = try f.offer("台灯")
        do { _ = try f.request(lamp, as: f.staff, for: f.neighbour.memberID) } catch let error as DomainError { forHer = error }
        // Its own code (helper 104: payer_cannot_cover told the desk the request was waiting).
        #expect(forHer?.code == "exchange.requester_cannot_cover")
        #expect(forHer?.parameters["balance"] == nil && forHer?.parameters["available"] == nil)
        #expect(try f.base.count("SELECT COUNT(*) FROM exchanges WHERE listing_id = ?", [lamp.id.rawValue]) == 0)
        #expect(forHer?.parameters["points"] == "20" && forHer?.parameters["payer_id"] == f.neighbour.memberID.rawValue)
    }

    /// The requester (and station staff who requested for a resident) keep reading the listing
    /// once it is reserved and exchanged; another resident does not, and is told it is taken.
    @Test func theRequesterKeepsSeeingTheListing() throws {
        let f = try ExchangeFixture()
        let listing = try f.offer()
        let exchange = try f.request(listing, as: f.staff, for: f.neighbour.memberID)
        _ = try f.accept(exchange)
        let outsider = try f.base.member("赵大爷", in: f.listings.admin).1
        func read(_ principal: Principal) throws -> Listing {
            try f.base.database.readSync { db in try ListingQueries.fetch(db, principal: principal, id: listing.id) }
        }
        #expect(try read(f.neighbour).status == .reserved)
        #expect(try read(f.staff).status == .reserved)
        #expect(code { _ = try read(outsider) } == "listing.not_found")
        #expect(code { _ = try f.request(listing, as: outsider) } == "exchange.listing_unavailable")
        _ = try f.complete(exchange, as: f.neighbour)
        #expect(try read(f.neighbour).status == .exchanged)

        // A listing never published stays absent, whoever asks.
        let draft = try f.listings.post(ListingFixture.item("旧书"), submit: false).listing
        #expect(code { _ = try f.request(draft, as: outsider) } == "validation_failed")
    }

    /// Session 17 black-box review: a 28-hour booking on another day was accepted for an hour's
    /// help offered at a fixed time. The requested window must lie within the listing's.
    @Test(arguments: [(0, nil), (-1800, "/scheduled_start"), (1800, "/scheduled_end")] as [(Int, String?)])
    func aFixedTimeListingIsRequestedWithinItsWindow(offset: Int, refused pointer: String?) throws {
        let f = try ExchangeFixture()
        let start = f.clock.now().addingTimeInterval(3 * 3600)
        let fixed = try f.fixedTimeListing(start: start)
        var thrown: DomainError?
        do { _ = try f.request(fixed, start: start.addingTimeInterval(TimeInterval(offset))) } catch let error as DomainError { thrown = error }
        #expect(thrown?.fieldIssues.map(\.pointer) == pointer.map { [$0] })
        #expect(thrown?.fieldIssues.first?.parameters["reason"] == pointer.map { _ in "exchange.outside_listing_window" })
    }

    /// Moving a member into the household of someone they have an open exchange with is refused
    /// until that exchange is finished; afterwards (or into another household) it is recorded.
    @Test func aHouseholdChangeCannotJoinTwoSidesOfAnOpenExchange() throws {
        let f = try ExchangeFixture()
        func household(_ name: String) throws -> Household {
            try f.store.transactionSync { tx in
                try HouseholdCommands.create(
                    tx, community: f.resident.communityID, input: NewHouseholdInput(name: name, area: nil), principal: f.listings.admin,
                    actor: .commandLine)
            }
        }
        let ownersHome = try household("6号楼 101"), elsewhere = try household("7号楼 202")
        try f.sql("UPDATE members SET household_id = ? WHERE id = ?", [ownersHome.id.rawValue, f.resident.memberID.rawValue])
        func move(_ target: Household) throws {
            _ = try f.store.transactionSync { tx in
                try MemberCommands.updateProfile(
                    tx, principal: f.listings.admin, id: f.neighbour.memberID, patch: MemberProfilePatch(householdID: .value(target.id)),
                    expectedVersion: nil, actor: .commandLine)
            }
        }
        let exchange = try f.accept(try f.request(try f.offer())).exchange
        var thrown: DomainError?
        do { try move(ownersHome) } catch let error as DomainError { thrown = error }
        #expect(thrown?.code == "member.household_open_exchange")
        #expect(thrown?.parameters["exchange_id"] == exchange.id.rawValue)
        try move(elsewhere)
        _ = try f.complete(exchange)
        try move(ownersHome)
        let recorded = try f.base.database.readSync { db in
            try MemberCommands.fetch(db, community: f.resident.communityID, id: f.neighbour.memberID).householdID
        }
        #expect(recorded == ownersHome.id)
    }
}
