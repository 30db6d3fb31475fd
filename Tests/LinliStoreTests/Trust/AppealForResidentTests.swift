import Foundation
import GRDB
import LinliDomain
import Testing
@testable import LinliStore

/// Helper 140 #7: only the member an action was taken against could appeal it, so an elder who
/// cannot use the app, suspended, had no way to: the desk got 403 `appeal.not_appellant`. Staff
/// now write it for her with a note of how she asked; it stays hers.
@Suite struct AppealForResidentTests {
    /// The resident suspended on moderator A's decision, and the action.
    static func suspended(_ f: ListingFixture) throws -> CaseAction {
        let reported = try f.fileReport(about: f.resident.memberID, as: f.neighbour)
        return try f.claimAndResolve(reported.id, [.init(kind: .suspend, days: 7)], as: f.moderatorA)[0]
    }

    func file(_ f: ListingFixture, _ action: CaseActionID, as principal: Principal, note: String?) throws -> Appeal {
        try f.store.transactionSync { tx in
            try AppealCommands.file(
                tx, principal: principal, action: action, text: "我那天在医院，有病历", note: note, policies: TrustPolicies(),
                actor: .member(principal, requestID: nil))
        }
    }

    /// Helper 159 #2: the desk acting for the resident who reported the case does not write the
    /// appeal of the member she reported.
    @Test func theReportersAgentDoesNotWriteTheAccusedsAppeal() throws {
        let f = try ListingFixture()
        let (_, desk) = try f.base.member("孙社工", role: .stationStaff, in: f.admin)
        _ = try f.store.transactionSync { tx in
            try ProxyConsentCommands.grant(
                tx, principal: f.neighbour, input: NewProxyConsentInput(memberID: nil, agentID: desk.memberID, expiresAt: nil, note: nil),
                actor: .member(f.neighbour, requestID: nil))
        }
        // She trusts them too (withdrawn below).
        let consent = try f.store.transactionSync { tx in
            try ProxyConsentCommands.grant(
                tx, principal: f.resident, input: NewProxyConsentInput(memberID: nil, agentID: desk.memberID, expiresAt: nil, note: nil),
                actor: .member(f.resident, requestID: nil))
        }
        let reported = try f.fileReport(about: f.resident.memberID, as: f.neighbour)
        let action = try f.claimAndResolve(reported.id, [.init(kind: .suspend, days: 7)], as: f.moderatorA)[0]
        let refused = #expect(throws: DomainError.self) { _ = try file(f, action.id, as: desk, note: "本人到站口述") }
        #expect(refused?.code == "appeal.desk_reported")
        // Nor do they read it (helper 176 #1: the penalty and the moderator's words were theirs
        // to read); the rest of her record, of cases not of their side, they read for her.
        let other = try f.fileReport(about: f.resident.memberID, as: f.staff)
        let otherAction = try f.claimAndResolve(other.id, [.init(kind: .warn)], as: f.moderatorA)[0]
        let read = { (principal: Principal) in
            try f.base.database.readSync { db in
                try AppealQueries.appealable(db, principal: principal, member: f.resident.memberID, windowDays: 14, now: f.clock.now())
            }.map(\.action.id)
        }
        #expect(try read(desk) == [otherAction.id])
        #expect(try read(f.resident) == [action.id, otherAction.id])
        // Turned away by her (withdrawing stays open while she is suspended), they read none of it.
        _ = try f.store.transactionSync { tx in
            try ProxyConsentCommands.revoke(
                tx, principal: f.resident, id: consent.id, input: ProxyRevocationInput(reason: nil),
                expectedVersion: nil, actor: .member(f.resident, requestID: nil))
        }
        let turnedAway = #expect(throws: DomainError.self) { _ = try read(desk) }
        #expect(turnedAway?.code == "appeal.consent_withdrawn")
    }

