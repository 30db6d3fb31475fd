import Foundation
import GRDB
import LinliDomain
import Testing
@testable import LinliStore

/// A community whose rules in force no longer compile (stored before a stricter check, or edited
/// in the database) gets a clear 503 of its own, and the tasks that serve every community go on
/// for the others (session 15 review: one such community stopped every community's reminders,
/// and its report rewards held up every other community's).
@Suite struct UnreadableActiveRulesTests {
    /// Replaces the community's active rule text with YAML that does not parse (a new hash, so no
    /// cache answers for it).
    static func breakRules(_ base: StoreFixture, _ community: CommunityID) throws {
        try base.database.writeSync { db in
            try db.execute(
                sql: "UPDATE rule_sets SET source = ?, content_hash = ? WHERE community_id = ? AND status = 'activated'",
                arguments: ["version: [1\ncategories: {", String(repeating: "b", count: 64), community.rawValue])
        }
    }

    @Test func theCommunitysUseCasesAnswer503NamingTheVersionAndTheProblem() throws {
        let f = try EventFixture()
        try Self.breakRules(f.base, f.admin.communityID)
        let error = try #require(throws: DomainError.self) {
            try f.base.database.readSync { db in try ActiveRules().current(db, community: f.admin.communityID, at: f.base.clock.now()) }
        }
        #expect(error.code == "rules.active_version_unreadable" && error.category == .unavailable)
        #expect(error.parameters["version"] == "1")
        #expect(error.parameters["problem"]?.hasPrefix("1:10 ") == true, "line:column of the unclosed bracket: \(error.parameters)")
        let message = ErrorCatalog.message(for: error, in: .en).detail
        #expect(!message.contains("{") && message.contains("version 1"), "\(message)")
    }

    @Test func remindersGoOutForEveryCommunityTheBrokenOneAtTheStandardLead() throws {
        let f = try EventFixture()
        let (other, otherAdmin) = try f.base.bootstrap(name: "第二社区")
        let otherOrganizer = try f.base.member("组织者二", role: .organizer, in: otherAdmin).1
        let now = f.base.clock.now()
        let broken = try f.market(startsIn: 30 * 3_600)
        let healthy = try f.store.transactionSync { tx in
            try CommunityEventCommands.create(
                tx, principal: otherOrganizer,
                input: NewCommunityEventInput(
                    kind: .swapMarket, title: "第二社区集市", description: "带上闲置物品", place: "广场", startsAt: now.addingTimeInterval(30 * 3_600),
                    endsAt: now.addingTimeInterval(33 * 3_600), capacity: 10, perHouseholdLimit: 2),
                actor: .member(otherOrganizer, requestID: nil), rules: f.rules)
        }.event
        #expect(other.community.id != f.admin.communityID)
        try Self.breakRules(f.base, f.admin.communityID)
        f.base.clock.advance(by: 10 * 3_600)  // both 20 hours ahead: inside the standard lead (24 hours)
        let reminded = try f.store.transactionSync { tx in try EventReminders.remindDue(tx, rules: ActiveRules()) }
        #expect(reminded == 2)
        let payloads = try f.outbox("event.reminder")
        #expect(payloads.contains { $0.contains(broken.id.rawValue) } && payloads.contains { $0.contains(healthy.id.rawValue) })
    }

    @Test func aRewardInACommunityWithUnreadableRulesWaitsInsteadOfFailingTheRound() throws {
        let broken = try ListingFixture()
        let reporter = broken.resident.memberID
        let moderationCase = try broken.fileReport(about: broken.neighbour.memberID, as: broken.resident)
        _ = try broken.claimAndResolve(moderationCase.id, [.init(kind: .warn)], as: broken.moderatorA)
        try Self.breakRules(broken.base, broken.admin.communityID)
        broken.clock.set(broken.clock.now().addingTimeInterval(2 * 86_400))
        let round = try broken.store.transactionSync { tx in try ReportRewards.payDue(tx, rules: ActiveRules()) }
        #expect(round.paid == 0 && round.deferred == ["rules.active_version_unreadable"])
        let row = try broken.base.database.readSync { db in
            try Row.fetchOne(db, sql: "SELECT paid_at, due_at FROM report_rewards WHERE reporter_id = ?", arguments: [reporter.rawValue])
        }
        #expect(row?["paid_at"] as String? == nil, "the reward waits for readable rules, it is not dropped")
        #expect((row?["due_at"] as String? ?? "") > StoredTime.text(broken.clock.now()))
    }
}
