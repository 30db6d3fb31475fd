import Foundation
import GRDB
import LinliDomain

/// Checks the whole ledger against its invariants, read-only, in one snapshot:
///
/// - each community's transfers are numbered 1, 2, 3, … and each one's `prev_hash` is the
///   previous one's `hash`, and each `hash` is the SHA-256 of the stored row and its postings
///   (so an edited amount, reason or time is detected even when the edit keeps things balanced);
/// - every transfer balances (postings sum to zero), has at least two postings, and fits its kind;
/// - every posting's `balance_after` is the previous line's plus its amount, and every account's
///   balance, last seq and exchange counters equal what its postings and settlements say;
/// - every hold has its hold transfer, a state that agrees with its settling transfer, and escrow
///   holds exactly the open holds; every hold or release transfer has its hold;
/// - every reversal is the exact mirror of the transfer it names.
///
/// Transfers and postings are streamed in index order (no sorting, constant memory apart from one
/// entry per account), so a million transfers take seconds.
public struct LedgerVerifier: Sendable {
    public let maxViolations: Int
    /// Page cache of the verifying connection, in KiB (512 MiB: a million transfers fit).
    static let cacheKibibytes = 512 * 1024

    public init(maxViolations: Int = 200) {
        self.maxViolations = maxViolations
    }

    /// Verifies every community found in the ledger tables.
    public func verify(_ db: Database) throws -> LedgerVerificationReport {
        let start = ContinuousClock.now
        var report = LedgerVerificationReport()
        // Verification reads every page, many twice (the hold checks look transfers up by id):
        // a large page cache for this connection turns repeated reads into memory hits. It is
        // set back afterwards, since the connection returns to the pool.
        let previousCache = try Int.fetchOne(db, sql: "PRAGMA cache_size") ?? -2000
        try db.execute(sql: "PRAGMA cache_size = -\(Self.cacheKibibytes)")
        defer { try? db.execute(sql: "PRAGMA cache_size = \(previousCache)") }
        let communities = try String.fetchAll(db, sql: """
            SELECT community_id FROM ledger_transfers GROUP BY community_id
            UNION SELECT community_id FROM ledger_accounts GROUP BY community_id
            UNION SELECT community_id FROM ledger_holds GROUP BY community_id
            ORDER BY 1
            """)
        var sink = ViolationSink(maxKept: maxViolations)
        for community in communities {
            report.communities += 1
            let derived = try verifyChain(db, community: community, report: &report, sink: &sink)
            try verifyAccounts(db, community: community, derived: derived, report: &report, sink: &sink)
            try verifyHolds(db, community: community, escrow: derived["system:escrow"]?.balance ?? 0, report: &report, sink: &sink)
            try verifyReversals(db, community: community, sink: &sink)
        }
        report.violations = sink.kept
        report.violationCount = sink.count
        let elapsed = ContinuousClock.now - start
        report.seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        return report
    }

    /// What the postings and settlements say an account should hold.
    struct DerivedAccount {
        var balance = 0
        var lastBalanceAfter = 0
        var lastSeq = 0
        var pointsGiven = 0
        var pointsReceived = 0
        var minutesServed = 0
        var minutesReceived = 0
    }

    /// One posting line as read from the stream (copied out of GRDB's reused row).
    struct Line {
        let seq: Int
        let leg: Int
        let account: String
        let amount: Int
        let balanceAfter: Int
    }

