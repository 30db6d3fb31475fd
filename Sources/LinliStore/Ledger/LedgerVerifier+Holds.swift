import GRDB
import LinliDomain

extension LedgerVerifier {
    /// Holds against their transfers, hold/release transfers against their holds, escrow against
    /// the open holds.
    ///
    /// The payer's and recipient's lines come from `legs` (recorded by the chain pass), not from
    /// SQL; the joins only find each hold's transfers.
    func verifyHolds(
        _ db: Database, community: String, escrow: Int, legs: HoldLegIndex, accounts: LedgerAccountTable,
        report: inout LedgerVerificationReport, sink: inout ViolationSink
    ) throws {
        var open = 0
        let holds = try Row.fetchCursor(
            db,
            sql: """
                SELECT h.id, h.state, h.amount, h.payer_member_id, h.recipient_member_id, h.hold_transfer_id,
                    ht.kind, ht.hold_id, ht.seq,
                    h.settle_transfer_id, st.id, st.kind, st.hold_id, st.seq
                FROM ledger_holds h
                LEFT JOIN ledger_transfers ht ON ht.community_id = h.community_id AND ht.id = h.hold_transfer_id
                LEFT JOIN ledger_transfers st ON st.community_id = h.community_id AND st.id = h.settle_transfer_id
                WHERE h.community_id = ?
                """,
            arguments: [community])
        while let row = try holds.next() {
            report.holds += 1
            let id: String = row[0]
            let subject = "hold \(id)"
            let amount: Int = row[2]
            let payer: String = row[3]
            let recipient: String? = row[4]
            guard let state = HoldState(rawValue: row[1]) else {
                sink.add(community, .malformed, subject, "unknown state \(row[1] as String)")
                continue
            }
            if state.isOpen { open += amount }
            if row[6] as String? == nil {
                sink.add(community, .hold, subject, "orphaned: its hold transfer \(row[5] as String) does not exist")
            } else if row[6] as String != TransferKind.hold.rawValue || row[7] as String? != id {
                sink.add(community, .hold, subject, "its transfer \(row[5] as String) is not a hold transfer for this hold")
            } else if legs.amount(seq: row[8], account: accounts.known("member:" + payer)) != -amount {
                let posted = legs.amount(seq: row[8], account: accounts.known("member:" + payer))
                sink.add(community, .hold, subject, "holds \(amount) but the payer's posting is \(posted.map(String.init) ?? "missing")")
            }
            let settleID: String? = row[9]
            if state.isOpen {
                if settleID != nil { sink.add(community, .hold, subject, "\(state.rawValue) but has a settling transfer \(settleID!)") }
                continue
            }
            guard let settleID, row[10] as String? != nil else {
                sink.add(community, .hold, subject, "\(state.rawValue) without its settling transfer")
                continue
            }
            if row[11] as String != TransferKind.release.rawValue || row[12] as String? != id {
                sink.add(community, .hold, subject, "settling transfer \(settleID) is not a release of this hold")
            } else if legs.amount(seq: row[13], account: recipient.flatMap { accounts.known("member:" + $0) }) != amount {
                let posted = legs.amount(seq: row[13], account: recipient.flatMap { accounts.known("member:" + $0) })
                sink.add(community, .hold, subject, "released \(amount) but the recipient's posting is \(posted.map(String.init) ?? "missing")")
            }
            let toPayer = recipient == payer
            if state == .released && toPayer || state == .refunded && !toPayer {
                sink.add(community, .hold, subject, "\(state.rawValue) to \(recipient ?? "nobody"), payer is \(payer)")
            }
        }
        if open != escrow {
            sink.add(community, .escrow, "account system:escrow", "escrow holds \(escrow) but open holds total \(open)")
        }
        let transfers = try Row.fetchCursor(
            db,
            sql: """
                SELECT t.seq, t.id, t.kind, t.hold_id, h.id, h.hold_transfer_id, h.settle_transfer_id
                FROM ledger_transfers t
                LEFT JOIN ledger_holds h ON h.community_id = t.community_id AND h.id = t.hold_id
                WHERE t.community_id = ? AND t.kind IN ('hold', 'release')
                """,
            arguments: [community])
        while let row = try transfers.next() {
            let seq: Int = row[0]
            let id: String = row[1]
            let subject = "transfer seq \(seq) (\(id))"
            guard row[4] as String? != nil else {
                sink.add(community, .hold, subject, "\(row[2] as String) transfer for hold \((row[3] as String?) ?? "-") which does not exist")
                continue
            }
            let recorded: String? = row[2] as String == TransferKind.hold.rawValue ? row[5] : row[6]
            if recorded != id {
                sink.add(community, .hold, subject, "\(row[2] as String) transfer not recorded on hold \(row[4] as String) (a second hold or release?)")
            }
        }
    }

