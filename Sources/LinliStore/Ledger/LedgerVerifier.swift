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
/// - every reversal is the exact mirror of the transfer it names;
/// - every upheld-report reward the service paid is the one its case owed, and none was paid
///   for no case.
/// - every reserved listing has exactly one open exchange, and every open exchange on a one-off
///   listing finds it reserved (a reservation is the listing's side of a hold);
/// - every transfer the audit log names is in the ledger (the newest deleted, balances set back).
///
/// Transfers and postings are streamed in index order (no sorting), read as raw column bytes, and
/// every other table is read once; memory is one entry per account plus the hold and release
/// transfers' lines (`HoldLegIndex`, about 12 bytes a line) and ids (`HoldTransferIndex`, about 80
/// bytes a transfer), so a million transfers take a few seconds.
public struct LedgerVerifier: Sendable {
    public let maxViolations: Int
    /// Chain heads written down from earlier reports (`--expect-head`): each transfer must still
    /// be there with that hash.
    public let expectedHeads: [LedgerVerificationReport.ChainHead]
    /// Page cache of the verifying connection, in KiB (512 MiB: a million transfers fit).
    static let cacheKibibytes = 512 * 1024

    public init(maxViolations: Int = 200, expectedHeads: [LedgerVerificationReport.ChainHead] = []) {
        self.maxViolations = maxViolations
        self.expectedHeads = expectedHeads
    }

    /// Verifies every community found in the ledger tables.
    public func verify(_ db: Database) throws -> LedgerVerificationReport {
        let start = ContinuousClock.now
        var report = LedgerVerificationReport()
        // Verification reads every page, some twice (the hold and exchange checks both read the
        // holds; reversals, exchanges and report rewards look rows up by id): a large page cache
        // for this connection turns repeated reads into memory hits. It is set back afterwards,
        // since the connection returns to the pool.
        let previousCache = try Int.fetchOne(db, sql: "PRAGMA cache_size") ?? -2000
        try db.execute(sql: "PRAGMA cache_size = -\(Self.cacheKibibytes)")
        defer { try? db.execute(sql: "PRAGMA cache_size = \(previousCache)") }
        // Every community with a ledger row, every one whose exchanges or report rewards name
        // ledger rows, and every one with a reservation or an open exchange: a community whose
        // ledger was deleted outright must be checked against the exchanges that still name its
        // holds, not skipped as if it had none, and its reservations checked against its exchanges.
        let communities = try String.fetchAll(db, sql: """
            SELECT community_id FROM ledger_transfers GROUP BY community_id
            UNION SELECT community_id FROM ledger_accounts GROUP BY community_id
            UNION SELECT community_id FROM ledger_holds GROUP BY community_id
            UNION SELECT community_id FROM exchanges WHERE hold_id IS NOT NULL GROUP BY community_id
            UNION SELECT community_id FROM report_rewards WHERE transfer_id IS NOT NULL GROUP BY community_id
            UNION SELECT community_id FROM listings WHERE status = 'reserved' GROUP BY community_id
            UNION SELECT community_id FROM exchanges WHERE state IN ('accepted', 'disputed') GROUP BY community_id
            ORDER BY 1
            """)
        var sink = ViolationSink(maxKept: maxViolations)
        for community in communities {
            report.communities += 1
            var legs = HoldLegIndex()
            let holds = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM ledger_holds WHERE community_id = ?", arguments: [community])
            var holdTransfers = HoldTransferIndex(holds: holds ?? 0)
            var reportRewards: [(seq: Int, id: String)] = []
            let table = try verifyChain(
                db, community: community, legs: &legs, holdTransfers: &holdTransfers, report: &report, sink: &sink,
                reportRewards: &reportRewards)
            let derived = table.byID
            try verifyAccounts(db, community: community, derived: derived, report: &report, sink: &sink)
            try verifyHolds(
                db, community: community, escrow: derived["system:escrow"]?.balance ?? 0, legs: legs, transfers: &holdTransfers, accounts: table,
                report: &report, sink: &sink)
            try verifyReversals(db, community: community, sink: &sink)
            try verifyExchangeHolds(db, community: community, sink: &sink)
            try verifyOpenHoldReferences(db, community: community, sink: &sink)
            try verifyReportRewards(db, community: community, memoLess: reportRewards, sink: &sink)
            try verifyReservations(db, community: community, sink: &sink)
        }
        try verifyExpectedHeads(db, sink: &sink)
        try verifyAuditReferences(db, sink: &sink)
        report.violations = sink.kept
        report.violationCount = sink.count
        let elapsed = ContinuousClock.now - start
        report.seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        return report
    }

