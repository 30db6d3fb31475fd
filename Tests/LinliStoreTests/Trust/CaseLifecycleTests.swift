import Foundation
import GRDB
import LinliDomain
import LinliRules
import LinliTrust
import Testing
@testable import LinliStore

/// Reports, cases, actions, rewards and appeals over a real database.
@Suite("Reports, cases and appeals")
struct CaseLifecycleTests {
    let policies = TrustPolicies()

    func file(_ f: ListingFixture, _ input: ReportInput, as principal: Principal) throws -> (report: FiledReport, moderationCase: ModerationCase, openedCase: Bool) {
        try f.store.transactionSync { tx in try ReportCommands.file(tx, principal: principal, input: input, policies: policies) }
    }

    func claim(_ f: ListingFixture, _ id: CaseID, as moderator: Principal) throws -> ModerationCase {
        try f.store.transactionSync { tx in
            try CaseCommands.claim(tx, principal: moderator, id: id, leaseSeconds: 900, actor: .member(moderator, requestID: nil))
        }
    }

    func resolve(_ f: ListingFixture, _ id: CaseID, _ actions: [CaseResolutionInput.Action], as moderator: Principal) throws
        -> (moderationCase: ModerationCase, actions: [CaseAction])
    {
        try f.store.transactionSync { tx in
            try CaseCommands.resolve(
                tx, principal: moderator, id: id, input: CaseResolutionInput(actions: actions, reason: "核实属实"), policies: policies,
                services: f.services, limits: .standard, actor: .member(moderator, requestID: nil))
        }
    }

    func balance(_ f: ListingFixture, _ member: MemberID) throws -> Int {
        try f.base.database.readSync { db in
            try LedgerAccounts.member(db, community: f.resident.communityID, member: member).balance
        }
    }

