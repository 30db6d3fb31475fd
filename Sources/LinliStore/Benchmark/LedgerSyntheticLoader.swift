import Foundation
import GRDB
import LinliDomain

/// Writes a large, valid ledger quickly, for benchmarks of `LedgerVerifier` (issue 5: verify a
/// million transfers in under ten seconds). Never used by the service.
///
/// It produces exactly what the poster would — chained, hashed transfers with balanced postings
/// and running balances, holds placed and released, settlement counters — but computes the
/// balances in memory and inserts rows in large transactions through the poster's own insert
/// statements, instead of one checked transaction per transfer.
public enum LedgerSyntheticLoader {
    public struct Result: Sendable {
        public let transfers: Int
        public let holds: Int
        public let seconds: Double
    }

    /// Appends `transfers` transfers to an empty ledger of `community`, among `members` (at least
    /// two, all members of the community): about 40% holds, 35% releases of the oldest open
    /// hold, 15% direct exchanges and 10% rewards, one every 10 ms from `start`. Each comes with
    /// one audit entry, as the service writes them (a reward's names its transfer; the others
    /// name their exchange), so `LedgerVerifier.verifyAuditReferences` reads a log of that size.
    public static func load(
        _ database: AppDatabase, community: CommunityID, members: [MemberID], transfers: Int, start: Date,
        ids: any IDGenerator, batchSize: Int = 20_000
    ) throws -> Result {
        precondition(members.count >= 2, "a synthetic ledger needs at least two members")
        let clock = ContinuousClock.now
        var state = State(community: community, members: members, start: LedgerTimestamp(start))
        let accounts = members.map(AccountRef.member) + AccountKind.systemKinds.map(AccountRef.system)
        try database.writeSync { db in
            for account in accounts {
                try db.execute(
                    sql: "INSERT INTO ledger_accounts (community_id, id, kind, member_id, balance, last_seq, created_at) VALUES (?, ?, ?, ?, 0, 0, ?)",
                    arguments: [community.rawValue, account.rawValue, account.kind.rawValue, account.memberID?.rawValue, state.start.text])
            }
        }
        var written = 0
        while written < transfers {
            let count = min(batchSize, transfers - written)
            try database.writeSync { db in
                for _ in 0..<count {
                    let transfer = state.next(ids: ids)
                    try LedgerPoster.insert(db, transfer)
                    try audit(db, transfer, community: community, ids: ids)
                    if let hold = state.placedHold { try LedgerHolds.insert(db, hold) }
                    if let (hold, version) = state.settledHold { try LedgerHolds.save(db, hold, expectedVersion: version) }
                }
            }
            written += count
        }
        try database.writeSync { db in
            for (account, totals) in state.accounts {
                try db.execute(
                    sql: """
                        UPDATE ledger_accounts SET balance = ?, last_seq = ?, points_given = ?, points_received = ?,
                            minutes_served = ?, minutes_received = ?
                        WHERE community_id = ? AND id = ?
                        """,
                    arguments: [totals.balance, totals.lastSeq, totals.given, totals.received, totals.served, totals.minutesReceived,
                                community.rawValue, account.rawValue])
            }
        }
        let elapsed = ContinuousClock.now - clock
        return Result(
            transfers: transfers, holds: state.holdCount,
            seconds: Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18)
    }

    /// The audit entry the service writes with `transfer`: a reward's names it (`after.transfer_id`,
    /// target `transfer`), an exchange step's names the exchange.
    static func audit(_ db: Database, _ transfer: Transfer, community: CommunityID, ids: any IDGenerator) throws {
        let id: AuditEntryID = ids.next()
        let reward = transfer.kind == .reward
        let points = transfer.postings.first { $0.amount > 0 }?.amount ?? 0
        let after = reward
            ? #"{"category":"community_cleaning","points":"\#(points)","transfer_id":"\#(transfer.id.rawValue)"}"#
            : #"{"points":"\#(points)","state":"\#(transfer.kind == .hold ? "accepted" : "completed")"}"#
        try db.cachedStatement(sql: Transaction.auditSQL).execute(arguments: [
            id.rawValue, community.rawValue, nil, "bench", nil, reward ? "ledger.reward_granted" : "exchange.step",
            reward ? "transfer" : "exchange", reward ? transfer.id.rawValue : "exc_bench\(transfer.seq)", nil, nil, after, nil,
            transfer.createdAt.text, nil,
        ])
    }

