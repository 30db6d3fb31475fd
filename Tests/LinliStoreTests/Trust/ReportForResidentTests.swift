import Foundation
import GRDB
import LinliDomain
import Testing
@testable import LinliStore

/// Helper 137: station staff reporting the other side of an exchange they act in for a resident
/// were recorded as the reporter: the desk was told the outcome and paid the reward, she heard
/// nothing, the desk's daily limit applied to every resident it helped, and the same complaint she
/// also filed herself counted as two reporters against the other side.
@Suite struct ReportForResidentTests {
    @Test func aReportStaffFileForHerExchangeIsHers() throws {
        let f = try ExchangeFixture()
        let accepted = try f.accept(try f.request(try f.offer(), as: f.staff, for: f.neighbour.memberID)).exchange
        func file(_ principal: Principal) throws -> FiledReport {
            try f.store.transactionSync { tx in
                try ReportCommands.file(
                    tx, principal: principal,
                    input: ReportInput(targetType: .exchange, targetID: accepted.id.rawValue, category: .noShow, text: "等了一个小时没人来"),
                    policies: TrustPolicies())
            }.report
        }
        let byStaff = try file(f.staff)
        #expect(byStaff.reporterID == f.neighbour.memberID && byStaff.filedBy == f.staff.memberID)
        let stored = try f.base.database.readSync { db in
            try Row.fetchOne(db, sql: "SELECT reporter_id, filed_by FROM trust_reports WHERE id = ?", arguments: [byStaff.id.rawValue])
        }
        #expect(stored?["reporter_id"] as String? == f.neighbour.memberID.rawValue && stored?["filed_by"] as String? == f.staff.memberID.rawValue)
        let told = try f.base.database.readSync { db in
            try String.fetchAll(
                db, sql: "SELECT parameters_json FROM member_notifications WHERE member_id = ? AND kind = 'exchange_step_for_you'",
                arguments: [f.neighbour.memberID.rawValue])
        }
        #expect(told.contains { $0.contains(#""step":"reported""#) }, "\(told)")

        let own = try file(f.neighbour)
        #expect(own.caseID == byStaff.caseID && own.filedBy == nil)
        #expect(try f.base.count("SELECT COUNT(DISTINCT reporter_id) FROM trust_reports") == 1, "one complainant, not two")
    }
}
