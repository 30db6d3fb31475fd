import Foundation
import GRDB
import LinliDomain
import LinliTrust
import Testing

@testable import LinliStore

/// Every accepted exchange can still end, fairly, whatever happens around it: its listing removed
/// by a moderator, the payer changing their mind after the service, a penalty pushing the payer
/// below the credit limit, the market moving, a fraud case opening during a dispute, and other
/// neighbours' requests waiting on the same listing.
@Suite struct ExchangeSafeguardTests {
    func state(_ f: ExchangeFixture, _ id: ExchangeID) throws -> ExchangeState {
        try f.store.database.readSync { db in try ExchangePersistence.fetch(db, community: f.resident.communityID, id: id).state }
    }

    func remove(_ f: ExchangeFixture, _ listing: Listing) throws {
        let moderator = f.moderator
        _ = try f.store.transactionSync { tx in
            try ListingCommands.remove(
                tx, principal: moderator, id: listing.id, input: ListingRemoval(reasonCode: .unsafe, message: "不安全"),
                expectedVersion: nil, services: f.listings.services, actor: f.actor(moderator))
        }
    }

    /// A moderator removes a reserved listing: the accepted exchange can still be cancelled
    /// (points back to the payer), and the listing stays removed.
    @Test func removedListingStillLetsTheExchangeBeCancelled() throws {
        let f = try ExchangeFixture()
        let listing = try f.offer()
        let accepted = try f.accept(try f.request(listing)).exchange
        try remove(f, listing)
        #expect(try f.cancel(accepted, as: f.resident).state == .cancelled)
        #expect(try f.balance(f.neighbour.memberID) == 0)
        #expect(try f.listing(listing.id).status == .removed)
        #expect(try f.base.count("SELECT COUNT(*) FROM ledger_holds WHERE state IN ('held', 'frozen')") == 0)
        #expect(try f.verify().isClean)
    }

    /// Helper 118: a takedown told nobody. The owner hears it with the reason and the moderator's
    /// note, and that the exchange under way goes on; the payer of that exchange hears it too.
    @Test func aTakedownIsToldToTheOwnerAndToThePartyOfTheExchangeUnderWay() throws {
        let f = try ExchangeFixture()
        let listing = try f.offer()
        let accepted = try f.accept(try f.request(listing)).exchange
        let quiet = try f.offer("旧台灯")
        try remove(f, listing)
        try remove(f, quiet)
        func inbox(_ principal: Principal) throws -> [MemberNotification] {
            try f.base.database.readSync { db in
                try MemberNotifications.list(db, principal: principal, unreadOnly: false, page: PageRequest(after: nil, limit: 50)).items
            }
        }
        let owner = try inbox(f.resident).filter { $0.kind == .listingReviewed && $0.parameters["decision"] == "removed" }
        #expect(owner.count == 2)
        let told = try #require(owner.first { $0.parameters["listing_id"] == listing.id.rawValue })
        #expect(told.text(in: .zhCN) == "您的发布“折叠梯”已被审核员下架，原因：存在安全隐患或缺少资质（审核说明：不安全）。已在进行的 1 笔交换不受影响，按原来的步骤继续（有纠纷的由审核员处理）。如有疑问，请联系社区服务站。")
        let alone = try #require(owner.first { $0.parameters["listing_id"] == quiet.id.rawValue })
        #expect(alone.text(in: .en) == "A moderator took down your listing “旧台灯”: unsafe, or a qualification is missing (note: 不安全). Ask at the service station if this is unexpected.")
        let payer = try inbox(f.neighbour).filter { $0.kind == .bookedListingRemoved }
        #expect(payer.map { $0.parameters["exchange_id"] } == [accepted.id.rawValue])
        #expect(payer.first?.text(in: .zhCN).contains("交换没有被取消") == true)
    }