    struct Totals {
        var balance = 0
        var lastSeq = 0
        var given = 0
        var received = 0
        var served = 0
        var minutesReceived = 0
    }

    /// The ledger being generated: balances, the chain head, open holds.
    struct State {
        let community: CommunityID
        let members: [MemberID]
        let start: LedgerTimestamp
        var accounts: [AccountRef: Totals] = [:]
        var seq = 0
        var head = TransferCanonicalEncoding.genesisHash
        var openHolds: [Hold] = []
        var openIndex = 0
        var holdCount = 0
        var placedHold: Hold?
        var settledHold: (Hold, Int)?

        init(community: CommunityID, members: [MemberID], start: LedgerTimestamp) {
            self.community = community
            self.members = members
            self.start = start
        }

        mutating func next(ids: any IDGenerator) -> Transfer {
            seq += 1
            placedHold = nil
            settledHold = nil
            let time = LedgerTimestamp(milliseconds: start.milliseconds + Int64(seq) * 10)
            let payer = members[seq % members.count]
            let payee = members[(seq * 7 + 1) % members.count] == payer ? members[(seq + 1) % members.count] : members[(seq * 7 + 1) % members.count]
            let points = 5 + seq % 46
            let id: TransferID = ids.next()
            var kind: TransferKind
            var legs: [Leg]
            var holdID: HoldID?
            var settlement: Settlement?
            var reason: String
            switch seq % 20 {
            case 0..<8:
                kind = .hold
                legs = [Leg(.member(payer), -points), Leg(.escrow, points)]
                holdID = ids.next()
                reason = "接受交换"
            case 8..<15 where openIndex < openHolds.count:
                var hold = openHolds[openIndex]
                openIndex += 1
                let provider = hold.payer == payee ? payer : payee
                kind = .release
                legs = [Leg(.escrow, -hold.amount), Leg(.member(provider), hold.amount)]
                holdID = hold.id
                settlement = Settlement(payer: hold.payer, payee: provider, points: hold.amount, minutes: 60)
                reason = "交换完成"
                hold.state = .released
                hold.settleTransferID = id
                hold.recipient = provider
                hold.updatedAt = time
                hold.version += 1
                settledHold = (hold, hold.version - 1)
            case 18, 19:
                kind = .reward
                legs = [Leg(.rewards, -points), Leg(.member(payee), points)]
                reason = "社区清洁"
            default:
                kind = .exchange
                legs = [Leg(.member(payer), -points), Leg(.member(payee), points)]
                settlement = Settlement(payer: payer, payee: payee, points: points, minutes: nil)
                reason = "直接交换"
            }
            var postings: [Posting] = []
            for (index, leg) in legs.enumerated() {
                var totals = accounts[leg.account, default: Totals()]
                totals.balance += leg.amount
                totals.lastSeq = seq
                accounts[leg.account] = totals
                postings.append(Posting(leg: index, account: leg.account, amount: leg.amount, balanceAfter: totals.balance))
            }
            if let settlement {
                accounts[.member(settlement.payer), default: Totals()].given += settlement.points
                accounts[.member(settlement.payer), default: Totals()].minutesReceived += settlement.minutes ?? 0
                accounts[.member(settlement.payee), default: Totals()].received += settlement.points
                accounts[.member(settlement.payee), default: Totals()].served += settlement.minutes ?? 0
            }
            let unhashed = Transfer(
                id: id, communityID: community, seq: seq, kind: kind, reason: reason, category: nil, memo: nil, reference: nil,
                actorID: nil, actorLabel: "bench", onBehalfOf: nil, idempotencyKey: "bench:\(seq)", reversesID: nil, holdID: holdID,
                settlement: settlement, createdAt: time, postings: postings, previousHash: head, hash: "")
            let transfer = unhashed.withHash(LedgerHasher.hash(of: unhashed))
            head = transfer.hash
            if kind == .hold, let holdID {
                let hold = Hold(
                    id: holdID, communityID: community, payer: payer, amount: points, state: .held, reference: nil, holdTransferID: id,
                    settleTransferID: nil, recipient: nil, createdAt: time, updatedAt: time, version: 1)
                openHolds.append(hold)
                placedHold = hold
                holdCount += 1
            }
            return transfer
        }
    }
}
