import Foundation
import GRDB
import LinliDomain
import Testing
@testable import LinliStore

@Suite("Community summary")
struct SummaryTests {
    @Test("circulation, credit in use, pools, holds, volume and velocity add up")
    func summary() throws {
        let bed = try LedgerTestBed()
        try bed.fund(bed.alice, 200)
        try bed.fund(bed.bob, 50)
        _ = try bed.write { tx in
            try LedgerSettlementCommands.payExchange(
                tx, community: bed.community, payer: bed.carol, payee: bed.alice, points: 40, minutes: 60, reason: "辅导作业",
                reference: nil, idempotencyKey: "x", actor: bed.actor(bed.carol), limits: bed.limits)
        }
        let hold = try bed.write { tx in
            try LedgerHoldCommands.place(
                tx, community: bed.community, payer: bed.alice, amount: 30, reason: "借相机", reference: nil, idempotencyKey: "h1",
                actor: bed.actor(bed.alice), limits: bed.limits)
        }.hold
        _ = try bed.write { tx in
            try LedgerHoldCommands.place(
                tx, community: bed.community, payer: bed.bob, amount: 10, reason: "借梯子", reference: nil, idempotencyKey: "h2",
                actor: bed.actor(bed.bob), limits: bed.limits)
        }
        _ = try bed.write { tx in
            try LedgerHoldCommands.release(
                tx, community: bed.community, hold: hold.id, to: bed.carol, minutes: nil, reason: "完成", idempotencyKey: "h1:done",
                actor: bed.actor(bed.alice), limits: bed.limits)
        }
        _ = try bed.write { tx in
            try LedgerRewardCommands.grant(
                tx, community: bed.community, principal: bed.organizerPrincipal,
                input: RewardInput(memberID: bed.bob, points: 20, category: "community_cleaning", reason: "清洁"),
                idempotencyKey: "w", actor: bed.actor(bed.organizer), limits: bed.limits)
        }
        let summary = try bed.read { db in
            try LedgerSummaryQueries.summary(db, community: bed.community, windowDays: 30, now: bed.clock.now().addingTimeInterval(1))
        }
        // alice 200+40-30 = 210, bob 50-10+20 = 60, carol -40+30 = -10
        #expect(summary.memberAccounts == 3)
        #expect(summary.pointsInCirculation == 270)
        #expect(summary.creditInUse == 10)
        #expect(summary.escrowHeld == 10)
        #expect(summary.openHolds == 1)
        #expect(summary.issuedByIssuance == 250)
        #expect(summary.issuedByRewards == 20)
        #expect(summary.exchangeVolume == 70)
        #expect(summary.velocityPerMille == 70 * 1000 / 270)
        #expect(summary.transfersInWindow == 7)
        #expect(summary.topKinds.first == .init(kind: .adjustment, transfers: 2, points: 250))
        // Outside the window nothing moved.
        let later = try bed.read { db in
            try LedgerSummaryQueries.summary(db, community: bed.community, windowDays: 1, now: bed.clock.now().addingTimeInterval(3 * 86_400))
        }
        #expect(later.transfersInWindow == 0)
        #expect(later.exchangeVolume == 0)
        #expect(later.pointsInCirculation == 270)
        #expect(throws: DomainError.self) {
            try bed.read { db in try LedgerSummaryQueries.summary(db, community: bed.community, windowDays: 0, now: bed.clock.now()) }
        }
    }

    /// Helper 125: points a donation put in the pool read as issued into circulation (two
    /// donations of 2,500 yuan: 500 "issued" while all 500 sat in the pool). They count once paid
    /// out of it.
    @Test func donationsCountAsIssuedOnlyOncePaidOut() throws {
        let bed = try LedgerTestBed()
        func summary() throws -> LedgerSummary {
            try bed.read { db in
                try LedgerSummaryQueries.summary(db, community: bed.community, windowDays: 30, now: bed.clock.now().addingTimeInterval(1))
            }
        }
        let before = try summary()
        _ = try bed.write { tx in
            try LedgerRewardCommands.convertDonation(
                tx, community: bed.community, principal: bed.adminPrincipal, input: DonationInput(donor: "银行", valueYuan: "100", reason: "捐赠"),
                idempotencyKey: "d", actor: bed.actor(bed.admin), limits: bed.limits)
        }
        let donated = try summary()
        #expect(donated.donationsPool == before.donationsPool + 100)
        #expect(donated.issuedByIssuance == before.issuedByIssuance)
        _ = try bed.write { tx in
            try LedgerCorrectionCommands.adjust(
                tx, community: bed.community, principal: bed.adminPrincipal,
                input: AdjustmentInput(memberID: bed.carol, amount: 60, reason: "困难补助", source: .donations), idempotencyKey: "a",
                actor: bed.actor(bed.admin), limits: bed.limits)
        }
        let paid = try summary()
        #expect(paid.donationsPool == before.donationsPool + 40)
        #expect(paid.issuedByIssuance == before.issuedByIssuance + 60)
    }

    /// Helper 173 #3: a reversal made in the window of an exchange settled before it was taken off
    /// this window's volume (30 − 50, shown as 0, velocity 0 while neighbours traded).
    @Test func aReversalOfAnOlderSettlementDoesNotTakeThisWindowsVolume() throws {
        let bed = try LedgerTestBed()
        try bed.fund(bed.alice, 200)
        let old = try bed.write { tx in
            try LedgerSettlementCommands.payExchange(
                tx, community: bed.community, payer: bed.alice, payee: bed.bob, points: 50, minutes: 60, reason: "修水管",
                reference: nil, idempotencyKey: "old", actor: bed.actor(bed.alice), limits: bed.limits)
        }.transfer
        bed.clock.advance(by: 40 * 86_400)
        _ = try bed.write { tx in
            try LedgerCorrectionCommands.reverse(
                tx, community: bed.community, principal: bed.adminPrincipal, transfer: old.id, input: ReversalInput(reason: "记错了"),
                idempotencyKey: "rev", actor: bed.actor(bed.admin), limits: bed.limits)
        }
        _ = try bed.write { tx in
            try LedgerSettlementCommands.payExchange(
                tx, community: bed.community, payer: bed.alice, payee: bed.carol, points: 30, minutes: 60, reason: "辅导作业",
                reference: nil, idempotencyKey: "new", actor: bed.actor(bed.alice), limits: bed.limits)
        }
        let summary = try bed.read { db in
            try LedgerSummaryQueries.summary(db, community: bed.community, windowDays: 30, now: bed.clock.now().addingTimeInterval(1))
        }
        #expect(summary.exchangeVolume == 30)
        #expect(summary.velocityPerMille > 0)
    }

    /// The "top categories": what the community's exchanges settled, by listing category.
    @Test func topCategoriesAreTheListingCategoriesOfSettledExchanges() throws {
        let f = try ExchangeFixture()
        for title in ["折叠梯", "电钻"] {
            let accepted = try f.accept(try f.request(try f.offer(title))).exchange
            _ = try f.complete(accepted)
        }
        _ = try f.accept(try f.request(try f.offer("扳手"))).exchange  // held, not settled
        let summary = try f.base.database.readSync { db in
            try LedgerSummaryQueries.summary(db, community: f.resident.communityID, windowDays: 30, now: f.clock.now().addingTimeInterval(1))
        }
        #expect(summary.topCategories == [LedgerSummary.CategoryVolume(category: "tools", exchanges: 2, points: 40)])
    }
}
