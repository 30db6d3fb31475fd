import Foundation
import GRDB
import LinliDomain
import Testing

@testable import LinliStore

/// Exchanges are read by position: the layout must be the table's, and every field must come
/// back as it was written.
@Suite struct ExchangeColumnTests {
    @Test func columnOrderIsTheTables() throws {
        let fixture = try StoreFixture()
        let names = try fixture.database.readSync { db in
            try String.fetchAll(db, sql: "SELECT name FROM pragma_table_info('exchanges') ORDER BY cid")
        }
        #expect(names == ExchangeColumn.names)
        #expect(ExchangeColumn.names.contains("absent_member_id") && ExchangeColumn.names.last == "agreed_terms_json")
    }

    @Test func otherLayoutsAreRefused() throws {
        let fixture = try StoreFixture()
        try fixture.database.readSync { db in
            #expect(throws: StoreError.self) { try Exchange.fetchAll(db.makeStatement(sql: "SELECT id, state FROM exchanges"), arguments: []) }
        }
    }

    /// A disputed-then-resolved exchange fills most optional columns; what the steps returned is
    /// what a read gives back.
    @Test func stepsReadBackUnchanged() throws {
        let fixture = try ExchangeFixture()
        let listing = try fixture.offer()
        let accepted = try fixture.accept(try fixture.request(listing)).exchange
        let disputed = try fixture.dispute(accepted)
        let resolved = try fixture.resolve(disputed, ExchangeResolutionInput(outcome: .compensate, compensationPoints: 5, note: "边角有划痕，不影响使用"))
        let stored = try fixture.store.database.readSync { db in
            try ExchangePersistence.fetch(db, community: resolved.communityID, id: resolved.id)
        }
        #expect(stored == resolved)
        #expect(stored.resolution == .compensate && stored.disputedBy != nil && stored.resolvedAt != nil && stored.holdID != nil)
    }

    /// Every column set, written and read straight through the persistence layer.
    @Test func everyFieldRoundTrips() throws {
        let fixture = try ExchangeFixture()
        let listing = try fixture.offer()
        let base = try fixture.request(listing)
        let at = { (seconds: Double) in Date(timeIntervalSince1970: 1_790_000_000 + seconds) }
        let full = Exchange(
            id: ExchangeID(trusted: "exc_01JZZZZZZZZZZZZZZZZZZZZZZZ"), communityID: base.communityID, listingID: base.listingID,
            listingKind: .time, requester: base.requester, owner: base.owner, payer: base.payer, provider: base.provider,
            createdBy: base.createdBy, state: .resolved, points: 12, holdID: HoldID(trusted: "hold_01JZZZZZZZZZZZZZZZZZZZZZZZ"),
            scheduledStart: at(0), scheduledEnd: at(3600), actualMinutes: 75, settledPoints: 11, message: "下午三点，楼下见",
            absentMember: base.payer, disputeReason: "迟到很久", disputedBy: base.payer, disputedAt: at(7200),
            resolution: .refund, compensationPoints: 3, resolutionNote: "退回", resolvedBy: base.owner, resolvedAt: at(9000),
            acceptedAt: at(100), autoConfirmResumeAt: at(86_400), closedAt: at(9001), createdAt: at(-60), updatedAt: at(9002), version: 7)
        let stored = try fixture.store.database.writer.writeWithoutTransaction { db in
            try db.execute(sql: "PRAGMA foreign_keys = OFF")
            defer { try? db.execute(sql: "PRAGMA foreign_keys = ON") }
            try ExchangePersistence.insert(db, full)
            return try ExchangePersistence.fetch(db, community: full.communityID, id: full.id)
        }
        #expect(stored == full)
    }

    /// A damaged row is reported with its table, id and column, not decoded.
    @Test func corruptRowsAreReported() throws {
        let fixture = try ExchangeFixture()
        let exchange = try fixture.request(try fixture.offer())
        try fixture.sql("PRAGMA ignore_check_constraints = ON")
        try fixture.sql("UPDATE exchanges SET state = 'lost' WHERE id = ?", [exchange.id.rawValue])
        #expect {
            try fixture.store.database.readSync { db in try ExchangePersistence.fetch(db, community: exchange.communityID, id: exchange.id) }
        } throws: { error in
            "\(error)".contains("exchanges") && "\(error)".contains("state = lost") && "\(error)".contains(exchange.id.rawValue)
        }
    }
}
