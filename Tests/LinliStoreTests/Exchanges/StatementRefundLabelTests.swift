import Foundation
import LinliDomain
import LinliStore
import Testing

/// Helper 112: a cancelled exchange's refund read "From a hold (exchange payment or refund)" on
/// the payer's statement, so she could not tell her own points coming back from a payment. The
/// neighbour pays; the resident provides.
@Suite struct StatementRefundLabelTests {
    @Test func aRefundAndAPaymentReadDifferentlyOnTheStatements() throws {
        let f = try ExchangeFixture()
        let cancelled = try f.accept(try f.request(try f.offer("梯子"))).exchange
        _ = try f.cancel(cancelled, as: f.neighbour)
        let completed = try f.accept(try f.request(try f.offer("电钻"))).exchange
        _ = try f.complete(completed)
        func releases(of member: Principal) throws -> [StatementEntry] {
            try f.base.database.readSync { db in
                try LedgerStatementQueries.statement(
                    db, community: member.communityID, member: member.memberID, filter: StatementFilter(kinds: [.release]),
                    page: PageRequest(after: nil, limit: 100))
            }.items
        }
        let payer = try releases(of: f.neighbour)
        #expect(payer.map(\.refund) == [true])
        #expect(payer.map { $0.label(in: .en) } == ["Held points returned (refund)"])
        #expect(payer.map { $0.label(in: .zhCN) } == ["预留积分退回"])
        let provider = try releases(of: f.resident)
        #expect(provider.map(\.refund) == [false])
        #expect(provider.map { $0.label(in: .en) } == ["Received for an exchange (from the hold)"])
        // The CSV export says the same.
        let csv = StatementCSV.render(payer, timeZone: TimeZone(identifier: "Asia/Shanghai")!, language: .en)
        #expect(csv.contains("Held points returned (refund)"))
    }

    /// Helper 131: the payer's statement showed the completed exchange only as "held". Her hold
    /// lines say what became of them, in JSON and CSV alike; an open one says it waits.
    @Test func thePayersHoldLinesSayWhatBecameOfThem() throws {
        let f = try ExchangeFixture()
        let cancelled = try f.accept(try f.request(try f.offer("梯子"))).exchange
        _ = try f.cancel(cancelled, as: f.neighbour)
        let completed = try f.accept(try f.request(try f.offer("电钻"))).exchange
        _ = try f.complete(completed)
        _ = try f.accept(try f.request(try f.offer("台灯")))
        let holds = try f.base.database.readSync { db in
            try LedgerStatementQueries.statement(
                db, community: f.neighbour.communityID, member: f.neighbour.memberID, filter: StatementFilter(kinds: [.hold]),
                page: PageRequest(after: nil, limit: 100))
        }.items
        #expect(holds.map(\.holdState) == [.refunded, .released, .held])
        #expect(holds.map { $0.label(in: .zhCN) } == ["为交换预留积分（已退回）", "交换付款（预留后已付给对方）", "为交换预留积分（待完成）"])
        let csv = StatementCSV.render(holds, timeZone: TimeZone(identifier: "Asia/Shanghai")!, language: .en)
        #expect(csv.contains("Paid for an exchange (held, then paid)"))
        // The provider's statement has no hold line of hers to describe.
        let provider = try f.base.database.readSync { db in
            try LedgerStatementQueries.statement(
                db, community: f.resident.communityID, member: f.resident.memberID, filter: StatementFilter(), page: PageRequest(after: nil, limit: 100))
        }.items
        #expect(provider.allSatisfy { $0.holdState == nil })
    }

    /// Helper 140: a time exchange settled by fewer minutes than were held refunds the hold and
    /// pays the recomputed points by a transfer of its own; her hold line read "since returned" as
    /// if she had paid nothing. A plain refund (a cancellation) still reads as one.
    @Test func aHoldRefundedBeforeASmallerPaymentSaysSo() throws {
        let f = try ExchangeFixture()
        let cancelled = try f.accept(try f.request(try f.offer("梯子"))).exchange
        _ = try f.cancel(cancelled, as: f.neighbour)
        let accepted = try f.accept(try f.request(try f.timeListing(minutes: 120))).exchange
        f.clock.advance(by: 2 * 3600)
        _ = try f.complete(try f.reportMinutes(accepted, 60), minutes: 60)
        func statement(_ filter: StatementFilter) throws -> [StatementEntry] {
            try f.base.database.readSync { db in
                try LedgerStatementQueries.statement(
                    db, community: f.neighbour.communityID, member: f.neighbour.memberID, filter: filter,
                    page: PageRequest(after: nil, limit: 100))
            }.items
        }
        let lines = try statement(StatementFilter())
        let holds = lines.filter { $0.kind == .hold }
        #expect(holds.map(\.holdState) == [.refunded, .refundedThenPaid])
        #expect(holds.map { $0.label(in: .zhCN) } == ["为交换预留积分（已退回）", "为交换预留积分（已退回，另行结算付款）"])
        #expect(holds.map { $0.label(in: .en) } == ["Held for an exchange (since returned)", "Held for an exchange (returned; paid separately)"])
        // The payment it points to is on the same statement, for the recomputed points.
        #expect(lines.last.map { [$0.kind.rawValue, String($0.amount)] } == ["exchange", "-10"])
        // A filter that hides the payment does not change what the hold line says.
        #expect(try statement(StatementFilter(kinds: [.hold])).map(\.holdState) == [.refunded, .refundedThenPaid])
        // Once an admin reverses that payment she has paid nothing: the line says returned
        // (helper 156 #2).
        let payment = try #require(lines.last).transferID
        _ = try f.store.transactionSync { tx in
            try LedgerCorrectionCommands.reverse(
                tx, community: f.neighbour.communityID, principal: f.listings.admin, transfer: payment,
                input: ReversalInput(reason: "服务未发生，撤销付款"), idempotencyKey: "reverse-payment", actor: f.actor(f.listings.admin),
                limits: .standard)
        }
        #expect(try statement(StatementFilter(kinds: [.hold])).map(\.holdState) == [.refunded, .refunded])
    }
}
