import Foundation
import GRDB
import LinliDomain
import LinliTrust
import Testing
@testable import LinliStore

/// Session 24 review (M2): a case's compensation went out on webhooks twice: `ledger.compensation_paid`
/// (its postings name the victim, its `reference` the case) and `member.notified` for
/// `compensation_received` (subject the case). The victim is often the case's reporter, so every
/// chat group following `ledger.*` or `member.*` learned who reported whom. The appeal that
/// returns it did the same (`ledger.transfer_reversed`, `compensation_returned`). A dispute's
/// compensation, between the two sides of a known exchange, is still announced.
@Suite struct CaseCompensationPrivacyTests {
    func outbox(_ f: ListingFixture, _ type: String, kind: String? = nil) throws -> Int {
        try f.base.database.readSync { db in
            if let kind {
                return try Int.fetchOne(
                    db, sql: "SELECT COUNT(*) FROM outbox_events WHERE event_type = ? AND payload_json LIKE ?", arguments: [type, "%\"\(kind)\"%"]) ?? -1
            }
            return try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM outbox_events WHERE event_type = ?", arguments: [type]) ?? -1
        }
    }

    @Test func aCasesCompensationAndItsReturnAreNotAnnounced() throws {
        let f = try ListingFixture()
        let moderationCase = try f.fileReport(about: f.neighbour.memberID, as: f.resident, text: "借给他的电钻坏了")
        let action = try f.claimAndResolve(
            moderationCase.id, [.init(kind: .compensate, points: 20, victimID: f.resident.memberID)], as: f.moderatorA)[0]
        let inbox = try f.base.database.readSync { db in
            try MemberNotifications.list(db, principal: f.resident, unreadOnly: false, page: PageRequest(after: nil, limit: 20))
        }.items.map(\.kind)
        #expect(inbox.contains(.compensationReceived), "she is still told in her inbox")
        #expect(try outbox(f, "ledger.compensation_paid") == 0)
        #expect(try outbox(f, "member.notified", kind: "compensation_received") == 0)

        let appeal = try f.fileAppeal(action.id, as: f.neighbour)
        _ = try f.store.transactionSync { tx in
            try AppealCommands.decide(
                tx, principal: f.admin, id: appeal.id, overturn: true, reason: "电钻原本就有故障", limits: .standard, listings: f.services,
                actor: .member(f.admin, requestID: nil))
        }
        #expect(try outbox(f, "ledger.transfer_reversed") == 0)
        #expect(try outbox(f, "member.notified", kind: "compensation_returned") == 0)
        #expect(try outbox(f, "member.notified", kind: "appeal_decided") == 1, "other messages are still announced")
        // The decision's own notices say it; no administrator's "transfer reversed" on top.
        let reversedNotices = try f.base.database.readSync { db in
            try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM member_notifications WHERE kind = 'transfer_reversed'")
        }
        #expect(reversedNotices == 0)
    }

    /// An admin reversed the compensation by hand (the victim was told, `transfer_reversed`); the
    /// appeal overturned later reverses nothing more and tells her nothing more (helper 109).
    @Test func anAppealAfterAnAdminsReversalDoesNotTellTheVictimTwice() throws {
        let f = try ListingFixture()
        let moderationCase = try f.fileReport(about: f.neighbour.memberID, as: f.resident, text: "借给他的电钻坏了")
        let action = try f.claimAndResolve(
            moderationCase.id, [.init(kind: .compensate, points: 20, victimID: f.resident.memberID)], as: f.moderatorA)[0]
        let paid = try #require(try f.base.database.readSync { db in
            try LedgerTransfers.fetch(db, community: f.resident.communityID, idempotencyKey: CaseCommands.compensationKey(action.caseID))
        })
        _ = try f.store.transactionSync { tx in
            try LedgerCorrectionCommands.reverse(
                tx, community: f.resident.communityID, principal: f.admin, transfer: paid.id, input: ReversalInput(reason: "核对后撤回"),
                idempotencyKey: "by-hand", actor: .member(f.admin, requestID: nil), limits: .standard)
        }
        let appeal = try f.fileAppeal(action.id, as: f.neighbour)
        _ = try f.store.transactionSync { tx in
            try AppealCommands.decide(
                tx, principal: f.moderatorB, id: appeal.id, overturn: true, reason: "电钻原本就有故障", limits: .standard, listings: f.services,
                actor: .member(f.moderatorB, requestID: nil))
        }
        let told = try f.base.database.readSync { db in
            try String.fetchAll(
                db, sql: "SELECT kind FROM member_notifications WHERE member_id = ? AND kind IN ('transfer_reversed', 'compensation_returned')",
                arguments: [f.resident.memberID.rawValue])
        }
        #expect(told == ["transfer_reversed"])
        #expect(try f.base.count("SELECT COUNT(*) FROM ledger_transfers WHERE kind = 'reversal'") == 1)
    }

    @Test(arguments: MemberNotification.Kind.allCases)
    func onlyMessagesThatCanNameAReporterStayUnannounced(kind: MemberNotification.Kind) {
        let quiet: Set<MemberNotification.Kind> = [.reportResolved, .reportRewardWithdrawn, .compensationReceived, .compensationReturned]
        #expect(kind.isAnnounced == !quiet.contains(kind))
    }
}
