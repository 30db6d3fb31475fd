import Foundation
import GRDB
import LinliDomain
import Testing
@testable import LinliStore

/// Upheld-report rewards are queued by the resolution and paid by the service at the start of
/// the community's next local day (`ReportRewards`), so that nothing in the ledger points from
/// the decision to the reporter.
@Suite struct ReportRewardsTests {
    /// The fixture's clock starts at 2026-01-01 08:00 in Shanghai (00:00 UTC); its next local day
    /// starts at 16:00 UTC.
    static let nextLocalMidnight = Date(timeIntervalSince1970: 1_767_225_600 + 16 * 3_600)

    func rewardTransfers(_ f: ListingFixture) throws -> [Row] {
        try f.base.database.readSync { db in
            try Row.fetchAll(
                db, sql: "SELECT * FROM ledger_transfers WHERE kind = 'reward' AND category = ? ORDER BY seq",
                arguments: [CaseCommands.upheldReportCategory])
        }
    }

    func balance(_ f: ListingFixture, _ member: MemberID) throws -> Int {
        try f.base.database.readSync { db in
            try LedgerAccounts.member(db, community: f.resident.communityID, member: member).balance
        }
    }

    func payDue(_ f: ListingFixture) throws -> ReportRewards.Round {
        try f.store.transactionSync { tx in try ReportRewards.payDue(tx, rules: f.services.rules) }
    }

