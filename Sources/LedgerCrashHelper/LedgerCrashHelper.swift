import Foundation
import LinliDomain
import LinliStore

/// Test helper for the crash test (issue 5: "a crash (kill -9) at any point leaves the ledger
/// verifiable"): posts random batches of ledger operations into a real SQLite file as fast as it
/// can, printing `committed <seq>` after every committed batch, until it is killed.
///
/// Usage: `LedgerCrashHelper <database path> [batch size]`. Restarting it on the same file
/// continues the same community's ledger.
@main
struct LedgerCrashHelper {
    /// Limits that never refuse the random operations, so every batch commits unless killed.
    static let limits = LedgerLimits(
        creditLimit: 1_000_000_000, warningThreshold: 1_000_000_000, organizerDailyRewardCap: 1_000_000_000,
        memberDailyRewardCap: 1_000_000_000, maxTransferAmount: 1000)

    static func main() throws {
        let arguments = CommandLine.arguments
        guard arguments.count >= 2 else {
            FileHandle.standardError.write(Data("usage: LedgerCrashHelper <database path> [batch size]\n".utf8))
            exit(64)
        }
        let batch = arguments.count >= 3 ? max(1, Int(arguments[2]) ?? 20) : 20
        let database = try AppDatabase(path: arguments[1])
        let clock = SystemWallClock()
        let store = Store(database: database, clock: clock, ids: RandomIDGenerator(clock: clock))
        try MigrationRunner.shipped.migrate(database, now: clock.now())
        let (community, members) = try setUp(store)
        var state = State(community: community, members: members)
        while true {
            let seq = try store.transactionSync { tx -> Int in
                var last = 0
                for _ in 0..<batch {
                    last = try state.step(tx) ?? last
                }
                return last
            }
            FileHandle.standardOutput.write(Data("committed \(seq)\n".utf8))
        }
    }

    /// The community and members of an earlier run, or new ones.
    static func setUp(_ store: Store) throws -> (CommunityID, [MemberID]) {
        try store.transactionSync { tx in
            if let existing = try CommunityCommands.all(tx.db).first {
                let members = try MemberCommands.list(
                    tx.db, community: existing.id, filter: MemberFilter(role: .resident), page: PageRequest(after: nil, limit: 50)
                ).items.map(\.id)
                return (existing.id, members)
            }
            let boot = try CommunityCommands.create(
                tx, input: NewCommunityInput(name: "压力测试社区", timezone: nil, adminDisplayName: "管理员", adminPhone: nil),
                rules: RuleSource.preset("default")!, principal: nil, actor: .commandLine)
            let members = try (1...6).map { index in
                try MemberCommands.create(
                    tx, community: boot.community.id, input: NewMemberInput(displayName: "居民\(index)", phone: nil, householdID: nil, role: .resident),
                    principal: nil, actor: .commandLine
                ).id
            }
            return (boot.community.id, members)
        }
    }

}

/// What this run has posted and may settle or reverse later. Kept in memory: a batch either
/// commits or the process dies with it, so the lists never name uncommitted rows.
struct State {
    let community: CommunityID
    let members: [MemberID]
    var openHolds: [(id: HoldID, payer: MemberID)] = []
    var reversible: [TransferID] = []
    var random = SystemRandomNumberGenerator()

    init(community: CommunityID, members: [MemberID]) {
        self.community = community
        self.members = members
    }

    /// One random operation; returns the seq of the transfer it posted, if any.
    mutating func step(_ tx: Transaction) throws -> Int? {
        let limits = LedgerCrashHelper.limits
        let a = members.randomElement(using: &random)!
        var b = members.randomElement(using: &random)!
        while b == a { b = members.randomElement(using: &random)! }
        let points = Int.random(in: 1...200, using: &random)
        let key = "crash:\(UUID().uuidString)"
        let actor = AuditActor.system
        switch Int.random(in: 0..<10, using: &random) {
        case 0:
            let transfer = try LedgerCorrectionCommands.adjust(
                tx, community: community, principal: nil, input: AdjustmentInput(memberID: a, amount: points, reason: "补贴"),
                idempotencyKey: key, actor: actor, limits: limits).transfer
            reversible.append(transfer.id)
            return transfer.seq
        case 1:
            let transfer = try LedgerRewardCommands.grant(
                tx, community: community, principal: nil,
                input: RewardInput(memberID: a, points: points, category: "event_help", reason: "活动帮手"), idempotencyKey: key,
                actor: actor, limits: limits).transfer
            reversible.append(transfer.id)
            return transfer.seq
        case 2:
            let transfer = try LedgerSettlementCommands.payExchange(
                tx, community: community, payer: a, payee: b, points: points, minutes: points, reason: "交换", reference: nil,
                idempotencyKey: key, actor: actor, limits: limits).transfer
            reversible.append(transfer.id)
            return transfer.seq
        case 3, 4, 5:
            let outcome = try LedgerHoldCommands.place(
                tx, community: community, payer: a, amount: points, reason: "接受交换", reference: nil, idempotencyKey: key,
                actor: actor, limits: limits)
            openHolds.append((outcome.hold.id, a))
            return outcome.transfer?.seq
        case 6, 7, 8:
            guard !openHolds.isEmpty else { return nil }
            let (hold, payer) = openHolds.remove(at: Int.random(in: 0..<openHolds.count, using: &random))
            if Bool.random(using: &random) {
                let provider = members.first { $0 != payer }!
                return try LedgerHoldCommands.release(
                    tx, community: community, hold: hold, to: provider, minutes: 30, reason: "完成", idempotencyKey: key, actor: actor,
                    limits: limits).transfer?.seq
            }
            return try LedgerHoldCommands.refund(
                tx, community: community, hold: hold, reason: "取消", idempotencyKey: key, actor: actor, limits: limits).transfer?.seq
        default:
            guard !reversible.isEmpty else { return nil }
            let id = reversible.remove(at: Int.random(in: 0..<reversible.count, using: &random))
            return try LedgerCorrectionCommands.reverse(
                tx, community: community, principal: nil, transfer: id, input: ReversalInput(reason: "冲正"), idempotencyKey: key,
                actor: actor, limits: limits).transfer.seq
        }
    }
}