    /// Streams one community's transfers and postings side by side, in seq order.
    func verifyChain(
        _ db: Database, community: String, report: inout LedgerVerificationReport, sink: inout ViolationSink
    ) throws -> [String: DerivedAccount] {
        let transfers = try Row.fetchCursor(
            db,
            sql: """
                SELECT seq, id, kind, reason, category, memo, reference, actor_id, actor_label, on_behalf_of, idempotency_key,
                    reverses_id, hold_id, payer_member_id, payee_member_id, settled_points, service_minutes, created_at,
                    prev_hash, hash
                FROM ledger_transfers WHERE community_id = ? ORDER BY seq
                """,
            arguments: [community])
        let postingRows = try Row.fetchCursor(
            db,
            sql: """
                SELECT transfer_seq, leg, account_id, amount, balance_after
                FROM ledger_postings WHERE community_id = ? ORDER BY transfer_seq, leg
                """,
            arguments: [community])
        func nextLine() throws -> Line? {
            try postingRows.next().map { Line(seq: $0[0], leg: $0[1], account: $0[2], amount: $0[3], balanceAfter: $0[4]) }
        }
        var derived: [String: DerivedAccount] = [:]
        var pending = try nextLine()
        var expectedSeq = 1
        var previousHash = TransferCanonicalEncoding.genesisHash
        var buffer: [UInt8] = []
        buffer.reserveCapacity(1024)
        var lines: [Line] = []
        var kinds = AccountKindCache()
        var encodedPostings: [TransferCanonicalEncoding.PostingFields] = []
        while let row = try transfers.next() {
            report.transfers += 1
            let seq: Int = row[0]
            let id: String = row[1]
            let subject = "transfer seq \(seq) (\(id))"
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
                sink.add(community, .sequence, subject, "expected seq \(expectedSeq): a transfer is missing or duplicated")
            }
            expectedSeq = seq + 1
            let fields = TransferCanonicalEncoding.Fields(
                communityID: community, seq: seq, id: id, kind: row[2], reason: row[3], category: row[4], memo: row[5],
                reference: row[6], actorID: row[7], actorLabel: row[8], onBehalfOf: row[9], idempotencyKey: row[10],
                reversesID: row[11], holdID: row[12], payerID: row[13], payeeID: row[14], settledPoints: row[15],
                serviceMinutes: row[16], createdAt: row[17])
            let storedPrevious: String = row[18]
            let storedHash: String = row[19]
            if storedPrevious != previousHash {
                sink.add(community, .chain, subject, "prev_hash \(storedPrevious.prefix(12))… does not link to the previous transfer's hash \(previousHash.prefix(12))…")
            }
            encodedPostings.removeAll(keepingCapacity: true)
            for line in lines {
                encodedPostings.append(.init(leg: line.leg, accountID: line.account, amount: line.amount, balanceAfter: line.balanceAfter))
            }
            TransferCanonicalEncoding.encode(fields, postings: encodedPostings, previousHash: storedPrevious, into: &buffer)
            let computed = LedgerHasher.hash(bytes: buffer)
            if computed != storedHash {
                sink.add(community, .hash, subject, "stored hash \(storedHash.prefix(12))… but the row hashes to \(computed.prefix(12))…: the transfer or its postings were modified")
            }
            previousHash = storedHash
            checkShape(fields, lines: lines, kinds: &kinds, community: community, subject: subject, sink: &sink)
            for line in lines {
                var account = derived[line.account, default: DerivedAccount()]
                if line.balanceAfter != account.lastBalanceAfter + line.amount {
                    sink.add(community, .runningBalance, "account \(line.account) at seq \(seq)",
                             "balance_after \(line.balanceAfter) ≠ previous \(account.lastBalanceAfter) + amount \(line.amount)")
                }
                account.balance += line.amount
                account.lastBalanceAfter = line.balanceAfter
                account.lastSeq = seq
                derived[line.account] = account
            }
            if let points = fields.settledPoints, let payer = fields.payerID, let payee = fields.payeeID {
                let sign = fields.kind == TransferKind.reversal.rawValue ? -1 : 1
                let minutes = (fields.serviceMinutes ?? 0) * sign
                derived["member:" + payer, default: DerivedAccount()].pointsGiven += points * sign
                derived["member:" + payer, default: DerivedAccount()].minutesReceived += minutes
                derived["member:" + payee, default: DerivedAccount()].pointsReceived += points * sign
                derived["member:" + payee, default: DerivedAccount()].minutesServed += minutes
            }
        }
        while let line = pending {
            report.postings += 1
            sink.add(community, .malformed, "posting seq \(line.seq) leg \(line.leg)", "posting without a transfer")
            pending = try nextLine()
        }
        if expectedSeq > 1 {
            report.heads.append(.init(community: community, seq: expectedSeq - 1, hash: previousHash))
        }
        return derived
    }

    /// Balanced, at least two lines, known accounts, and the kind's allowed shape.
    func checkShape(
        _ fields: TransferCanonicalEncoding.Fields, lines: [Line], kinds: inout AccountKindCache, community: String, subject: String,
        sink: inout ViolationSink
    ) {
        guard let kind = TransferKind(rawValue: fields.kind) else {
            sink.add(community, .malformed, subject, "unknown kind \(fields.kind)")
            return
        }
        var sum = 0
        var debit: AccountKind?
        var credit: AccountKind?
        for line in lines {
            sum += line.amount
            guard let accountKind = kinds.kind(of: line.account) else {
                sink.add(community, .malformed, subject, "unknown account id \(line.account)")
                return
            }
            if line.amount < 0 { debit = debit ?? accountKind } else { credit = credit ?? accountKind }
        }
        if sum != 0 { sink.add(community, .balance, subject, "postings sum to \(sum), not 0") }
        if lines.count < 2 { sink.add(community, .balance, subject, "\(lines.count) posting(s); a transfer needs at least 2") }
        if kind == .reversal, fields.reversesID == nil {
            sink.add(community, .reversal, subject, "a reversal without the transfer it reverses")
        }
        if (kind == .hold || kind == .release), fields.holdID == nil {
            sink.add(community, .hold, subject, "a \(kind.rawValue) transfer without its hold")
        }
        guard let shapes = kind.allowedShapes, lines.count == 2 else { return }
        if !shapes.contains(where: { $0.debit == debit && $0.credit == credit }) {
            sink.add(community, .shape, subject, "\(kind.rawValue) from \(debit?.rawValue ?? "?") to \(credit?.rawValue ?? "?") is not allowed")
        }
    }

    /// Each stored account agrees with what its postings derive, and no posted account is missing.
    func verifyAccounts(
        _ db: Database, community: String, derived: [String: DerivedAccount], report: inout LedgerVerificationReport,
        sink: inout ViolationSink
    ) throws {
        var seen: Set<String> = []
        let rows = try Row.fetchCursor(
            db,
            sql: """
                SELECT id, balance, last_seq, points_given, points_received, minutes_served, minutes_received
                FROM ledger_accounts WHERE community_id = ? ORDER BY id
                """,
            arguments: [community])
        while let row = try rows.next() {
            report.accounts += 1
            let id: String = row[0]
            seen.insert(id)
            let expected = derived[id] ?? DerivedAccount()
            let subject = "account \(id)"
            let balance: Int = row[1]
            if balance != expected.balance {
                sink.add(community, .account, subject, "balance \(balance) ≠ sum of postings \(expected.balance)")
            }
            if expected.lastSeq > 0, balance != expected.lastBalanceAfter {
                sink.add(community, .account, subject, "balance \(balance) ≠ last line's balance_after \(expected.lastBalanceAfter)")
            }
            let lastSeq: Int = row[2]
            if lastSeq != expected.lastSeq {
                sink.add(community, .account, subject, "last_seq \(lastSeq) ≠ last posting seq \(expected.lastSeq)")
            }
            let counters: [Int] = [row[3], row[4], row[5], row[6]]
            let derivedCounters = [expected.pointsGiven, expected.pointsReceived, expected.minutesServed, expected.minutesReceived]
            if counters != derivedCounters {
                sink.add(community, .counters, subject,
                         "counters given/received/served/received-minutes \(counters) ≠ settlements \(derivedCounters)")
            }
        }
        for (id, account) in derived where !seen.contains(id) {
            sink.add(community, .account, "account \(id)", "has postings or settlements (balance \(account.balance)) but no account row")
        }
    }
}

/// Parses each distinct account id once: a ledger has a few thousand accounts but millions of
/// postings.
struct AccountKindCache {
    private var known: [String: AccountKind?] = [:]

    mutating func kind(of account: String) -> AccountKind? {
        if let cached = known[account] { return cached }
        let kind = AccountRef(rawValue: account)?.kind
        known[account] = kind
        return kind
    }
}

/// Collects violations, keeping the first `maxKept` (a corrupted database could produce millions).
struct ViolationSink {
    let maxKept: Int
    var kept: [LedgerVerificationReport.Violation] = []
    var count = 0

    mutating func add(_ community: String, _ check: LedgerVerificationReport.Check, _ subject: String, _ detail: String) {
        count += 1
        if kept.count < maxKept { kept.append(.init(community: community, check: check, subject: subject, detail: detail)) }
    }
}