    /// Helper 118: the member acted against was told "you may appeal within the appeal window",
    /// neither why nor until when. The resolution's reason and the appeal deadline, in the
    /// community's time, are in the notice.
    @Test("an action is told with its reason and its appeal deadline")
    func actionNoticeSaysWhyAndUntilWhen() throws {
        let f = try ListingFixture()
        let moderationCase = try f.fileReport(about: f.neighbour.memberID, as: f.resident)
        _ = try f.claimAndResolve(moderationCase.id, [.init(kind: .warn)], as: f.moderatorA)
        let parameters = try f.base.database.readSync { db in
            try String.fetchOne(
                db, sql: "SELECT parameters_json FROM member_notifications WHERE member_id = ? AND kind = 'action_taken'",
                arguments: [f.neighbour.memberID.rawValue])
        }
        let decoded = try JSONDecoder().decode([String: String].self, from: Data(try #require(parameters).utf8))
        #expect(decoded["reason"] == "核实属实")
        let deadline = f.clock.now().addingTimeInterval(Double(ModerationPolicy().appealWindowDays) * 86_400)
        #expect(decoded["appeal_until"] == EventLocalTime.text(deadline, timeZoneID: "Asia/Shanghai"))
    }

    @Test("reports about one target join one case; the reporter is rate-limited per day")
    func reportsJoinOneCase() throws {
        let f = try ListingFixture()
        let listing = try f.publish(ListingFixture.item("折叠梯"))
        let input = ReportInput(targetType: .listing, targetID: listing.id.rawValue, category: .fakeListing, text: "照片是网图")
        let first = try file(f, input, as: f.neighbour)
        let second = try file(f, input, as: f.staff)
        #expect(first.openedCase && !second.openedCase)
        #expect(first.moderationCase.id == second.moderationCase.id)
        #expect(first.moderationCase.targetMemberID == f.resident.memberID)
        #expect(try f.events("case.needs_moderator").count == 1)
        #expect(try f.events("case.needs_moderator").first?.contains(#""reason_name_zh":"虚假发布""#) == true)
        #expect(try f.events("report.filed").count == 2)

        for _ in 1..<policies.moderation.reportsPerReporterPerDay { _ = try file(f, input, as: f.neighbour) }
        // Refused until the community's next local day, which the API sends as Retry-After.
        let tomorrow = LocalDayWindow(containing: f.clock.now(), timeZoneID: Community.defaultTimezone).end.date
        #expect(throws: DomainError(code: "report.rate_limited", category: .rateLimited, parameters: ["limit": "5"], instants: ["retry_at": tomorrow])) {
            try file(f, input, as: f.neighbour)
        }
        f.clock.advance(by: 86_400)
        #expect(try file(f, input, as: f.neighbour).moderationCase.id == first.moderationCase.id)
    }

    @Test("bad reports are refused: own listing, unknown target, unknown photo, malformed id")
    func refusals() throws {
        let f = try ListingFixture()
        let listing = try f.publish(ListingFixture.item("折叠梯"))
        #expect(throws: DomainError(code: "report.own_target", category: .conflict)) {
            try file(f, ReportInput(targetType: .listing, targetID: listing.id.rawValue, category: .other, text: "x"), as: f.resident)
        }
        // An unknown target is the body's mistake, at its field (helper 185 #1).
        #expect(throws: DomainError.validation([FieldIssue("/target_id", .notFound)])) {
            try file(f, ReportInput(targetType: .member, targetID: "mem_01JD5Q0Z6W8K3M2N4P5R6S7T8V", category: .harassment, text: "x"),
                     as: f.resident)
        }
        let photo = String(repeating: "a", count: 64)
        #expect(throws: DomainError.validation([FieldIssue("/photos/0", .notFound)])) {
            try file(f, ReportInput(targetType: .member, targetID: f.neighbour.memberID.rawValue, category: .harassment, text: "x",
                                    photos: [photo]), as: f.resident)
        }
        #expect(throws: DomainError.self) {
            try file(f, ReportInput(targetType: .listing, targetID: f.neighbour.memberID.rawValue, category: .other, text: "x"), as: f.resident)
        }
        #expect(try f.base.count("SELECT COUNT(*) FROM trust_reports") == 0)
    }

    @Test("claim, note, resolve with removal and a suspension; reporters rewarded once; everything audited")
    func upheldLifecycle() throws {
        let f = try ListingFixture()
        let listing = try f.publish(ListingFixture.item("折叠梯"))
        let input = ReportInput(targetType: .listing, targetID: listing.id.rawValue, category: .fakeListing, text: "照片是网图")
        let caseID = try file(f, input, as: f.neighbour).moderationCase.id
        _ = try file(f, input, as: f.neighbour)
        _ = try file(f, input, as: f.staff)

        #expect(throws: DomainError(code: "case.not_claimed", category: .conflict)) {
            try resolve(f, caseID, [.init(kind: .warn)], as: f.moderatorA)
        }
        _ = try claim(f, caseID, as: f.moderatorA)
        let taken = try #require(throws: DomainError.self) { try claim(f, caseID, as: f.moderatorB) }
        // The holder by name as well as id: the other moderator knows whom to ask.
        let holder = try f.base.database.readSync { db in
            try MemberCommands.fetch(db, community: f.moderatorA.communityID, id: f.moderatorA.memberID).displayName
        }
        #expect(taken.code == "case.claimed_by_other")
        #expect(taken.parameters["claimed_by"] == f.moderatorA.memberID.rawValue)
        #expect(taken.parameters["claimed_by_name"] == holder)
        // Resolving it meanwhile names the holder too (helper 118: "needs a live claim of your own").
        let resolving = try #require(throws: DomainError.self) { try resolve(f, caseID, [.init(kind: .warn)], as: f.moderatorB) }
        #expect(resolving.code == "case.claimed_by_other" && resolving.parameters["claimed_by_name"] == holder)
        _ = try f.store.transactionSync { tx in
            try CaseCommands.addNote(tx, principal: f.moderatorA, id: caseID, text: "已联系发布者", actor: .member(f.moderatorA, requestID: nil))
        }
        let before = try balance(f, f.neighbour.memberID)
        let result = try resolve(f, caseID, [.init(kind: .removeListing), .init(kind: .suspend, days: 7)], as: f.moderatorA)
        #expect(result.moderationCase.status == .resolved)
        #expect(result.moderationCase.outcome == .upheld)
        #expect(result.actions.map(\.kind) == [.removeListing, .suspend])
        #expect(result.actions.allSatisfy { $0.strike })

        let removed = try f.base.database.readSync { db in try ListingQueries.fetch(db, principal: f.moderatorA, id: listing.id) }
        #expect(removed.status == .removed)
        let owner = try f.base.database.readSync { db in try MemberCommands.fetch(db, community: f.resident.communityID, id: f.resident.memberID) }
        #expect(owner.status == .suspended)
        #expect(owner.suspendedUntil == f.clock.now().addingTimeInterval(7 * 86_400))
        // Told once, by the case's actions (helper 123: the takedown's own notice came too), and
        // the suspension a case imposed is not told as one changed by hand (her listing's approval
        // before the case is another matter).
        let kinds = try f.base.database.readSync { db in
            try String.fetchAll(
                db, sql: "SELECT kind FROM member_notifications WHERE member_id = ? AND parameters_json NOT LIKE '%\"decision\":\"approved\"%' ORDER BY id",
                arguments: [f.resident.memberID.rawValue])
        }
        #expect(kinds.filter { $0 == "action_taken" }.count == 2)
        #expect(!kinds.contains("listing_reviewed") && !kinds.contains("standing_changed"), "\(kinds)")
        // The takedown names the listing (helper 137: an owner of several could not tell which).
        let takedown = try f.base.database.readSync { db in
            try MemberNotifications.decode(try #require(try Row.fetchOne(
                db, sql: "SELECT * FROM member_notifications WHERE member_id = ? AND kind = 'action_taken' AND parameters_json LIKE '%remove_listing%'",
                arguments: [f.resident.memberID.rawValue])))
        }
        #expect(takedown.text(in: .zhCN).contains("对您采取了措施：下架发布“\(listing.content.title)”"), "\(takedown.text(in: .zhCN))")

        let reward = policies.upheldReportReward
        #expect(try balance(f, f.neighbour.memberID) == before, "the reward waits for the next day")
        #expect(try f.payReportRewardsNextDay().paid == 2)
        #expect(try f.payReportRewardsNextDay().paid == 0, "each reward is paid once")
        #expect(try balance(f, f.neighbour.memberID) == before + reward, "two reports, one reward per case")
        #expect(try balance(f, f.staff.memberID) == reward)
        #expect(try f.base.count("SELECT COUNT(*) FROM audit_entries WHERE action IN ('case.claimed', 'case.note_added', 'case.resolved')") == 3)
        #expect(try f.events("case.resolved").count == 1)
        #expect(throws: DomainError(code: "case.already_resolved", category: .conflict)) { try claim(f, caseID, as: f.moderatorA) }

        let history = try f.base.database.readSync { db in
            try CaseCommands.history(db, principal: f.moderatorB, member: f.resident.memberID)
        }
        #expect(history.reports.count == 3)
        #expect(history.cases.map(\.id) == [caseID])
        #expect(history.strikes == 1, "two strike actions of one case are one strike (helper 123)")

        // A new report about the same listing opens a new case: the first is closed.
        let again = try file(f, input, as: f.admin)
        #expect(again.openedCase && again.moderationCase.id != caseID)
    }

    @Test("a dismissal pays no reward and cannot be appealed; moderators cannot handle their own case")
    func dismissal() throws {
        let f = try ListingFixture()
        let report = try file(f, ReportInput(targetType: .member, targetID: f.moderatorA.memberID.rawValue, category: .harassment,
                                             text: "说话难听"), as: f.resident)
        #expect(throws: DomainError(code: "case.own", category: .forbidden)) { try claim(f, report.moderationCase.id, as: f.moderatorA) }
        _ = try claim(f, report.moderationCase.id, as: f.moderatorB)
        let result = try resolve(f, report.moderationCase.id, [.init(kind: .dismiss)], as: f.moderatorB)
        #expect(result.moderationCase.outcome == .dismissed)
        #expect(try balance(f, f.resident.memberID) == 0)
        #expect(throws: DomainError(code: "appeal.not_appealable", category: .conflict)) {
            try f.store.transactionSync { tx in
                try AppealCommands.file(tx, principal: f.moderatorA, action: result.actions[0].id, text: "不服", policies: policies, actor: .member(f.moderatorA, requestID: nil))
            }
        }
    }

    @Test("resolution input is validated: dismiss alone, suspension days within the rule file's limit")
    func resolutionValidation() throws {
        let max = ModerationPolicy().maxSuspensionDays
        let cases: [([CaseResolutionInput.Action], Bool)] = [
            ([.init(kind: .dismiss)], true),
            ([.init(kind: .dismiss), .init(kind: .warn)], false),
            ([.init(kind: .suspend)], false),
            ([.init(kind: .suspend, days: max)], true),
            ([.init(kind: .suspend, days: max + 1)], false),
            ([.init(kind: .warn, days: 3)], false),
            ([.init(kind: .warn), .init(kind: .warn)], false),
            ([], false),
        ]
        for (actions, valid) in cases {
            let input = CaseResolutionInput(actions: actions, reason: "理由")
            #expect(((try? input.validate(maxSuspensionDays: max)) != nil) == valid, "\(actions)")
        }
    }

    @Test("appeals: one per action, within the window, decided by a different moderator; overturning lifts a ban")
    func appeals() throws {
        let f = try ListingFixture()
        let report = try file(f, ReportInput(targetType: .member, targetID: f.neighbour.memberID.rawValue, category: .harassment,
                                             text: "骚扰"), as: f.resident)
        // A ban has no end: a moderator may not impose it (the rule file bounds their suspensions).
        _ = try claim(f, report.moderationCase.id, as: f.moderatorA)
        #expect(throws: DomainError(code: "member.ban_needs_admin", category: .forbidden, parameters: ["days": "90"])) {
            try resolve(f, report.moderationCase.id, [.init(kind: .ban)], as: f.moderatorA)
        }
        f.clock.advance(by: 901)  // the moderator's claim lapses; an admin takes the case
        _ = try claim(f, report.moderationCase.id, as: f.admin)
        let result = try resolve(f, report.moderationCase.id, [.init(kind: .ban)], as: f.admin)
        let action = result.actions[0]
        func appeal(as principal: Principal) throws -> Appeal {
            try f.store.transactionSync { tx in
                try AppealCommands.file(tx, principal: principal, action: action.id, text: "我没有骚扰", policies: policies, actor: .member(principal, requestID: nil))
            }
        }
        #expect(throws: DomainError(code: "appeal.not_appellant", category: .forbidden)) { try appeal(as: f.resident) }
        let filed = try appeal(as: f.neighbour)
        #expect(throws: DomainError(code: "appeal.already_filed", category: .conflict)) { try appeal(as: f.neighbour) }
        func decide(as moderator: Principal) throws -> Appeal {
            try f.store.transactionSync { tx in
                try AppealCommands.decide(tx, principal: moderator, id: filed.id, overturn: true, reason: "证据不足", limits: .standard, listings: f.services,
                                          actor: .member(moderator, requestID: nil))
            }
        }
        #expect(throws: DomainError(code: "appeal.same_moderator", category: .forbidden)) { try decide(as: f.admin) }
        let decided = try decide(as: f.moderatorB)
        #expect(decided.status == .overturned && decided.decidedBy == f.moderatorB.memberID)
        let inbox = try f.base.database.readSync { db in
            try MemberNotifications.list(db, principal: f.neighbour, unreadOnly: true, page: PageRequest(after: nil, limit: 10))
        }.items
        #expect(Set(inbox.map(\.kind)) == [.appealDecided, .actionTaken], "the ban, then the appeal's outcome")
        #expect(inbox.first { $0.kind == .appealDecided }?.text(in: .en) == "Your appeal against “ban” was decided: the action is overturned (reason: 证据不足).", "with the decider's reason (helper 128)")
        #expect(throws: DomainError(code: "appeal.already_decided", category: .conflict)) { try decide(as: f.moderatorA) }
        let member = try f.base.database.readSync { db in try MemberCommands.fetch(db, community: f.neighbour.communityID, id: f.neighbour.memberID) }
        #expect(member.status == .active)
        let history = try f.base.database.readSync { db in try CaseCommands.history(db, principal: f.moderatorB, member: f.neighbour.memberID) }
        #expect(history.strikes == 0)
        let snapshot = try f.base.database.readSync { db in
            try TrustSnapshotQueries.snapshot(db, community: f.neighbour.communityID, exchangesSince: nil)
        }
        #expect(snapshot.reports.map(\.upheld) == [false], "an upheld case whose only action was overturned no longer counts")
    }

    @Test("compensation moves the offender's points to the victim through the ledger, once")
    func compensation() throws {
        let f = try ListingFixture()
        let report = try file(f, ReportInput(targetType: .member, targetID: f.neighbour.memberID.rawValue, category: .notAsDescribed,
                                             text: "借的电钻坏了"), as: f.resident)
        _ = try claim(f, report.moderationCase.id, as: f.moderatorA)
        #expect(throws: DomainError.self) {
            try resolve(f, report.moderationCase.id, [.init(kind: .compensate, points: 30, victimID: f.neighbour.memberID)], as: f.moderatorA)
        }
        let result = try resolve(
            f, report.moderationCase.id, [.init(kind: .compensate, points: 30, victimID: f.resident.memberID)], as: f.moderatorA)
        #expect(result.actions.map(\.points) == [30])
        #expect(try balance(f, f.neighbour.memberID) == -30)
        #expect(try balance(f, f.resident.memberID) == 30)
        try f.payReportRewardsNextDay()
        #expect(try balance(f, f.resident.memberID) == 30 + policies.upheldReportReward)
        #expect(try f.base.count("SELECT COUNT(*) FROM ledger_transfers WHERE kind = 'compensation'") == 1)
        let invalid: [[CaseResolutionInput.Action]] = [
            [.init(kind: .compensate, victimID: f.resident.memberID)],
            [.init(kind: .compensate, points: 10)],
            [.init(kind: .compensate, points: 10_001, victimID: f.resident.memberID)],
            [.init(kind: .warn, points: 5)],
        ]
        for actions in invalid {
            #expect(throws: DomainError.self) { try CaseResolutionInput(actions: actions, reason: "x").validate(maxSuspensionDays: 90) }
        }
    }

    @Test("the appeal window closes after appeal_window_days")
    func appealWindow() throws {
        let f = try ListingFixture()
        let report = try file(f, ReportInput(targetType: .member, targetID: f.neighbour.memberID.rawValue, category: .noShow,
                                             text: "爽约"), as: f.resident)
        _ = try claim(f, report.moderationCase.id, as: f.moderatorA)
        let action = try resolve(f, report.moderationCase.id, [.init(kind: .deductCredit)], as: f.moderatorA).actions[0]
        #expect(action.appealUntil == f.clock.now().addingTimeInterval(14 * 86_400))
        f.clock.advance(by: TimeInterval(policies.moderation.appealWindowDays) * 86_400 + 1)
        let closed = #expect(throws: DomainError.self) {
            try f.store.transactionSync { tx in
                try AppealCommands.file(tx, principal: f.neighbour, action: action.id, text: "不服", policies: policies, actor: .member(f.neighbour, requestID: nil))
            }
        }
        #expect(closed?.code == "appeal.window_closed" && closed?.instants["appeal_until"] != nil)
    }

    /// Helper 152 #4: she was told she may appeal until a date; the community then shortened
    /// `appeal_window_days` from 14 to 7, and on day 10 her appeal was refused and the action
    /// dropped from her appealable list. The date she was told holds; a longer window still helps.
    @Test func theAppealDeadlineToldHoldsAfterARuleChange() throws {
        let f = try ListingFixture()
        let report = try file(f, ReportInput(targetType: .member, targetID: f.neighbour.memberID.rawValue, category: .noShow,
                                             text: "爽约"), as: f.resident)
        _ = try claim(f, report.moderationCase.id, as: f.moderatorA)
        let action = try resolve(f, report.moderationCase.id, [.init(kind: .deductCredit)], as: f.moderatorA).actions[0]
        let told = try #require(action.appealUntil)
        f.clock.advance(by: 10 * 86_400)
        var shorter = policies
        shorter.moderation.appealWindowDays = 7
        let listed = try f.base.database.readSync { db in
            try AppealQueries.appealable(db, principal: f.neighbour, member: f.neighbour.memberID, windowDays: 7, now: f.clock.now())
        }
        #expect(listed.map(\.action.id) == [action.id])
        #expect(abs((listed.first?.appealUntil ?? .distantPast).timeIntervalSince(told)) < 1)
        #expect(action.appealDeadline(windowDays: 30) == action.createdAt.addingTimeInterval(30 * 86_400), "a longer window helps")
        let appeal = try f.store.transactionSync { tx in
            try AppealCommands.file(tx, principal: f.neighbour, action: action.id, text: "不服", policies: shorter, actor: .member(f.neighbour, requestID: nil))
        }
        #expect(appeal.status == .pending)
    }

    @Test("upheld reports lower the credit score; stored signals can be dismissed and stay quiet")
    func creditAndSignals() throws {
        let f = try ListingFixture()
        let report = try file(f, ReportInput(targetType: .member, targetID: f.neighbour.memberID.rawValue, category: .noShow,
                                             text: "爽约"), as: f.resident)
        _ = try claim(f, report.moderationCase.id, as: f.moderatorA)
        _ = try resolve(f, report.moderationCase.id, [.init(kind: .deductCredit)], as: f.moderatorA)
        let score = try f.base.database.readSync { db in
            try TrustQueries.creditScore(db, community: f.neighbour.communityID, member: f.neighbour.memberID, now: f.clock.now(),
                                         rules: ActiveRules())
        }
        #expect(score.components.first { $0.key == .upheldReports }?.contribution.description == "-8.00")

        let signal = FraudSignal(
            type: .ring, score: 60, subjects: [f.resident.memberID, f.neighbour.memberID],
            evidence: SignalEvidence(exchanges: ["trf_a", "trf_b"]), at: f.clock.now(), explanationZH: "环", explanationEN: "ring")
        let stored = try f.store.transactionSync { tx in
            try FraudSignalCommands.record(tx, community: f.resident.communityID, signals: [signal, signal], freezeAtScore: nil)
        }
        #expect(stored.count == 1, "one row per fingerprint")
        let again = try f.store.transactionSync { tx in try FraudSignalCommands.record(tx, community: f.resident.communityID, signals: [signal], freezeAtScore: nil) }
        #expect(again.isEmpty)
        #expect(throws: DomainError.forbidden(.caseManage)) {
            try f.store.transactionSync { tx in
                try FraudSignalCommands.dismiss(tx, principal: f.resident, id: stored[0].id, reason: "x", actor: .member(f.resident, requestID: nil))
            }
        }
        let dismissed = try f.store.transactionSync { tx in
            try FraudSignalCommands.dismiss(tx, principal: f.moderatorA, id: stored[0].id, reason: "邻居互助，非作弊",
                                            actor: .member(f.moderatorA, requestID: nil))
        }
        #expect(dismissed.dismissed && dismissed.dismissReason == "邻居互助，非作弊")
        let memory = try f.base.database.readSync { db in try FraudSignalCommands.dismissed(db, community: f.resident.communityID) }
        #expect(memory.suppresses(signal))
        #expect(throws: DomainError(code: "fraud_signal.already_dismissed", category: .conflict)) {
            try f.store.transactionSync { tx in
                try FraudSignalCommands.dismiss(tx, principal: f.moderatorA, id: stored[0].id, reason: "x", actor: .member(f.moderatorA, requestID: nil))
            }
        }
        let history = try f.base.database.readSync { db in try CaseCommands.history(db, principal: f.moderatorB, member: f.neighbour.memberID) }
        #expect(history.signals.map(\.id) == [stored[0].id])
    }

    /// Session 20: a report about a listing and one about its owner open two cases about one
    /// member; each case's detail names the other while both are open, so one incident is decided
    /// once, not struck twice.
    @Test("a case names the other open cases about the same member")
    func otherOpenCasesAboutTheMember() throws {
        let f = try ListingFixture()
        let listing = try f.publish(ListingFixture.item("折叠梯"))
        let aboutListing = try file(
            f, ReportInput(targetType: .listing, targetID: listing.id.rawValue, category: .fakeListing, text: "照片是网图"), as: f.neighbour
        ).moderationCase
        let aboutOwner = try f.fileReport(about: f.resident.memberID, as: f.staff)
        #expect(aboutListing.id != aboutOwner.id && aboutListing.targetMemberID == aboutOwner.targetMemberID)
        func others(_ id: CaseID) throws -> [CaseID] {
            try f.base.database.readSync { db in try CaseQueries.detail(db, principal: f.moderatorA, id: id) }.otherOpenCases.map(\.id)
        }
        #expect(try others(aboutListing.id) == [aboutOwner.id])
        #expect(try others(aboutOwner.id) == [aboutListing.id])
        _ = try f.claimAndResolve(aboutOwner.id, [.init(kind: .warn)], as: f.moderatorA)
        #expect(try others(aboutListing.id).isEmpty)
    }
}
