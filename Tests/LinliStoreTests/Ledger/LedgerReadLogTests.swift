import Foundation
import LinliDomain
import Testing
@testable import LinliStore

/// The trace of staff reading members' points (`LedgerReadLog`), on a real SQLite file.
@Suite struct LedgerReadLogTests {
    @Test func eachOtherMemberReadIsRecordedOnceAndListedNewestFirstInPages() throws {
        let fixture = try StoreFixture()
        let (_, admin) = try fixture.bootstrap()
        let (resident, residentPrincipal) = try fixture.member("李阿姨", in: admin)
        let (neighbour, _) = try fixture.member("王师傅", in: admin)
        let (staff, staffPrincipal) = try fixture.member("站点小张", role: .stationStaff, in: admin)
        let actor = AuditActor.member(staffPrincipal, requestID: nil)
        try fixture.store.transactionSync { tx in
            // The staff member's own account and a repeated member are not recorded twice.
            try LedgerReadLog.record(
                tx, community: admin.communityID, actor: actor, members: [resident.id, neighbour.id, resident.id, staff.id], what: .transfer,
                transferID: TransferID(trusted: "trf_1"))
        }
        fixture.clock.advance(by: 60)
        try fixture.store.transactionSync { tx in
            try LedgerReadLog.record(tx, community: admin.communityID, actor: actor, members: [resident.id], what: .statement, format: "csv")
            try LedgerReadLog.record(
                tx, community: admin.communityID, actor: AuditActor.member(residentPrincipal, requestID: nil), members: [resident.id], what: .balance)
        }
        #expect(try fixture.count("SELECT COUNT(*) FROM audit_entries WHERE action LIKE 'ledger.%_read'") == 3)
        #expect(try fixture.count("SELECT COUNT(*) FROM audit_entries WHERE action LIKE 'ledger.%_read' AND target_id = ?", [staff.id.rawValue]) == 0)

        let first = try fixture.database.readSync { db in
            try LedgerReadLog.list(db, principal: residentPrincipal, member: resident.id, page: PageRequest(after: nil, limit: 1))
        }
        #expect(first.items.map(\.what) == [.statement])
        #expect(first.items.first?.format == "csv" && first.items.first?.readerName == "站点小张" && first.items.first?.readerRole == .stationStaff)
        let second = try fixture.database.readSync { db in
            try LedgerReadLog.list(db, principal: residentPrincipal, member: resident.id, page: PageRequest(after: first.nextAfter, limit: 1))
        }
        #expect(second.items.map(\.what) == [.transfer])
        #expect(second.items.first?.transferID?.rawValue == "trf_1")
        #expect(second.nextAfter == nil)

        #expect(throws: DomainError.self) {
            try fixture.database.readSync { db in
                try LedgerReadLog.list(db, principal: staffPrincipal, member: resident.id, page: PageRequest(after: nil, limit: 10))
            }
        }
        let byAdmin = try fixture.database.readSync { db in
            try LedgerReadLog.list(db, principal: admin, member: neighbour.id, page: PageRequest(after: nil, limit: 10))
        }
        #expect(byAdmin.items.count == 1)
    }
}