    @Test func theDeskWritesHerAppealWhichStaysHers() throws {
        let f = try ListingFixture()
        let action = try Self.suspended(f)
        // The desk finds what she may appeal (she cannot read the action id out of her phone).
        let appealable = try f.base.database.readSync { db in
            try AppealQueries.appealable(db, principal: f.staff, member: f.resident.memberID, windowDays: 14, now: f.clock.now())
        }
        #expect(appealable.map(\.action.id) == [action.id])
        #expect(appealable.first?.reason == "核实属实")
        #expect(appealable.first?.appealUntil == action.createdAt.addingTimeInterval(14 * 86_400))

        var missing: DomainError?
        do { _ = try file(f, action.id, as: f.staff, note: " ") } catch let error as DomainError { missing = error }
        #expect(missing?.fieldIssues.first?.pointer == "/note" && missing?.fieldIssues.first?.parameters["reason"] == "appeal.note_required")

        let appeal = try file(f, action.id, as: f.staff, note: "本人到站口述，已核对身份")
        #expect(appeal.appellantID == f.resident.memberID && appeal.filedBy == f.staff.memberID)
        let stored = try f.base.database.readSync { db in
            try Row.fetchOne(db, sql: "SELECT appellant_id, filed_by FROM trust_appeals WHERE id = ?", arguments: [appeal.id.rawValue])
        }
        #expect(stored?["appellant_id"] as String? == f.resident.memberID.rawValue && stored?["filed_by"] as String? == f.staff.memberID.rawValue)
        #expect(try f.base.count(
            "SELECT COUNT(*) FROM audit_entries WHERE action = 'appeal.filed' AND reason = '本人到站口述，已核对身份' AND after_json LIKE ?",
            ["%\"filed_by\":\"\(f.staff.memberID.rawValue)\"%"]) == 1)
        // She is told her one appeal was spent in her name, and by whom.
        let told = try f.base.database.readSync { db in
            try MemberNotifications.list(db, principal: f.resident, unreadOnly: false, page: PageRequest(after: nil, limit: 20))
        }.items.first { $0.kind == .appealFiledForYou }
        #expect(told?.parameters["action_id"] == action.id.rawValue && told?.parameters["note"] == "本人到站口述，已核对身份")
        #expect(told?.text(in: .zhCN).hasPrefix("工作人员 ") == true && told?.text(in: .zhCN).contains("提出了申诉") == true)
        // Her one appeal: the desk files no other, and it is no longer listed.
        #expect(throws: DomainError(code: "appeal.already_filed", category: .conflict)) {
            try file(f, action.id, as: f.staff, note: "本人再次到站")
        }
        #expect(try f.base.database.readSync { db in
            try AppealQueries.appealable(db, principal: f.resident, member: f.resident.memberID, windowDays: 14, now: f.clock.now())
        }.isEmpty)
    }

    /// Who may not write her appeal (helper 141): a neighbour; whoever decides appeals (an admin
    /// at the desk could leave it with nobody to decide it); staff who reported the case; staff
    /// whose consent she withdrew; a suspended staff member. Her own appeal carries no note.
    @Test func whoMayNotWriteHerAppeal() throws {
        let f = try ListingFixture()
        // A second staff member, whose consent she withdrew (while she could: before the suspension).
        let (_, desk) = try f.base.member("李社工", role: .stationStaff, in: f.admin)
        // And a third, who gave a consent of hers up (changed posts): no turning away (helper 157 #2).
        let (_, moved) = try f.base.member("钱社工", role: .stationStaff, in: f.admin)
        let given = try f.store.transactionSync { tx in
            try ProxyConsentCommands.grant(
                tx, principal: f.resident, input: NewProxyConsentInput(memberID: nil, agentID: moved.memberID, expiresAt: nil, note: nil),
                actor: .member(f.resident, requestID: nil))
        }
        _ = try f.store.transactionSync { tx in
            try ProxyConsentCommands.revoke(
                tx, principal: moved, id: given.id, input: ProxyRevocationInput(reason: "调岗"), expectedVersion: nil, actor: .member(moved, requestID: nil))
        }
        let consent = try f.store.transactionSync { tx in
            try ProxyConsentCommands.grant(
                tx, principal: f.resident, input: NewProxyConsentInput(memberID: nil, agentID: desk.memberID, expiresAt: nil, note: nil),
                actor: .member(f.resident, requestID: nil))
        }
        _ = try f.store.transactionSync { tx in
            try ProxyConsentCommands.revoke(
                tx, principal: f.resident, id: consent.id, input: ProxyRevocationInput(reason: "不想再让她代办"), expectedVersion: nil,
                actor: .member(f.resident, requestID: nil))
        }
        let reportedByStaff = try f.fileReport(about: f.resident.memberID, as: f.staff)
        let action = try f.claimAndResolve(reportedByStaff.id, [.init(kind: .suspend, days: 7)], as: f.moderatorA)[0]
        func code(_ principal: Principal, note: String? = "本人到站口述") -> String? {
            switch Result(catching: { try file(f, action.id, as: principal, note: note) }) {
            case .success: return nil
            case .failure(let error as DomainError): return error.fieldIssues.first?.parameters["reason"] ?? error.code
            case .failure(let error): return "\(error)"
            }
        }
        #expect(code(f.neighbour) == "appeal.not_appellant")
        #expect(code(f.admin) == "appeal.desk_decides")
        #expect(code(f.staff) == "appeal.desk_reported")
        let suspendedStaff = Principal(
            communityID: f.staff.communityID, memberID: f.staff.memberID, role: .stationStaff, tokenID: f.staff.tokenID, active: false)
        #expect(code(suspendedStaff) == "auth.member_inactive")
        #expect(code(f.resident, note: "自己写的") == "appeal.note_only_for_desk")
        #expect(code(desk) == "appeal.consent_withdrawn")
        // Any other member of the desk may: one who gave a consent of hers up too (changed
        // posts), which is no turning away.
        #expect(code(moved) == nil)
    }

    /// The desk's words are hers to replace while the appeal waits: she files her own and it
    /// takes the place of the one written for her (not 409 `appeal.already_filed`).
    @Test func herOwnAppealReplacesTheDesks() throws {
        let f = try ListingFixture()
        let action = try Self.suspended(f)
        let desk = try file(f, action.id, as: f.staff, note: "本人到站口述")
        let told = try f.base.database.readSync { db in
            try MemberNotifications.list(db, principal: f.resident, unreadOnly: false, page: PageRequest(after: nil, limit: 20))
        }.items.first { $0.kind == .appealFiledForYou }
        #expect(told?.parameters["text"] == "我那天在医院，有病历" && told?.text(in: .zhCN).contains("“暂停使用 7 天”") == true)
        let own = try f.store.transactionSync { tx in
            try AppealCommands.file(
                tx, principal: f.resident, action: action.id, text: "我没有骚扰任何人", policies: TrustPolicies(),
                actor: .member(f.resident, requestID: nil))
        }
        #expect(own.id == desk.id && own.text == "我没有骚扰任何人" && own.filedBy == nil)
        let stored = try f.base.database.readSync { db in
            try Row.fetchOne(db, sql: "SELECT text, filed_by FROM trust_appeals WHERE id = ?", arguments: [desk.id.rawValue])
        }
        #expect(stored?["text"] as String? == "我没有骚扰任何人" && stored?["filed_by"] as String? == nil)
        #expect(try f.base.count("SELECT COUNT(*) FROM audit_entries WHERE action = 'appeal.rewritten' AND target_id = ?", [action.id.rawValue]) == 1)
        // Once written by her, a third try is a second appeal.
        #expect(throws: DomainError(code: "appeal.already_filed", category: .conflict)) {
            try file(f, action.id, as: f.resident, note: nil)
        }
    }

    /// Whoever wrote it at the desk, since made a moderator, neither decides it nor finds it in
    /// the queue; another moderator does, and she is told the outcome as the appellant.
    @Test func theFilerDoesNotDecide() throws {
        let f = try ListingFixture()
        let action = try Self.suspended(f)
        let appeal = try file(f, action.id, as: f.staff, note: "本人到站口述")
        _ = try f.store.transactionSync { tx in
            try MemberCommands.changeRole(
                tx, principal: f.admin, id: f.staff.memberID, input: RoleChangeInput(role: .moderator, reason: "增补审核员"),
                expectedVersion: nil, actor: .member(f.admin, requestID: nil))
        }
        let promoted = Principal(communityID: f.staff.communityID, memberID: f.staff.memberID, role: .moderator, tokenID: f.staff.tokenID)
        let queue = try f.base.database.readSync { db in
            try AppealQueries.list(db, principal: promoted, status: .pending, page: PageRequest(after: nil, limit: 10))
        }
        #expect(queue.items.isEmpty, "not the filer's to decide")
        #expect(try f.base.database.readSync { db in
            try AppealQueries.list(db, principal: f.moderatorB, status: .pending, page: PageRequest(after: nil, limit: 10))
        }.items.map(\.appeal.id) == [appeal.id])
        #expect(throws: DomainError(code: "appeal.filed_by_you", category: .forbidden)) {
            try f.store.transactionSync { tx in
                try AppealCommands.decide(
                    tx, principal: promoted, id: appeal.id, overturn: true, reason: "病历属实", limits: .standard, listings: f.services,
                    actor: .member(promoted, requestID: nil))
            }
        }
        try f.overturnAppeal(appeal.id, as: f.moderatorB)
        let inbox = try f.base.database.readSync { db in
            try MemberNotifications.list(db, principal: f.resident, unreadOnly: false, page: PageRequest(after: nil, limit: 20))
        }.items
        #expect(inbox.contains { $0.kind == .appealDecided })

        // A staff member's action is not the desk's to appeal.
        let reported = try f.fileReport(about: f.moderatorA.memberID, as: f.neighbour)
        let againstStaff = try f.claimAndResolve(reported.id, [.init(kind: .warn)], as: f.moderatorB)[0]
        let (_, desk) = try f.base.member("李社工", role: .stationStaff, in: f.admin)
        #expect(throws: DomainError(code: "appeal.not_appellant", category: .forbidden)) {
            try file(f, againstStaff.id, as: desk, note: "本人口述")
        }
    }
}
