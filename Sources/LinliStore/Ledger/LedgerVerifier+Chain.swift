import Crypto
import GRDB
import LinliDomain

extension LedgerVerifier {
    /// The chain query. Columns 0…17 are the transfer's fields in `TransferCanonicalEncoding.encode`
    /// order (after the community id), then prev_hash and hash, so each transfer is encoded by
    /// walking its columns (a test keeps the two encodings byte for byte equal).
    static let chainSQL = """
        SELECT seq, id, kind, reason, category, memo, reference, actor_id, actor_label, on_behalf_of, idempotency_key,
            reverses_id, hold_id, payer_member_id, payee_member_id, settled_points, service_minutes, created_at,
            prev_hash, hash
        FROM ledger_transfers WHERE community_id = ? ORDER BY seq
        """

    /// Streams one community's transfers and postings side by side, in seq order.
    ///
    /// The hot loop reads SQLite's column bytes directly (`RawColumns`) and encodes, hashes and
    /// compares them as bytes: a `String` is made only for account ids, settlement parties, the
    /// kind, and the text of a violation. At a million transfers, per-field `String`s and
    /// per-transfer subject strings were most of the time.
    ///
    /// `reportRewards` collects, on the way, the upheld-report rewards without a memo (paid by
    /// `ReportRewards`), for `verifyReportRewards` to look up one by one instead of scanning the
    /// transfers a second time; `legs` and `holdTransfers` keep the hold and release transfers
    /// for `verifyHolds`, likewise.
    func verifyChain(
        _ db: Database, community: String, legs: inout HoldLegIndex, holdTransfers: inout HoldTransferIndex,
        report: inout LedgerVerificationReport,
        sink: inout ViolationSink, reportRewards: inout [(seq: Int, id: String)]
    ) throws -> LedgerAccountTable {
        let transferStatement = try db.makeStatement(sql: Self.chainSQL)
        let transfers = try Row.fetchCursor(transferStatement, arguments: [community])
        let postingStatement = try db.makeStatement(sql: """
            SELECT transfer_seq, leg, account_id, amount, balance_after
            FROM ledger_postings WHERE community_id = ? ORDER BY transfer_seq, leg
            """)
        let postingRows = try Row.fetchCursor(postingStatement, arguments: [community])
        let row = RawColumns(transferStatement)
        let posting = RawColumns(postingStatement)
        func nextLine() throws -> Line? {
            guard try postingRows.next() != nil else { return nil }
            return Line(
                seq: posting.int(0), leg: posting.int(1), account: posting.string(2) ?? "", amount: posting.int(3),
                balanceAfter: posting.int(4))
        }
        var table = LedgerAccountTable()
        var numbers: [Int32] = []
        var pending = try nextLine()
        var expectedSeq = 1
        var previousHash = Array(TransferCanonicalEncoding.genesisHash.utf8)
        var prefix = TransferCanonicalEncoding.Writer(bytes: [])
        prefix.text(TransferCanonicalEncoding.versionTag)
        prefix.text(community)
        var writer = TransferCanonicalEncoding.Writer(bytes: [])
        writer.bytes.reserveCapacity(1024)
        var computed: [UInt8] = []
        var lines: [Line] = []
        var kinds = AccountKindCache()
        while try transfers.next() != nil {
            report.transfers += 1
            let seq = row.int(0)
            let subject = { "transfer seq \(seq) (\(row.string(1) ?? "-"))" }
            lines.removeAll(keepingCapacity: true)
            while let line = pending, line.seq <= seq {
                if line.seq < seq {
                    sink.add(community, .malformed, "posting seq \(line.seq) leg \(line.leg)", "posting without a transfer")
                } else {
                    lines.append(line)
                }
                report.postings += 1
                pending = try nextLine()
            }
            if seq != expectedSeq {
                sink.add(community, .sequence, subject(), "expected seq \(expectedSeq): a transfer is missing or duplicated")
            }
            expectedSeq = seq + 1
            if !row.equals(18, previousHash) {
                let stored = row.string(18) ?? "NULL"
                let expected = String(decoding: previousHash, as: UTF8.self)
                sink.add(community, .chain, subject(), "prev_hash \(stored.prefix(12))… does not link to the previous transfer's hash \(expected.prefix(12))…")
            }
            encode(row, seq: seq, lines: lines, prefix: prefix.bytes, into: &writer)
            LedgerHasher.hex(SHA256.hash(data: writer.bytes), into: &computed)
            if !row.equals(19, computed) {
                let stored = row.string(19) ?? "NULL"
                let actual = String(decoding: computed, as: UTF8.self)
                sink.add(community, .hash, subject(), "stored hash \(stored.prefix(12))… but the row hashes to \(actual.prefix(12))…: the transfer or its postings were modified")
            }
            previousHash.removeAll(keepingCapacity: true)
            previousHash.append(contentsOf: row.bytes(19) ?? UnsafeBufferPointer(start: nil, count: 0))
            let kind = row.string(2) ?? ""
            checkShape(
                kind: kind, reverses: !row.isNull(11), hold: !row.isNull(12), lines: lines, kinds: &kinds, community: community,
                subject: subject, sink: &sink)
            numbers.removeAll(keepingCapacity: true)
            for line in lines {
                let number = table.number(line.account)
                numbers.append(number)
                let previous = table.derived[Int(number)].lastBalanceAfter
                if line.balanceAfter != previous + line.amount {
                    sink.add(community, .runningBalance, "account \(line.account) at seq \(seq)",
                             "balance_after \(line.balanceAfter) ≠ previous \(previous) + amount \(line.amount)")
                }
                table.derived[Int(number)].post(line, seq: seq)
            }
            if let holdKind = TransferKind(rawValue: kind), holdKind == .hold || holdKind == .release {
                legs.record(seq: seq, lines: lines, numbers: numbers)
                holdTransfers.record(seq: seq, id: row.bytes(1), kind: holdKind, hold: row.bytes(12))
            } else if kind == TransferKind.reward.rawValue, row.isNull(5), row.equals(4, Self.upheldReportCategory) {
                reportRewards.append((seq, row.string(1) ?? ""))
            }
            if let points = row.optionalInt(15), let payer = row.string(13), let payee = row.string(14) {
                checkSettlement(kind: kind, points: points, payer: payer, payee: payee, lines: lines, community: community, subject: subject, sink: &sink)
                let sign = kind == TransferKind.reversal.rawValue ? -1 : 1
                let minutes = (row.optionalInt(16) ?? 0) * sign
                table.derived[Int(table.number("member:" + payer))].settle(given: points * sign, minutesReceived: minutes)
                table.derived[Int(table.number("member:" + payee))].settle(received: points * sign, minutesServed: minutes)
            }
        }
        while let line = pending {
            report.postings += 1
            sink.add(community, .malformed, "posting seq \(line.seq) leg \(line.leg)", "posting without a transfer")
            pending = try nextLine()
        }
        if expectedSeq > 1 {
            report.heads.append(.init(community: community, seq: expectedSeq - 1, hash: String(decoding: previousHash, as: UTF8.self)))
        }
        return table
    }

