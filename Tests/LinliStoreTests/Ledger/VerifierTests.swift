import Foundation
import GRDB
import LinliDomain
import Testing
@testable import LinliStore

@Suite("ledger verify detects tampering")
struct VerifierTests {
    /// A small but complete history: every kind, an open, a released and a refunded hold.
    func history() throws -> LedgerTestBed {
        let bed = try LedgerTestBed()
        let c = bed.community
        let limits = bed.limits
        try bed.fund(bed.alice, 100)
        try bed.fund(bed.bob, 100)
        let exchange = try bed.write { tx in
            try LedgerSettlementCommands.payExchange(
                tx, community: c, payer: bed.alice, payee: bed.bob, points: 30, minutes: 90, reason: "陪诊", reference: "exchange:1",
                idempotencyKey: "x", actor: bed.actor(bed.alice), limits: limits)
        }.transfer
        for (index, settle) in ["release", "refund", "open"].enumerated() {
            let hold = try bed.write { tx in
                try LedgerHoldCommands.place(
                    tx, community: c, payer: bed.bob, amount: 10 + index, reason: "借用", reference: settle == "open" ? nil : "exchange:h\(index)",
                    idempotencyKey: "h\(index)", actor: bed.actor(bed.bob), limits: limits)
            }.hold
            if settle == "release" {
                _ = try bed.write { tx in
                    try LedgerHoldCommands.release(
                        tx, community: c, hold: hold.id, to: bed.carol, minutes: 20, reason: "完成", idempotencyKey: "h\(index):done",
                        actor: bed.actor(bed.bob), limits: limits)
                }
            } else if settle == "refund" {
                _ = try bed.write { tx in
                    try LedgerHoldCommands.refund(
                        tx, community: c, hold: hold.id, reason: "取消", idempotencyKey: "h\(index):cancel", actor: bed.actor(bed.bob), limits: limits)
                }
            }
        }
        for operation in [PostingBalanceTests.Operation.reward, .penalty, .compensation, .donation, .adjustmentCredit] {
            _ = try operation.run(bed)
        }
        _ = try bed.write { tx in
            try LedgerCorrectionCommands.reverse(
                tx, community: c, principal: bed.adminPrincipal, transfer: exchange.id, input: ReversalInput(reason: "重复"),
                idempotencyKey: "rev", actor: bed.actor(bed.admin), limits: limits)
        }
        let report = try bed.verify()
        #expect(report.isClean, "\(report.render())")
        #expect(report.transfers == 14)
        #expect(report.holds == 3)
        return bed
    }

    func checks(_ bed: LedgerTestBed) throws -> Set<LedgerVerificationReport.Check> {
        let report = try bed.verify()
        #expect(!report.isClean)
        return Set(report.violations.map(\.check))
    }

    @Test("a clean ledger verifies and reports its chain head")
    func clean() throws {
        let bed = try history()
        let report = try bed.verify()
        #expect(report.heads.count == 1)
        #expect(report.heads.first?.seq == (try bed.transferCount()))
        #expect(report.render().contains("OK"))
        // Counted in words (helper 113: "1 communities").
        #expect(report.render().hasPrefix("ledger verify: 1 community with ledger records, "), "\(report.render())")
        #expect(!LedgerVerificationReport().render().contains("0 communities,"))
    }

    @Test("changing one posting's amount breaks the hash, the balance and the account")
    func postingAmount() throws {
        let bed = try history()
        try bed.tamper("UPDATE ledger_postings SET amount = amount + 1 WHERE transfer_seq = 3 AND leg = 1")
        let found = try checks(bed)
        #expect(found.isSuperset(of: [.hash, .balance, .account, .runningBalance]))
    }