    /// Each head written down earlier is still in its chain with the same hash. The chain can
    /// only prove that nothing before its current head changed: someone who can write the file
    /// may delete the newest transfers (and set the balances back), or rewrite old ones and
    /// hash every later transfer again, and the chain is intact once more. A head recorded
    /// outside the database catches both: the transfer at that seq is gone, or its hash differs.
    /// (The chain pass has already checked every stored hash against its row.)
    func verifyExpectedHeads(_ db: Database, sink: inout ViolationSink) throws {
        for head in expectedHeads {
            let stored = try String.fetchOne(
                db, sql: "SELECT hash FROM ledger_transfers WHERE community_id = ? AND seq = ?", arguments: [head.community, head.seq])
            let subject = "transfer seq \(head.seq)"
            if let stored {
                if stored.lowercased() != head.hash {
                    sink.add(head.community, .expectedHead, subject, "hash \(stored), but \(head.hash) was recorded: the chain was rewritten")
                }
            } else if try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM communities WHERE id = ?)", arguments: [head.community]) != true {
                // Helper 136: a mistyped id raised "transfers were deleted", a false alarm of tampering.
                sink.add(
                    head.community, .expectedHead, subject,
                    "no community with this id in the database: check the id given to --expect-head (or the community itself was deleted)")
            } else {
                sink.add(head.community, .expectedHead, subject, "missing, but a head was recorded there: transfers were deleted")
            }
        }
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

    /// Balanced, at least two lines, known accounts, and the kind's allowed shape.
    func checkShape(
        kind kindText: String, reverses: Bool, hold: Bool, lines: [Line], kinds: inout AccountKindCache, community: String,
        subject: () -> String, sink: inout ViolationSink
    ) {
        guard let kind = TransferKind(rawValue: kindText) else {
            sink.add(community, .malformed, subject(), "unknown kind \(kindText)")
            return
        }
        var sum = 0
        var debit: AccountKind?
        var credit: AccountKind?
        for line in lines {
            sum += line.amount
            guard let accountKind = kinds.kind(of: line.account) else {
                sink.add(community, .malformed, subject(), "unknown account id \(line.account)")
                return
            }
            if line.amount < 0 { debit = debit ?? accountKind } else { credit = credit ?? accountKind }
        }
        if sum != 0 { sink.add(community, .balance, subject(), "postings sum to \(sum), not 0") }
        if lines.count < 2 { sink.add(community, .balance, subject(), "\(lines.count) posting(s); a transfer needs at least 2") }
        if kind == .reversal, !reverses {
            sink.add(community, .reversal, subject(), "a reversal without the transfer it reverses")
        }
        if (kind == .hold || kind == .release), !hold {
            sink.add(community, .hold, subject(), "a \(kind.rawValue) transfer without its hold")
        }
        guard let shapes = kind.allowedShapes, lines.count >= 2 else { return }
        // Every kind but a reversal moves points from one account to one other: a third line
        // (balanced or not) would move points the kind does not explain.
        if lines.count != 2 {
            sink.add(community, .shape, subject(), "\(kind.rawValue) with \(lines.count) postings; it moves points between two accounts")
        } else if !shapes.contains(where: { $0.debit == debit && $0.credit == credit }) {
            sink.add(community, .shape, subject(), "\(kind.rawValue) from \(debit?.rawValue ?? "?") to \(credit?.rawValue ?? "?") is not allowed")
        }
    }

    /// The settlement a transfer states (points, payer, payee: what the exchange counters are
    /// rebuilt from) is what its postings move: an exchange or a release pays the payee `points`
    /// (an exchange from the payer), a reversal takes them back from the payee, and no other kind
    /// settles anything. Without this an edited settlement would move the counters and the
    /// credit score with them while every balance still agreed.
    func checkSettlement(
        kind: String, points: Int, payer: String, payee: String, lines: [Line], community: String, subject: () -> String,
        sink: inout ViolationSink
    ) {
        func moved(_ member: String) -> Int {
            lines.reduce(0) { $0 + ($1.account == "member:" + member ? $1.amount : 0) }
        }
        let problem: String? = switch TransferKind(rawValue: kind) {
        case .exchange where moved(payee) != points || moved(payer) != -points:
            "settles \(points) from \(payer) to \(payee) but its postings move \(moved(payer)) and \(moved(payee))"
        case .release where moved(payee) != points:
            "settles \(points) to \(payee) but its postings pay them \(moved(payee))"
        case .reversal where moved(payee) != -points:
            "reverses a settlement of \(points) to \(payee) but its postings take back \(-moved(payee))"
        case .exchange, .release, .reversal, nil:
            nil
        default:
            "a \(kind) transfer states a settlement"
        }
        if let problem { sink.add(community, .settlement, subject(), problem) }
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
                SELECT id, balance, last_seq, points_given, points_received, minutes_served, minutes_received, kind, member_id
                FROM ledger_accounts WHERE community_id = ? ORDER BY id
                """,
            arguments: [community])
        while let row = try rows.next() {
            report.accounts += 1
            let id: String = row[0]
            seen.insert(id)
            let expected = derived[id] ?? DerivedAccount()
            let subject = "account \(id)"
            // The id says whose account it is; `kind` and `member_id` must say the same (the
            // community summary and statements read them).
            let owner = AccountRef(rawValue: id)
            if owner == nil || owner?.kind.rawValue != row[7] as String || owner?.memberID?.rawValue != row[8] as String? {
                sink.add(community, .account, subject, "kind \(row[7] as String) / member \((row[8] as String?) ?? "none") do not match the account id")
            }
            let balance: Int = row[1]
            if balance != expected.balance {
                sink.add(community, .account, subject, "balance \(balance) ≠ sum of postings \(expected.balance)")
            }
            // A pool pays out only what it holds (`AccountKind.floor`); the use cases refuse
            // anything else, so only a hand-made transfer gets one below zero.
            if let owner, owner.kind.floor == .zero, expected.balance < 0 {
                sink.add(community, .account, subject, "a pool below zero: its postings sum to \(expected.balance)")
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