    static let upheldReportCategory = Array(CaseCommands.upheldReportCategory.utf8)

    /// The canonical bytes of the current transfer row (see `chainSQL`): the same bytes
    /// `TransferCanonicalEncoding.encode` writes from a `Fields`, with the stored prev_hash.
    private func encode(_ row: RawColumns, seq: Int, lines: [Line], prefix: [UInt8], into writer: inout TransferCanonicalEncoding.Writer) {
        writer.bytes.removeAll(keepingCapacity: true)
        writer.bytes.append(contentsOf: prefix)
        writer.integer(seq)
        for column in Int32(1)...14 { text(row, column, into: &writer) }
        writer.integer(row.optionalInt(15))
        writer.integer(row.optionalInt(16))
        text(row, 17, into: &writer)
        writer.integer(lines.count)
        for line in lines {
            writer.posting(leg: line.leg, accountID: line.account, amount: line.amount, balanceAfter: line.balanceAfter)
        }
        text(row, 18, into: &writer)
    }

    private func text(_ row: RawColumns, _ column: Int32, into writer: inout TransferCanonicalEncoding.Writer) {
        if let bytes = row.bytes(column) { writer.text(utf8: bytes) } else { writer.text(nil) }
    }
}

extension LedgerVerifier.DerivedAccount {
    /// One posting line: balance, last line and last seq.
    mutating func post(_ line: LedgerVerifier.Line, seq: Int) {
        balance += line.amount
        lastBalanceAfter = line.balanceAfter
        lastSeq = seq
    }

    /// One side of a settlement (exchange or release, or its reversal with negative values).
    mutating func settle(given: Int = 0, received: Int = 0, minutesServed: Int = 0, minutesReceived: Int = 0) {
        pointsGiven += given
        pointsReceived += received
        self.minutesServed += minutesServed
        self.minutesReceived += minutesReceived
    }
}