    /// … completed and confirmed automatically, or resolved either way after a dispute.
    @Test func removedListingStillLetsTheExchangeEnd() throws {
        let f = try ExchangeFixture()
        let listings = try (0..<4).map { try f.offer("旧书\($0)") }
        let accepted = try listings.map { try f.accept(try f.request($0)).exchange }
        for listing in listings { try remove(f, listing) }
        #expect(try f.complete(accepted[0]).state == .completed)
        let compensated = try f.resolve(try f.dispute(accepted[1]), ExchangeResolutionInput(outcome: .compensate, compensationPoints: 2, note: "补偿"))
        let refunded = try f.resolve(try f.dispute(accepted[2]), ExchangeResolutionInput(outcome: .refund, note: "退回"))
        #expect(compensated.state == .resolved && refunded.state == .resolved)
        f.clock.advance(by: 80 * 3600)
        #expect(try f.autoConfirm(accepted[3])?.exchange.state == .completed)
        for listing in listings { #expect(try f.listing(listing.id).status == .removed) }
        #expect(try f.base.count("SELECT COUNT(*) FROM ledger_holds WHERE state IN ('held', 'frozen')") == 0)
        #expect(try f.verify().isClean)
    }

    /// Requests waiting on a listing that can no longer be exchanged are declined: removed,
    /// withdrawn by its owner, or exchanged through a dispute's resolution.
    @Test func waitingRequestsAreDeclinedWhenTheListingGoes() throws {
        let f = try ExchangeFixture()
        let removed = try f.offer("折叠椅")
        let waitingOnRemoved = try f.request(removed)
        try remove(f, removed)
        #expect(try state(f, waitingOnRemoved.id) == .declined)

        let withdrawn = try f.offer("台灯")
        let waitingOnWithdrawn = try f.request(withdrawn)
        let resident = f.resident
        _ = try f.store.transactionSync { tx in
            try ListingCommands.withdraw(tx, principal: resident, id: withdrawn.id, expectedVersion: nil, services: f.listings.services, actor: f.actor(resident))
        }
        #expect(try state(f, waitingOnWithdrawn.id) == .declined)

        for outcome in [ExchangeResolutionInput(outcome: .compensate, compensationPoints: 4, note: "补偿"), ExchangeResolutionInput(outcome: .refund, note: "无法使用")] {
            let listing = try f.offer("梯子")
            let first = try f.request(listing)
            let second = try f.request(listing, as: f.listings.moderatorB)
            _ = try f.resolve(try f.dispute(try f.accept(first).exchange), outcome)
            #expect(try state(f, second.id) == .declined, "\(outcome.outcome)")
        }
    }

    /// After the scheduled start the payer can no longer cancel and take the points back; the
    /// provider still can until a no-show may be reported, and so can the payer before the start.
    @Test func payerCannotCancelAfterTheStart() throws {
        let f = try ExchangeFixture()
        let early = try f.accept(try f.request(try f.offer("旧书"))).exchange
        #expect(try f.cancel(early, as: f.neighbour).state == .cancelled)

        let late = try f.accept(try f.request(try f.offer("婴儿车"))).exchange
        f.clock.advance(by: late.scheduledStart.timeIntervalSince(f.clock.now()) + 60)
        #expect { try f.cancel(late, as: f.neighbour) } throws: { ($0 as? DomainError)?.code == "exchange.cancel_after_start" }
        #expect(try f.cancel(late, as: f.resident).state == .cancelled)
        #expect(try f.balance(f.neighbour.memberID) == 0)
    }

    /// Helper 168 #5: accepted fifty minutes into its hour, the payer was held to it at once
    /// ("the item may have changed hands") without a moment to call it off. She has until a
    /// no-show may be reported, which then runs from the acceptance.
    @Test func aPayerMayCancelAnExchangeAcceptedAfterItsStartForAWhile() throws {
        let f = try ExchangeFixture()
        let start = f.clock.now().addingTimeInterval(60)
        let late = try f.request(try f.offer("婴儿车"), start: start)
        f.clock.advance(by: 60 + 50 * 60)
        let accepted = try f.accept(late).exchange
        f.clock.advance(by: 5 * 60)
        #expect(try f.cancel(accepted, as: f.neighbour).state == .cancelled)
        #expect(try f.balance(f.neighbour.memberID) == 0)

        let later = try f.request(try f.offer("童车"), start: f.clock.now().addingTimeInterval(60))
        f.clock.advance(by: 60 + 30 * 60)
        let held = try f.accept(later).exchange
        f.clock.advance(by: Double(ExchangeRules.standard.noShowGraceMinutes) * 60 + 1)
        #expect { try f.cancel(held, as: f.neighbour) } throws: { ($0 as? DomainError)?.code == "exchange.cancel_after_start" }
    }

    /// Helper 168 #1: a provider who did not come cancelled once the payer could report the
    /// no-show, and escaped its penalty and mark. Past that time the provider is refused; the
    /// payer's no-show report goes through and charges the penalty.
    @Test func aProviderCannotCancelOnceANoShowCanBeReported() throws {
        let f = try ExchangeFixture()
        let accepted = try f.accept(try f.request(try f.offer("婴儿车"))).exchange
        let rules = ExchangeRules.standard  // the fixture's rules
        let from = rules.noShowReportableFrom(start: accepted.scheduledStart, end: accepted.scheduledEnd, acceptedAt: accepted.acceptedAt)
        f.clock.advance(by: from.timeIntervalSince(f.clock.now()) + 60)
        let refused = #expect(throws: DomainError.self) { try f.cancel(accepted, as: f.resident) }
        #expect(refused?.code == "exchange.cancel_after_no_show_time")
        #expect(refused?.instants["no_show_from"] == from)
        #expect(try f.noShow(accepted, as: f.neighbour).state == .noShow)
        #expect(try f.balance(f.resident.memberID) == -rules.noShowPenaltyPoints)
        #expect(try f.verify().isClean)
    }

    /// Helper 169 #3: an item whose expiry passed while it was reserved was expired on the next
    /// run once the exchange was called off, and an expired listing cannot be revived. Back on
    /// the board, it gets the kind's whole expiry again (30 days for items in rules/default.yaml).
    @Test func aListingReleasedAfterItsExpiryGetsAFreshOne() throws {
        let f = try ExchangeFixture()
        let listing = try f.offer("婴儿床")
        let expires = try #require(listing.expiresAt)
        let accepted = try f.accept(try f.request(listing, start: expires.addingTimeInterval(2 * 86_400))).exchange
        f.clock.advance(by: expires.timeIntervalSince(f.clock.now()) + 86_400)  // a day past the expiry, before the start
        #expect(try f.store.transactionSync { tx in try ListingCommands.expireDue(tx, services: f.listings.services) } == 0)
        #expect(try f.cancel(accepted, as: f.neighbour).state == .cancelled)
        let released = try f.base.database.readSync { db in try ListingPersistence.fetch(db, community: listing.communityID, id: listing.id) }
        #expect(released.status == .published)
        #expect(released.expiresAt == f.clock.now().addingTimeInterval(30 * 86_400))
        #expect(try f.store.transactionSync { tx in try ListingCommands.expireDue(tx, services: f.listings.services) } == 0)
    }

    /// Re-priced down for fewer minutes, the payment replaces a larger hold: not refused below the
    /// credit limit, or completion and automatic confirmation could never succeed.
    @Test func repricingDownSettlesBelowTheCreditLimit() throws {
        let f = try ExchangeFixture()
        let accepted = try f.accept(try f.request(try f.timeListing(minutes: 120))).exchange
        let held = accepted.points
        _ = try f.store.transactionSync { tx in
            try LedgerSettlementCommands.chargePenalty(
                tx, community: f.resident.communityID, member: f.neighbour.memberID, points: 100, reason: "其他爽约",
                reference: nil, idempotencyKey: "test-penalty", actor: .system, limits: .standard)
        }
        f.clock.advance(by: 2 * 3600)
        let done = try f.complete(try f.reportMinutes(accepted, 60), minutes: 60)
        #expect(done.state == .completed)
        #expect(done.settledPoints == ExchangeSettlementPlan.scaled(held: held, actual: 10, scheduled: 20))
        #expect(try f.balance(f.neighbour.memberID) == -100 - done.settledPoints!)
        #expect(try f.verify().isClean)
    }

    /// The provider of exactly the agreed minutes is paid exactly what was held, however the
    /// market moved since acceptance.
    @Test func repricingKeepsTheAcceptedValue() throws {
        let f = try ExchangeFixture()
        let accepted = try f.accept(try f.request(try f.timeListing(minutes: 60))).exchange
        for owner in [f.resident, f.resident, f.listings.moderatorB, f.listings.moderatorB, f.staff, f.staff] {
            _ = try f.timeListing(minutes: 60, as: owner)
        }
        f.clock.advance(by: 600)
        #expect(try f.complete(accepted, minutes: 60).settledPoints == accepted.points)
    }

    /// A fraud case opened while the exchange was disputed holds it once the dispute is withdrawn.
    @Test func withdrawnDisputeIsFrozenByAnOpenCase() throws {
        let f = try ExchangeFixture()
        let disputed = try f.dispute(try f.accept(try f.request(try f.offer())).exchange)
        let signal = FraudSignal(
            type: .ring, score: 100, subjects: [f.resident.memberID], evidence: SignalEvidence(exchanges: ["trf_x"]),
            at: f.clock.now(), explanationZH: "测试", explanationEN: "test")
        _ = try f.store.transactionSync { tx in
            try FraudSignalCommands.record(tx, community: f.resident.communityID, signals: [signal], freezeAtScore: 80)
        }
        let withdrawn = try f.withdrawDispute(disputed)
        #expect(withdrawn.state == .accepted)
        #expect { try f.complete(withdrawn) } throws: { ($0 as? DomainError)?.code == "exchange.frozen" }
        #expect(try f.balance(f.resident.memberID) == 0)
    }

    /// A moderator who acts for a resident in an exchange (here an admin who registered the
    /// listing for its owner) cannot also judge its dispute.
    @Test func aProxyCannotJudgeTheExchange() throws {
        let f = try ExchangeFixture()
        let admin = f.listings.admin
        let change = try f.listings.post(ListingFixture.item("轮椅"), as: admin, owner: f.resident.memberID)
        var listing = change.listing
        if let review = change.review {
            _ = try f.listings.claim(review.id, as: f.listings.moderatorA)
            listing = try f.listings.decide(review.id, ReviewDecision(decision: .approve), as: f.listings.moderatorA).listing
        }
        let disputed = try f.dispute(try f.accept(try f.request(listing)).exchange)
        #expect { try f.resolve(disputed, ExchangeResolutionInput(outcome: .refund, note: "退回"), as: admin) } throws: {
            ($0 as? DomainError)?.code == "exchange.not_your_part"
        }
        #expect(try f.resolve(disputed, ExchangeResolutionInput(outcome: .refund, note: "退回")).state == .resolved)
    }
}
