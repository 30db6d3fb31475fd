import Foundation

/// What `LedgerVerifier` found: counts of what it checked, each community's chain head (worth
/// recording outside the database: a chain can only prove that nothing changed *before* a head
/// someone wrote down), and every violation, each naming the row and the numbers.
public struct LedgerVerificationReport: Sendable, Equatable {
    public enum Check: String, Sendable, CaseIterable {
        case sequence, chain, hash, balance, shape, settlement, runningBalance = "running_balance", account, counters, hold, escrow,
            reversal, malformed, exchangeHold = "exchange_hold", reportReward = "report_reward",
            listingReservation = "listing_reservation", expectedHead = "expected_head", auditReference = "audit_reference"
    }

    public struct Violation: Sendable, Equatable, CustomStringConvertible {
        public let community: String
        public let check: Check
        /// The row concerned, e.g. `transfer seq 42 (trf_…)`, `account member:mem_…`, `hold hold_…`.
        public let subject: String
        public let detail: String

        public var description: String { "[\(check.rawValue)] \(community) \(subject): \(detail)" }
    }

    public struct ChainHead: Sendable, Equatable {
        public let community: String
        public let seq: Int
        public let hash: String

        public init(community: String, seq: Int, hash: String) {
            self.community = community
            self.seq = seq
            self.hash = hash
        }

        /// `COMMUNITY:SEQ:HASH`, as `linli ledger verify --expect-head` takes a head written down
        /// from an earlier report; nil when it is not that shape.
        public init?(parsing text: String) {
            let parts = text.split(separator: ":", omittingEmptySubsequences: false)
            guard parts.count == 3, !parts[0].isEmpty, let seq = Int(parts[1]), seq > 0,
                parts[2].count == 64, parts[2].allSatisfy(\.isHexDigit)
            else { return nil }
            self.init(community: String(parts[0]), seq: seq, hash: parts[2].lowercased())
        }

        /// The form `init(parsing:)` reads back.
        public var text: String { "\(community):\(seq):\(hash)" }
    }

    public var communities = 0
    public var transfers = 0
    public var postings = 0
    public var accounts = 0
    public var holds = 0
    public var heads: [ChainHead] = []
    /// The first `maxViolations` violations found.
    public var violations: [Violation] = []
    /// All violations found, including those not kept.
    public var violationCount = 0
    public var seconds: Double = 0

    public var isClean: Bool { violationCount == 0 }

    public init() {}

    /// A plain-text report for operators.
    public func render() -> String {
        var lines: [String] = []
        // Counted in words ("1 community", not "1 communities"); a community with no points moved
        // yet has nothing to check, which "0 communities" beside a community's database did not say.
        func counted(_ number: Int, _ one: String, _ many: String) -> String { "\(number) \(number == 1 ? one : many)" }
        lines.append(
            "ledger verify: \(counted(communities, "community", "communities")) with ledger records, "
                + "\(counted(transfers, "transfer", "transfers")), \(counted(postings, "posting", "postings")), "
                + "\(counted(accounts, "account", "accounts")), \(counted(holds, "hold", "holds")) checked in \(String(format: "%.2f", seconds)) s")
        for head in heads {
            lines.append("  chain head \(head.community): seq \(head.seq) \(head.hash) (record it; check later with --expect-head \(head.text))")
        }
        if isClean {
            lines.append("OK: every transfer balances, every balance equals its postings, holds and reservations are consistent, chains are intact")
        } else {
            lines.append("FAILED: \(violationCount) violation(s)")
            lines.append(contentsOf: violations.map { "  " + $0.description })
            if violationCount > violations.count {
                lines.append("  … and \(violationCount - violations.count) more")
            }
        }
        return lines.joined(separator: "\n")
    }
}