    /// Every exchange's hold is in the state its exchange needs: held while accepted, frozen while
    /// disputed, settled (released or refunded) once the exchange ended.
    ///
    /// The ledger alone cannot tell a hold that waits for its exchange from one stranded because
    /// the exchange ended without settling it (or an exchange still open whose points were already
    /// paid out): both balance. This check ties the two, so points stuck in escrow show up here.
    ///
    /// Both ways: an exchange's points are its hold's amount (settlement prices from them), and a
    /// hold placed for an exchange (`exchange:exc_…` reference) is the one that exchange names, so
    /// an exchange row that lost its `hold_id` cannot hide a hold it stranded.
    func verifyExchangeHolds(_ db: Database, community: String, sink: inout ViolationSink) throws {
        let rows = try Row.fetchCursor(
            db,
            sql: """
                SELECT e.id, e.state, e.hold_id, h.state, e.points, h.amount
                FROM exchanges e
                LEFT JOIN ledger_holds h ON h.community_id = e.community_id AND h.id = e.hold_id
                WHERE e.community_id = ? AND e.hold_id IS NOT NULL
                ORDER BY e.id
                """,
            arguments: [community])
        while let row = try rows.next() {
            let exchangeState: String = row[1]
            let hold: String = row[2]
            let subject = "exchange \(row[0] as String)"
            guard let holdState = (row[3] as String?).flatMap(HoldState.init(rawValue:)) else {
                sink.add(community, .exchangeHold, subject, "\(exchangeState) with hold \(hold), which does not exist")
                continue
            }
            let expected: Set<HoldState> = switch exchangeState {
            case ExchangeState.accepted.rawValue: [.held]
            case ExchangeState.disputed.rawValue: [.frozen]
            default: [.released, .refunded]
            }
            if !expected.contains(holdState) {
                sink.add(community, .exchangeHold, subject, "\(exchangeState) but its hold \(hold) is \(holdState.rawValue)")
            }
            if row[4] as Int != row[5] as Int {
                sink.add(community, .exchangeHold, subject, "worth \(row[4] as Int) points but its hold \(hold) holds \(row[5] as Int)")
            }
        }
        let placed = try Row.fetchCursor(
            db,
            sql: """
                SELECT h.id, h.state, h.reference, e.id, e.hold_id
                FROM ledger_holds h
                LEFT JOIN exchanges e ON e.id = substr(h.reference, 10) AND e.community_id = h.community_id
                WHERE h.community_id = ? AND h.reference LIKE 'exchange:exc\\_%' ESCAPE '\\'
                ORDER BY h.id
                """,
            arguments: [community])
        while let row = try placed.next() {
            let hold: String = row[0]
            let reference: String = row[2]
            guard let exchange = row[3] as String? else {
                sink.add(community, .exchangeHold, "hold \(hold)", "\(row[1] as String) for \(reference), which does not exist")
                continue
            }
            if row[4] as String? != hold {
                sink.add(
                    community, .exchangeHold, "hold \(hold)",
                    "\(row[1] as String) for exchange \(exchange), which names \((row[4] as String?) ?? "no hold")")
            }
        }
    }

    /// Every reversal names an existing, reversible transfer and negates exactly its postings.
    func verifyReversals(_ db: Database, community: String, sink: inout ViolationSink) throws {
        let rows = try Row.fetchAll(
            db,
            sql: """
                SELECT r.seq, r.id, r.kind, o.seq, o.kind, r.reverses_id
                FROM ledger_transfers r
                LEFT JOIN ledger_transfers o ON o.community_id = r.community_id AND o.id = r.reverses_id
                WHERE r.community_id = ? AND r.reverses_id IS NOT NULL
                """,
            arguments: [community])
        for row in rows {
            let subject = "transfer seq \(row[0] as Int) (\(row[1] as String))"
            guard row[2] as String == TransferKind.reversal.rawValue else {
                sink.add(community, .reversal, subject, "a \(row[2] as String) transfer must not name a reversed transfer")
                continue
            }
            let originalSeq: Int? = row[3]
            let originalKindText: String? = row[4]
            guard let originalSeq, let originalKind = originalKindText.flatMap(TransferKind.init(rawValue:)) else {
                sink.add(community, .reversal, subject, "reverses \(row[5] as String), which does not exist")
                continue
            }
            if !originalKind.isReversible {
                sink.add(community, .reversal, subject, "reverses a \(originalKind.rawValue) transfer, which is not reversible")
            }
            func lines(_ seq: Int, sign: Int) throws -> [String: Int] {
                var result: [String: Int] = [:]
                for line in try Row.fetchAll(
                    db, sql: "SELECT account_id, amount FROM ledger_postings WHERE community_id = ? AND transfer_seq = ?",
                    arguments: [community, seq])
                {
                    result[line[0], default: 0] += (line[1] as Int) * sign
                }
                return result
            }
            if try lines(row[0], sign: 1) != lines(originalSeq, sign: -1) {
                sink.add(community, .reversal, subject, "its postings are not the exact negation of seq \(originalSeq)'s")
            }
        }
    }
}