    /// Session 27 review: a pool (donations, penalties) pays out only what it holds; a ledger
    /// whose postings take one below zero is reported as such, not only by the hash.
    @Test("a pool below zero is reported")
    func poolBelowZero() throws {
        let bed = try history()
        try bed.tamper("""
            UPDATE ledger_postings SET amount = -amount, balance_after = -balance_after
            WHERE transfer_seq = (SELECT seq FROM ledger_transfers WHERE kind = 'donation_conversion')
            """)
        let report = try bed.verify()
        #expect(report.violations.contains { $0.subject == "account system:donations" && $0.detail.hasPrefix("a pool below zero") },
                "\(report.render())")
    }

    @Test("a balanced edit of both postings is still caught by the hash")
    func balancedEdit() throws {
        let bed = try history()
        try bed.tamper("UPDATE ledger_postings SET amount = amount - 5, balance_after = balance_after - 5 WHERE transfer_seq = 2 AND leg = 0")
        try bed.tamper("UPDATE ledger_postings SET amount = amount + 5, balance_after = balance_after + 5 WHERE transfer_seq = 2 AND leg = 1")
        #expect(try checks(bed).contains(.hash))
    }

    @Test("editing a reason or a time is caught by the hash")
    func textEdit() throws {
        let bed = try history()
        try bed.tamper("UPDATE ledger_transfers SET reason = '无' WHERE seq = 4")
        #expect(try checks(bed) == [.hash])
        let other = try history()
        try other.tamper("UPDATE ledger_transfers SET created_at = '2025-01-01 00:00:00.000' WHERE seq = 2")
        #expect(try checks(other) == [.hash])
    }

    @Test("re-hashing an edited transfer still breaks the chain at the next one")
    func rehashed() throws {
        let bed = try history()
        try bed.tamper("UPDATE ledger_postings SET amount = -1, balance_after = -1 WHERE transfer_seq = 1 AND leg = 0")
        try bed.tamper("UPDATE ledger_postings SET amount = 1, balance_after = 1 WHERE transfer_seq = 1 AND leg = 1")
        let edited = try bed.read { db in
            try LedgerTransfers.fetch(db, community: bed.community, id: TransferID(trusted: try String.fetchOne(db, sql: "SELECT id FROM ledger_transfers WHERE seq = 1")!))
        }
        try bed.tamper("UPDATE ledger_transfers SET hash = '\(LedgerHasher.hash(of: edited))' WHERE seq = 1")
        let report = try bed.verify()
        #expect(report.violations.contains { $0.check == .chain && $0.subject.hasPrefix("transfer seq 2 ") })
        #expect(!report.violations.contains { $0.check == .hash && $0.subject.hasPrefix("transfer seq 1 ") })
    }

    /// Session 15 review: the shape was checked on two-line transfers only, and the settlement
    /// (what the exchange counters and the credit score are rebuilt from) not at all, so a
    /// tamperer who recomputes the chain (plain SHA-256) could add a balanced third line to a
    /// reward, or inflate a settlement, and leave the rest consistent.
    @Test("a third posting on a two-account kind is a shape violation")
    func thirdPosting() throws {
        let bed = try history()
        let seq = "(SELECT seq FROM ledger_transfers WHERE kind = 'reward' LIMIT 1)"
        try bed.tamper("UPDATE ledger_postings SET amount = amount + 5, balance_after = balance_after + 5 WHERE transfer_seq = \(seq) AND amount > 0")
        try bed.tamper("""
            INSERT INTO ledger_postings (community_id, transfer_seq, leg, account_id, amount, balance_after)
            SELECT community_id, seq, 2, (SELECT id FROM ledger_accounts WHERE kind = 'issuance'), -5, 0 FROM ledger_transfers WHERE seq = \(seq)
            """)
        let report = try bed.verify()
        #expect(report.violations.contains { $0.check == .shape && $0.detail == "reward with 3 postings; it moves points between two accounts" }, "\(report.render())")
    }

    @Test("a settlement its postings do not move is caught", arguments: [
        ("UPDATE ledger_transfers SET settled_points = 1000 WHERE kind = 'exchange'", "settles 1000 from"),
        ("UPDATE ledger_transfers SET settled_points = 99 WHERE kind = 'release' AND settled_points IS NOT NULL", "settles 99 to"),
        ("""
         UPDATE ledger_transfers SET payer_member_id = (SELECT member_id FROM ledger_accounts WHERE kind = 'member' LIMIT 1),
             payee_member_id = (SELECT member_id FROM ledger_accounts WHERE kind = 'member' LIMIT 1 OFFSET 1), settled_points = 3
         WHERE kind = 'reward'
         """, "a reward transfer states a settlement"),
    ])
    func settlementEdits(sql: String, detail: String) throws {
        let bed = try history()
        try bed.tamper(sql)
        let report = try bed.verify()
        #expect(report.violations.contains { $0.check == .settlement && $0.detail.contains(detail) }, "\(report.render())")
    }

    @Test("deleting a transfer leaves a gap in the sequence and the chain")
    func deletion() throws {
        let bed = try history()
        try bed.tamper("DELETE FROM ledger_postings WHERE transfer_seq = 5", foreignKeys: false)
        try bed.tamper("DELETE FROM ledger_transfers WHERE seq = 5", foreignKeys: false)
        #expect(try checks(bed).isSuperset(of: [.sequence, .chain, .account]))
    }

    @Test("an edited balance or counter is caught against the postings")
    func accountEdits() throws {
        let bed = try history()
        try bed.tamper("UPDATE ledger_accounts SET balance = balance + 10 WHERE id = 'member:\(bed.carol)'")
        #expect(try checks(bed) == [.account])
        let other = try history()
        try other.tamper("UPDATE ledger_accounts SET points_given = points_given + 1 WHERE id = 'member:\(other.alice)'")
        #expect(try checks(other) == [.counters])
    }

    @Test("an account whose kind or member no longer matches its id is caught")
    func accountOwnerEdits() throws {
        let bed = try history()
        try bed.tamper("UPDATE ledger_accounts SET member_id = '\(bed.bob)' WHERE id = 'member:\(bed.alice)'")
        #expect(try checks(bed) == [.account])
        let other = try history()
        try other.tamper("UPDATE ledger_accounts SET kind = 'donations' WHERE id = 'system:issuance'")
        #expect(try checks(other) == [.account])
    }

    @Test("an orphaned or reopened hold is caught, and so is escrow that does not match")
    func holds() throws {
        let bed = try history()
        try bed.tamper("UPDATE ledger_holds SET hold_transfer_id = 'trf_0000000000000000000000000Z' WHERE reference IS NULL AND state = 'held'", foreignKeys: false)
        let report = try bed.verify()
        #expect(report.violations.contains { $0.check == .hold && $0.detail.contains("orphaned") })
        let reopened = try history()
        try reopened.tamper("UPDATE ledger_holds SET state = 'held', settle_transfer_id = NULL WHERE state = 'released'")
        #expect(try checks(reopened).isSuperset(of: [.hold, .escrow]))
        let lost = try history()
        try lost.tamper("DELETE FROM ledger_holds WHERE state = 'held'", foreignKeys: false)
        #expect(try checks(lost).isSuperset(of: [.hold, .escrow]))
    }

    /// The payer's and recipient's lines are found in memory (`HoldLegIndex`), not by SQL: an
    /// edited hold amount must still be caught against both of its transfers.
    @Test("a hold whose amount no longer matches its transfers' lines is caught on both sides")
    func holdAmount() throws {
        let bed = try history()
        try bed.tamper("UPDATE ledger_holds SET amount = amount + 1 WHERE state = 'released'")
        let details = try bed.verify().violations.filter { $0.check == .hold }.map(\.detail)
        #expect(details.contains("holds 11 but the payer's posting is -10"))
        #expect(details.contains("released 11 but the recipient's posting is 10"))
        let moved = try history()
        try moved.tamper("UPDATE ledger_holds SET recipient_member_id = payer_member_id WHERE state = 'released'")
        let movedDetails = try moved.verify().violations.filter { $0.check == .hold }.map(\.detail)
        #expect(movedDetails.contains("released 10 but the recipient's posting is missing"))
    }

    @Test("a reversal that does not mirror its original is caught")
    func reversal() throws {
        let bed = try history()
        let seq = try bed.read { db in try Int.fetchOne(db, sql: "SELECT seq FROM ledger_transfers WHERE kind = 'reversal'") }
        let reversalSeq = try #require(seq)
        try bed.tamper("UPDATE ledger_transfers SET reverses_id = (SELECT id FROM ledger_transfers WHERE seq = 1) WHERE seq = \(reversalSeq)")
        #expect(try checks(bed).isSuperset(of: [.reversal, .hash]))
    }

    @Test("the report lists at most the configured number of violations but counts them all")
    func cap() throws {
        let bed = try history()
        try bed.tamper("UPDATE ledger_transfers SET reason = 'x'")
        let report = try bed.read { db in try LedgerVerifier(maxViolations: 2).verify(db) }
        #expect(report.violations.count == 2)
        #expect(report.violationCount == report.transfers)
        #expect(report.render().contains("more"))
    }

    /// A hold stranded by an exchange that ended without settling it balances, so only the
    /// exchange check can see it; so does an exchange still open whose hold was paid out.
    @Test("an exchange's hold must match its state")
    func exchangeHoldsMatchTheirExchanges() throws {
        let f = try ExchangeFixture()
        let stranded = try f.accept(try f.request(try f.offer("旧书"))).exchange
        let paid = try f.accept(try f.request(try f.offer("台灯"))).exchange
        #expect(try f.verify().isClean)
        try f.sql("UPDATE exchanges SET state = 'cancelled', closed_at = updated_at WHERE id = ?", [stranded.id.rawValue])
        try f.sql("UPDATE ledger_holds SET state = 'frozen' WHERE id = ?", [paid.holdID!.rawValue])
        let details = try f.verify().violations.filter { $0.check == .exchangeHold }.map(\.detail)
        #expect(details == ["cancelled but its hold \(stranded.holdID!) is held", "accepted but its hold \(paid.holdID!) is frozen"])
    }

    /// A community whose ledger rows were all deleted (foreign keys off) is still checked against
    /// the exchanges that name its holds (session 15 review: it was skipped, and verify said OK).
    @Test("a community whose whole ledger was deleted is still checked against its exchanges")
    func deletedLedger() throws {
        let f = try ExchangeFixture()
        let accepted = try f.accept(try f.request(try f.offer("旧书"))).exchange
        #expect(try f.verify().isClean)
        let queue = try DatabaseQueue(path: f.base.path)
        try queue.writeWithoutTransaction { db in
            try db.execute(sql: "PRAGMA foreign_keys = OFF")
            for table in ["ledger_postings", "ledger_transfers", "ledger_holds", "ledger_accounts", "report_rewards"] {
                try db.execute(sql: "DELETE FROM \(table)")
            }
        }
        try queue.close()
        let report = try f.verify()
        #expect(report.violations.contains { $0.check == .exchangeHold && $0.detail.contains(accepted.holdID!.rawValue) }, "\(report.render())")
    }

    /// A reservation is the listing's side of a hold: one left behind by an exchange that ended
    /// blocks the listing for ever, and a one-off published while its exchange runs can be sold
    /// twice. Neither shows in the ledger's own sums.
    @Test("a reserved listing has exactly one open exchange, and an open one-off is reserved")
    func reservationsMatchTheirExchanges() throws {
        let f = try ExchangeFixture()
        let stranded = try f.accept(try f.request(try f.offer("旧书"))).exchange
        let reopened = try f.accept(try f.request(try f.offer("台灯"))).exchange
        let doubled = try f.accept(try f.request(try f.offer("折叠梯"))).exchange
        let second = try f.accept(try f.request(try f.offer("电钻"))).exchange
        #expect(try f.verify().isClean)
        // Cancelled (its hold refunded, so the ledger itself is sound), its listing left reserved.
        _ = try f.cancel(stranded, as: f.neighbour)
        try f.sql("UPDATE listings SET status = 'reserved' WHERE id = ?", [stranded.listingID.rawValue])
        try f.sql("UPDATE listings SET status = 'published' WHERE id = ?", [reopened.listingID.rawValue])
        // A second exchange moved onto the ladder, its own listing closed.
        try f.sql("UPDATE exchanges SET listing_id = ?, state = 'disputed' WHERE id = ?", [doubled.listingID.rawValue, second.id.rawValue])
        try f.sql("UPDATE ledger_holds SET state = 'frozen' WHERE id = ?", [second.holdID!.rawValue])
        try f.sql("UPDATE listings SET status = 'withdrawn' WHERE id = ?", [second.listingID.rawValue])
        let found = try f.verify().violations.filter { $0.check == .listingReservation }.map { "\($0.subject): \($0.detail)" }
        #expect(
            Set(found) == [
                "listing \(stranded.listingID): reserved, but no exchange on it is open: nobody can request it and nothing will release it",
                "listing \(doubled.listingID): reserved by 2 open exchanges at once",
                "exchange \(reopened.id): accepted on the one-off listing \(reopened.listingID), which is published, not reserved",
            ],
            "\(found)")
        #expect(found.count == 3)
    }

    /// What is not a broken reservation: a repeatable offer stays published under its bookings,
    /// and a one-off a moderator took down stays removed while its exchange ends.
    @Test("repeatable offers and listings taken down are not reservations")
    func repeatableAndRemovedListingsPass() throws {
        let f = try ExchangeFixture()
        let weekly = try f.accept(try f.request(try f.timeListing())).exchange
        #expect(try f.listing(weekly.listingID).status == .published)
        let takenDown = try f.accept(try f.request(try f.offer("旧书"))).exchange
        try f.sql("UPDATE listings SET status = 'removed' WHERE id = ?", [takenDown.listingID.rawValue])
        let report = try f.verify()
        #expect(report.isClean, "\(report.render())")
    }

    /// An exchange that dropped its `hold_id` while its hold's row dropped its `exchange:`
    /// reference: the row's reference is not hashed, so the hold transfer's (hashed) reference is
    /// what still ties the open hold to an exchange (session 21 review: verify said OK while the
    /// payer's points sat in escrow for ever).
    @Test("an open hold whose row lost its reference is caught from its hold transfer")
    func openHoldThatLostItsReference() throws {
        let f = try ExchangeFixture()
        let accepted = try f.accept(try f.request(try f.offer("旧书"))).exchange
        let hold = try #require(accepted.holdID)
        #expect(try f.verify().isClean)
        try f.sql("UPDATE exchanges SET state = 'cancelled', closed_at = updated_at, hold_id = NULL WHERE id = ?", [accepted.id.rawValue])
        try f.sql("UPDATE ledger_holds SET reference = NULL WHERE id = ?", [hold.rawValue])
        try f.sql("UPDATE listings SET status = 'published' WHERE id = ?", [accepted.listingID.rawValue])
        let found = try f.verify().violations.filter { $0.check == .exchangeHold }.map { "\($0.subject): \($0.detail)" }
        #expect(found == ["hold \(hold): open, naming nothing, but its hold transfer was placed for exchange:\(accepted.id)"], "\(found)")
    }

    /// The chain proves nothing about its own end: deleting the newest transfer and setting the
    /// balances back leaves a clean, shorter chain (session 21 review). The audit entry that names
    /// it catches that, unless it is deleted too; a head recorded from an earlier report
    /// (`--expect-head`) catches it, and catches a chain rewritten with new hashes.
    @Test("a recorded chain head catches deleted newest transfers and a rewritten chain")
    func recordedHeadCatchesTruncation() throws {
        let bed = try history()
        let last = try bed.fund(bed.alice, 25, key: "late")
        let head = try #require(try bed.verify().heads.first)
        #expect(head.seq == last.seq)
        #expect(LedgerVerificationReport.ChainHead(parsing: head.text) == head)
        let verified = { (heads: [LedgerVerificationReport.ChainHead]) in
            try bed.read { db in try LedgerVerifier(expectedHeads: heads).verify(db) }
        }
        #expect(try verified([head]).isClean)

        // Someone with the file deletes the newest transfer and puts the accounts back.
        try bed.tamper("DELETE FROM ledger_postings WHERE transfer_seq = \(head.seq)", foreignKeys: false)
        try bed.tamper("DELETE FROM ledger_transfers WHERE seq = \(head.seq)", foreignKeys: false)
        try bed.tamper("""
            UPDATE ledger_accounts SET
                balance = COALESCE((SELECT balance_after FROM ledger_postings p WHERE p.community_id = ledger_accounts.community_id
                    AND p.account_id = ledger_accounts.id ORDER BY transfer_seq DESC LIMIT 1), 0),
                last_seq = COALESCE((SELECT MAX(transfer_seq) FROM ledger_postings p WHERE p.community_id = ledger_accounts.community_id
                    AND p.account_id = ledger_accounts.id), 0)
            """)
        // The audit entry of the adjustment still names it (helper 173 #4: this passed clean).
        let named = try bed.verify()
        #expect(named.violations.map(\.check) == [.auditReference], "\(named.render())")
        #expect(named.violations.first?.subject == "transfer \(last.id)")
        #expect(named.violations.first?.detail.contains("ledger.balance_adjusted") == true, "\(named.violations)")
        // Deleting that entry too leaves a chain that passes: only a recorded head catches it.
        try bed.tamper("DELETE FROM audit_entries WHERE after_json LIKE '%\(last.id)%'")
        #expect(try bed.verify().isClean, "without a recorded head the shorter chain passes")
        let truncated = try verified([head])
        #expect(truncated.violations.map(\.check) == [.expectedHead])
        #expect(truncated.violations.first?.detail.contains("deleted") == true)

        let earlier = try #require(LedgerVerificationReport.ChainHead(parsing: "\(head.community):3:\(String(repeating: "ab", count: 32))"))
        let rewritten = try verified([earlier])
        #expect(rewritten.violations.map(\.check) == [.expectedHead])
        #expect(rewritten.violations.first?.detail.contains("rewritten") == true)
        #expect(LedgerVerificationReport.ChainHead(parsing: "c:0:abc") == nil)
        // A mistyped community id is said as such, not as deleted transfers (helper 136).
        let mistyped = try #require(LedgerVerificationReport.ChainHead(parsing: "cmt_nosuchcommunity:3:\(String(repeating: "ab", count: 32))"))
        let unknown = try verified([mistyped])
        #expect(unknown.violations.first?.detail.hasPrefix("no community with this id") == true, "\(unknown.violations)")
    }

    /// Every place an audit entry names a transfer is checked, and an entry that is not JSON (edited
    /// by hand) does not stop the verification.
    @Test("audit entries naming transfers are checked by every key, and unreadable ones are skipped")
    func auditReferences() throws {
        let bed = try history()
        let community = bed.community.rawValue
        for (index, key) in LedgerVerifier.auditTransferKeys.enumerated() {
            try bed.tamper("""
                INSERT INTO audit_entries (id, community_id, actor_label, action, target_type, target_id, after_json, created_at)
                VALUES ('aud_t\(index)', '\(community)', 'test', 'test.named', 'exchange', 'exc_x', '{"\(key)":"trf_gone\(index)","n":null}', '2026-01-01T00:00:00.000Z')
                """)
        }
        try bed.tamper("""
            INSERT INTO audit_entries (id, community_id, actor_label, action, target_type, target_id, after_json, created_at)
            VALUES ('aud_u', '\(community)', 'test', 'ledger.reward_granted', 'transfer', 'trf_gone_target', 'not json: transfer_id"', '2026-01-01T00:00:00.000Z')
            """)
        // A reward's entry names its transfer twice (target and `after`): one violation (helper 178 #4).
        try bed.tamper("""
            INSERT INTO audit_entries (id, community_id, actor_label, action, target_type, target_id, after_json, created_at)
            VALUES ('aud_d', '\(community)', 'test', 'ledger.reward_granted', 'transfer', 'trf_gone_twice', '{"transfer_id":"trf_gone_twice"}', '2026-01-01T00:00:00.000Z')
            """)
        let report = try bed.verify()
        let subjects = report.violations.filter { $0.check == .auditReference }.map(\.subject)
        let expected = (0..<LedgerVerifier.auditTransferKeys.count).map { "transfer trf_gone\($0)" } + ["transfer trf_gone_target", "transfer trf_gone_twice"]
        #expect(subjects.sorted() == expected.sorted())
        #expect(report.violationCount == expected.count)
        #expect(report.violations.allSatisfy { $0.check == .auditReference }, "\(report.render())")
    }
}
