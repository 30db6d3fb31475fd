import Foundation
import GRDB
import LinliDomain
import Testing
@testable import LinliStore

/// The benchmark's ledger (`linli-bench ledger`, verify over a million transfers) is one the
/// verifier passes, audit log included: each transfer has the audit entry the service writes, a
/// reward's naming its transfer, so the figure counts `audit_reference`'s pass over the log.
@Suite struct LedgerSyntheticLoaderTests {
    @Test func aLoadedLedgerVerifiesCleanWithItsAuditLog() throws {
        let bed = try LedgerTestBed()
        let before = try bed.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM audit_entries") ?? 0 }
        let loaded = try LedgerSyntheticLoader.load(
            bed.database, community: bed.community, members: [bed.alice, bed.bob, bed.carol], transfers: 2_000, start: bed.clock.now(),
            ids: bed.store.ids, batchSize: 500)
        #expect(loaded.transfers == 2_000)
        let report = try bed.verify()
        #expect(report.isClean, "\(report.render())")
        #expect(report.transfers == 2_000)
        let (entries, naming) = try bed.read { db in
            (try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM audit_entries") ?? 0,
             try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM audit_entries WHERE target_type = 'transfer' AND json_extract(after_json, '$.transfer_id') = target_id") ?? 0)
        }
        #expect(entries - before == 2_000)
        #expect(naming == 200, "a reward every tenth transfer, each naming it")
        // Deleting a reward's transfer is what the audit log catches.
        try bed.tamper("DELETE FROM ledger_postings WHERE transfer_seq = 1999", foreignKeys: false)
        try bed.tamper("DELETE FROM ledger_transfers WHERE seq = 1999", foreignKeys: false)
        #expect(try bed.verify().violations.contains { $0.check == .auditReference })
    }
}
