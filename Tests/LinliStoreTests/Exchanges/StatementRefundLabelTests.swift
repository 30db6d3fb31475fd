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
        #expect(payer.map { $0.label(in: .zhCN) } == ["冻结积分退回"])
        let provider = try releases(of: f.resident)
        #expect(provider.map(\.refund) == [false])
        #expect(provider.map { $0.label(in: .en) } == ["Received for an exchange (from the hold)"])
        // The CSV export says the same.
        let csv = StatementCSV.render(payer, timeZone: TimeZone(identifier: "Asia/Shanghai")!, language: .en)
        #expect(csv.contains("Held points returned (refund)"))
    }
}
