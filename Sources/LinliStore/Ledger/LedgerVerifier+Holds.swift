import GRDB
import LinliDomain

extension LedgerVerifier {
    /// Holds against their transfers, hold/release transfers against their holds, escrow against
    /// the open holds.
    ///
    /// The transfers each hold names are found in `transfers` (recorded by the chain pass), and
    /// their payer's and recipient's lines in `legs`; only what is not there costs a query. The
    /// hold rows are read as raw columns: a `String` is made for the payer and recipient (to find
    /// their accounts) and for the text of a violation.
    func verifyHolds(
        _ db: Database, community: String, escrow: Int, legs: HoldLegIndex, transfers: inout HoldTransferIndex,
        accounts: LedgerAccountTable, report: inout LedgerVerificationReport, sink: inout ViolationSink
    ) throws {
        var open = 0
        let statement = try db.makeStatement(sql: """
            SELECT id, state, amount, payer_member_id, recipient_member_id, hold_transfer_id, settle_transfer_id
            FROM ledger_holds WHERE community_id = ?
            """)
        let holds = try Row.fetchCursor(statement, arguments: [community])
        let row = RawColumns(statement)
        let lookup = try db.makeStatement(sql: "SELECT kind, hold_id, seq FROM ledger_transfers WHERE community_id = ? AND id = ?")
        /// What the current hold's column names, as a `kind` transfer of this hold.
        func named(_ column: Int32, as kind: TransferKind) throws -> HoldTransferIndex.Named {
            guard let id = row.bytes(column) else { return .missing }
            if let found = transfers.find(id, named: row.bytes(0), as: kind) { return found }
            guard let other = try Row.fetchOne(lookup, arguments: [community, String(decoding: id, as: UTF8.self)]) else {
                return .missing
            }
            let hold = row.string(0)
            let matches = hold != nil && other[0] as String == kind.rawValue && other[1] as String? == hold
            return matches ? .matches(seq: other[2]) : .notForThisHold
        }
        while try holds.next() != nil {
            report.holds += 1
            let subject = "hold \(row.string(0) ?? "-")"
            let amount = row.int(2)
            let payer = row.string(3) ?? ""
            let recipient = row.string(4)
            let heldBy = try named(5, as: .hold)
            let settledBy = try named(6, as: .release)
            guard let state = row.string(1).flatMap(HoldState.init(rawValue:)) else {
                sink.add(community, .malformed, subject, "unknown state \(row.string(1) ?? "NULL")")
                continue
            }
            if state.isOpen { open += amount }
            switch heldBy {
            case .missing:
                sink.add(community, .hold, subject, "orphaned: its hold transfer \(row.string(5) ?? "NULL") does not exist")
            case .notForThisHold:
                sink.add(community, .hold, subject, "its transfer \(row.string(5) ?? "NULL") is not a hold transfer for this hold")
            case .matches(let seq):
                let posted = legs.amount(seq: seq, account: accounts.known("member:" + payer))
                if posted != -amount {
                    sink.add(community, .hold, subject, "holds \(amount) but the payer's posting is \(posted.map(String.init) ?? "missing")")
                }
            }
            let settleID = row.string(6)
            if state.isOpen {
                if let settleID { sink.add(community, .hold, subject, "\(state.rawValue) but has a settling transfer \(settleID)") }
                continue
            }
            switch settledBy {
            case .missing:
                sink.add(community, .hold, subject, "\(state.rawValue) without its settling transfer")
                continue
            case .notForThisHold:
                sink.add(community, .hold, subject, "settling transfer \(settleID ?? "NULL") is not a release of this hold")
            case .matches(let seq):
                let posted = legs.amount(seq: seq, account: recipient.flatMap { accounts.known("member:" + $0) })
                if posted != amount {
                    sink.add(community, .hold, subject, "released \(amount) but the recipient's posting is \(posted.map(String.init) ?? "missing")")
                }
            }
            let toPayer = recipient == payer
            if state == .released && toPayer || state == .refunded && !toPayer {
                sink.add(community, .hold, subject, "\(state.rawValue) to \(recipient ?? "nobody"), payer is \(payer)")
            }
        }
        if open != escrow {
            sink.add(community, .escrow, "account system:escrow", "escrow holds \(escrow) but open holds total \(open)")
        }
        try verifyUnrecorded(db, community: community, transfers.unrecorded(), sink: &sink)
    }

    /// Hold and release transfers that no hold was seen recording, each checked against the hold
    /// it names: a hold that does not exist, or one that records another transfer.
    private func verifyUnrecorded(
        _ db: Database, community: String, _ suspects: [(seq: Int, id: String?)], sink: inout ViolationSink
    ) throws {
        let statement = try db.makeStatement(sql: """
            SELECT t.seq, t.id, t.kind, t.hold_id, h.id, h.hold_transfer_id, h.settle_transfer_id
            FROM ledger_transfers t
            LEFT JOIN ledger_holds h ON h.community_id = t.community_id AND h.id = t.hold_id
            WHERE t.community_id = ? AND t.seq = ? AND t.id IS ?
            """)
        for suspect in suspects {
            guard let row = try Row.fetchOne(statement, arguments: [community, suspect.seq, suspect.id]) else { continue }
            let id: String? = row[1]
            let kind: String = row[2]
            let subject = "transfer seq \(suspect.seq) (\(id ?? "-"))"
            guard let hold = row[4] as String? else {
                sink.add(community, .hold, subject, "\(kind) transfer for hold \((row[3] as String?) ?? "-") which does not exist")
                continue
            }
            let recorded: String? = kind == TransferKind.hold.rawValue ? row[5] : row[6]
            if id == nil || recorded != id {
                sink.add(community, .hold, subject, "\(kind) transfer not recorded on hold \(hold) (a second hold or release?)")
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

    /// An open hold's row names what its hold transfer was placed for. The row's `reference` is
    /// what ties a hold to its exchange in `verifyExchangeHolds`, and the hash chain does not
    /// cover it; the transfer's does. An open hold whose row lost its `exchange:` reference (and
    /// whose exchange lost its `hold_id`) would otherwise hold points in escrow for ever unseen.
    /// Only open holds are read (few, by `ledger_holds_by_state`): a settled one strands nothing.
    func verifyOpenHoldReferences(_ db: Database, community: String, sink: inout ViolationSink) throws {
        let rows = try Row.fetchCursor(
            db,
            sql: """
                SELECT h.id, h.reference, t.reference
                FROM ledger_holds h
                JOIN ledger_transfers t ON t.id = h.hold_transfer_id
                WHERE h.community_id = ? AND h.state IN ('held', 'frozen') AND h.reference IS NOT t.reference
                ORDER BY h.id
                """,
            arguments: [community])
        while let row = try rows.next() {
            sink.add(
                community, .exchangeHold, "hold \(row[0] as String)",
                "open, naming \((row[1] as String?) ?? "nothing"), but its hold transfer was placed for \((row[2] as String?) ?? "nothing")")
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