    /// Deciding the case pays nothing; the service pays nothing before the local day turns, pays
    /// at its first round after, and never twice. The transfer is the system's, carries no memo,
    /// and neither it nor its idempotency key (both covered by the hash chain) names the case;
    /// the audit entry does (moderators read it), and nothing goes on the outbox.
    @Test func theRewardIsPaidTheNextLocalDayByTheSystemWithoutNamingTheCase() throws {
        let f = try ListingFixture()
        let reporter = f.resident.memberID
        let moderationCase = try f.fileReport(about: f.neighbour.memberID, as: f.resident)
        _ = try f.claimAndResolve(moderationCase.id, [.init(kind: .warn)], as: f.moderatorA)
        #expect(try rewardTransfers(f).isEmpty, "paid with the decision")
        #expect(try f.base.count("SELECT COUNT(*) FROM report_rewards WHERE paid_at IS NULL") == 1)

        f.clock.set(Self.nextLocalMidnight.addingTimeInterval(-1))
        #expect(try payDue(f) == ReportRewards.Round(), "paid before the community's day turned")
        let outboxBefore = try f.base.count("SELECT COALESCE(MAX(seq), 0) FROM outbox_events")

        f.clock.set(Self.nextLocalMidnight.addingTimeInterval(120))
        #expect(try payDue(f).paid == 1)
        #expect(try payDue(f) == ReportRewards.Round(), "paid twice")
        let transfers = try rewardTransfers(f)
        try #require(transfers.count == 1)
        let transfer = transfers[0]
        #expect(transfer["actor_id"] as String? == nil)
        #expect(transfer["actor_label"] as String? == "system")
        #expect(transfer["memo"] as String? == nil)
        let key: String = transfer["idempotency_key"]
        #expect(!key.contains(moderationCase.id.rawValue) && !key.contains(reporter.rawValue), "the key names the case: \(key)")
        #expect(try balance(f, reporter) == TrustPolicies().upheldReportReward)

        let audit = try f.base.database.readSync { db in
            try Row.fetchOne(
                db, sql: "SELECT actor_label, after_json FROM audit_entries WHERE action = 'ledger.reward_granted' AND target_id = ?",
                arguments: [transfer["id"] as String])
        }
        #expect(audit?["actor_label"] as String? == "system")
        #expect((audit?["after_json"] as String?)?.contains(moderationCase.id.rawValue) == true, "the audit entry names the case")
        #expect(
            try f.base.count("SELECT COUNT(*) FROM outbox_events WHERE seq > ? AND event_type LIKE 'ledger.%'", [String(outboxBefore)]) == 0)
        #expect(try f.base.count("SELECT COUNT(*) FROM report_rewards WHERE transfer_id = ?", [transfer["id"] as String]) == 1)
    }

    /// A reporter whose daily reward cap is already full used to make the resolution itself fail
    /// (`ledger.member_daily_reward_cap_exceeded`), so the moderator could not decide the case.
    /// Now the case is decided, the reward waits a day and is paid then.
    @Test func aFullDailyCapDefersTheRewardInsteadOfBlockingTheDecision() throws {
        let f = try ListingFixture()
        let reporter = f.resident.memberID
        let moderationCase = try f.fileReport(about: f.neighbour.memberID, as: f.resident)
        f.clock.set(Self.nextLocalMidnight.addingTimeInterval(3_600))
        // The command line grants the reporter the whole daily cap on the payout day.
        let cap = LedgerLimits.standard.memberDailyRewardCap
        _ = try f.store.transactionSync { tx in
            try LedgerRewardCommands.grant(
                tx, community: f.admin.communityID, principal: nil,
                input: RewardInput(memberID: reporter, points: cap, category: "community_cleaning", reason: "打扫楼道"),
                idempotencyKey: "cap-filler", actor: .commandLine, limits: .standard)
        }
        let decided = try f.claimAndResolve(moderationCase.id, [.init(kind: .warn)], as: f.moderatorA)
        #expect(decided.count == 1, "the decision went through")

        // The reward falls due at the next local midnight, when the cap has reset.
        f.clock.advance(by: 86_400)
        #expect(try payDue(f).paid == 1)
        #expect(try balance(f, reporter) == cap + TrustPolicies().upheldReportReward)

        // A second case decided the same day as another full cap: deferred, then paid.
        let second = try f.fileReport(about: f.moderatorB.memberID, as: f.resident)
        _ = try f.claimAndResolve(second.id, [.init(kind: .warn)], as: f.moderatorA)
        f.clock.advance(by: 86_400)
        _ = try f.store.transactionSync { tx in
            try LedgerRewardCommands.grant(
                tx, community: f.admin.communityID, principal: nil,
                input: RewardInput(memberID: reporter, points: cap, category: "community_cleaning", reason: "打扫楼道"),
                idempotencyKey: "cap-filler-2", actor: .commandLine, limits: .standard)
        }
        let round = try payDue(f)
        #expect(round.paid == 0)
        #expect(round.deferred == ["ledger.member_daily_reward_cap_exceeded"])
        #expect(try payDue(f) == ReportRewards.Round(), "a deferred reward is tried again the same day")
        f.clock.advance(by: 86_400)
        #expect(try payDue(f).paid == 1)
        #expect(try balance(f, reporter) == 2 * cap + 2 * TrustPolicies().upheldReportReward)
    }

    /// A moderator who also reported the case does not decide it (403 `case.own_report`, session
    /// 20; before, they decided and were left out of the reward); decided by another moderator,
    /// both reporters are rewarded.
    @Test func aReportingModeratorDoesNotDecideAndIsRewardedLikeAnyReporter() throws {
        let f = try ListingFixture()
        let moderationCase = try f.fileReport(about: f.neighbour.memberID, as: f.resident)
        _ = try f.fileReport(about: f.neighbour.memberID, as: f.moderatorA)
        let refused = #expect(throws: DomainError.self) { _ = try f.claimAndResolve(moderationCase.id, [.init(kind: .warn)], as: f.moderatorA) }
        #expect(refused?.code == "case.own_report")
        _ = try f.claimAndResolve(moderationCase.id, [.init(kind: .warn)], as: f.moderatorB)
        f.clock.advance(by: 86_400)
        #expect(try payDue(f).paid == 2)
        #expect(try balance(f, f.moderatorA.memberID) == TrustPolicies().upheldReportReward)
    }

    /// Nor does a moderator decide a case their housemate reported; another moderator does, and
    /// the housemate is rewarded as a reporter.
    @Test func aCaseAHousemateReportedIsAnotherModeratorsToDecide() throws {
        let f = try ListingFixture()
        let housemate = try f.base.member("吴刚", in: f.admin).1
        try f.shareHousehold([f.moderatorA.memberID, housemate.memberID])
        let moderationCase = try f.fileReport(about: f.neighbour.memberID, as: f.resident)
        _ = try f.fileReport(about: f.neighbour.memberID, as: housemate)
        let refused = #expect(throws: DomainError.self) { _ = try f.claimAndResolve(moderationCase.id, [.init(kind: .warn)], as: f.moderatorA) }
        #expect(refused?.code == "case.own_report")
        _ = try f.claimAndResolve(moderationCase.id, [.init(kind: .warn)], as: f.moderatorB)
        #expect(try f.base.count("SELECT COUNT(*) FROM report_rewards") == 2)
    }

    /// Session 17 black-box review: a member who reported their own housemate was queued the
    /// reward (the household gained points for every upheld report about one of its own).
    @Test func theReportedMembersHousemateIsNotRewarded() throws {
        let f = try ListingFixture()
        let housemate = try f.base.member("吴刚", in: f.admin).1
        try f.shareHousehold([f.neighbour.memberID, housemate.memberID])
        let moderationCase = try f.fileReport(about: f.neighbour.memberID, as: f.resident)
        _ = try f.fileReport(about: f.neighbour.memberID, as: housemate)
        _ = try f.claimAndResolve(moderationCase.id, [.init(kind: .warn)], as: f.moderatorA)
        #expect(try f.base.count("SELECT COUNT(*) FROM report_rewards") == 1)
        #expect(try f.base.count("SELECT COUNT(*) FROM report_rewards WHERE reporter_id = ?", [f.resident.memberID.rawValue]) == 1)
    }

    /// Session 17 black-box review: a case whose every action was overturned on appeal still paid
    /// its reporters the next day, points for a report that no longer stands. Unpaid rewards are
    /// withdrawn then (audited on the case); one action still standing keeps them.
    @Test(arguments: [true, false])
    func rewardsOfACaseOverturnedOnAppealAreWithdrawnUnlessAnActionStands(everyAction: Bool) throws {
        let f = try ListingFixture()
        let moderationCase = try f.fileReport(about: f.neighbour.memberID, as: f.resident)
        let actions = try f.claimAndResolve(moderationCase.id, [.init(kind: .warn), .init(kind: .deductCredit)], as: f.moderatorA)
        #expect(try f.base.count("SELECT COUNT(*) FROM report_rewards") == 1)
        for action in everyAction ? actions : [actions[0]] {
            let appeal = try f.fileAppeal(action.id, as: f.neighbour)
            try f.overturnAppeal(appeal.id, as: f.moderatorB)
        }
        #expect(try f.base.count("SELECT COUNT(*) FROM report_rewards") == (everyAction ? 0 : 1))
        #expect(try f.base.count("SELECT COUNT(*) FROM audit_entries WHERE action = 'report_rewards.withdrawn'") == (everyAction ? 1 : 0))
        // Helper 118: the reporter, told of the reward, hears that it will not come.
        let told = try f.base.count(
            "SELECT COUNT(*) FROM member_notifications WHERE member_id = ? AND kind = 'report_reward_withdrawn' AND subject = ?",
            [f.resident.memberID.rawValue, "case:\(moderationCase.id)"])
        #expect(told == (everyAction ? 1 : 0))
        // Not announced: the event would name the case's reporter to webhook consumers.
        #expect(try f.base.count(
            "SELECT COUNT(*) FROM outbox_events WHERE event_type = 'member.notified' AND payload_json LIKE ?", ["%report_reward_withdrawn%"]) == 0)
        let before = try balance(f, f.resident.memberID)
        let round = try f.payReportRewardsNextDay()
        #expect(round.paid == (everyAction ? 0 : 1))
        #expect((try balance(f, f.resident.memberID) > before) == !everyAction)
        #expect(try f.base.database.readSync { db in try LedgerVerifier().verify(db) }.isClean)
    }

    /// The audit log hides the reward of a case from the member it was about (a reported
    /// moderator reads the audit log), now that the case is found through `report_rewards`
    /// instead of the transfer's memo.
    @Test func theReportedModeratorDoesNotFindTheRewardInTheAuditLog() throws {
        let f = try ListingFixture()
        let moderationCase = try f.fileReport(about: f.moderatorB.memberID, as: f.resident)
        _ = try f.claimAndResolve(moderationCase.id, [.init(kind: .warn)], as: f.moderatorA)
        f.clock.advance(by: 86_400)
        #expect(try payDue(f).paid == 1)
        func rewardEntries(_ reader: Principal) throws -> Int {
            try f.base.database.readSync { db in
                try AuditQueries.list(db, principal: reader, targetType: nil, targetID: nil, page: PageRequest(after: nil, limit: 500))
            }.items.filter { $0.action == "ledger.reward_granted" }.count
        }
        #expect(try rewardEntries(f.moderatorB) == 0)
        #expect(try rewardEntries(f.moderatorA) == 1)
    }

    /// `ledger verify` ties paid rewards to their rows: a clean payment verifies; a row whose
    /// points no longer match its transfer, or a memo-less upheld-report reward that no row
    /// names (points paid for no case), is a `report_reward` violation.
    @Test func ledgerVerifyTiesEachPaidRewardToItsCase() throws {
        let f = try ListingFixture()
        let moderationCase = try f.fileReport(about: f.neighbour.memberID, as: f.resident)
        _ = try f.claimAndResolve(moderationCase.id, [.init(kind: .warn)], as: f.moderatorA)
        try f.payReportRewardsNextDay()
        func violations() throws -> [String] {
            try f.base.database.readSync { db in try LedgerVerifier().verify(db) }.violations.map(\.description)
        }
        #expect(try violations().isEmpty)

        try f.base.database.writeSync { db in try db.execute(sql: "UPDATE report_rewards SET points = points + 1") }
        let changed = try violations()
        #expect(changed.count == 1 && changed.allSatisfy { $0.hasPrefix("[report_reward]") }, "\(changed)")

        try f.base.database.writeSync { db in try db.execute(sql: "DELETE FROM report_rewards") }
        let orphaned = try violations()
        #expect(orphaned.count == 1 && orphaned.first?.contains("no upheld case owes") == true, "\(orphaned)")
    }
}
