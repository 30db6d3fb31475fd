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
        #expect(told?.text(in: .zhCN).hasPrefix("工作人员 ") == true && told?.text(in: .zhCN).contains("“暂停使用”提出了申诉") == true)
        // Her one appeal: neither she nor the desk files another, and it is no longer listed.
        #expect(throws: DomainError(code: "appeal.already_filed", category: .conflict)) {
            try file(f, action.id, as: f.resident, note: nil)
        }
        #expect(try f.base.database.readSync { db in
            try AppealQueries.appealable(db, principal: f.resident, member: f.resident.memberID, windowDays: 14, now: f.clock.now())
        }.isEmpty)
    }

    /// A resident may not write someone else's appeal, nor may the desk write a staff member's;
    /// whoever wrote it (an admin at the desk) does not decide it, nor finds it in the queue.
    @Test func onlyTheDeskFilesAndTheFilerDoesNotDecide() throws {
        let f = try ListingFixture()
        let action = try Self.suspended(f)
        #expect(throws: DomainError(code: "appeal.not_appellant", category: .forbidden)) {
            try file(f, action.id, as: f.neighbour, note: "她托我办的")
        }
        #expect(throws: DomainError(code: "appeal.not_appellant", category: .forbidden)) {
            try f.base.database.readSync { db in
                try AppealQueries.appealable(db, principal: f.neighbour, member: f.resident.memberID, windowDays: 14, now: f.clock.now())
            }
        }
        let appeal = try file(f, action.id, as: f.admin, note: "本人电话口述，已回拨核实")
        #expect(appeal.filedBy == f.admin.memberID)
        let queue = try f.base.database.readSync { db in
            try AppealQueries.list(db, principal: f.admin, status: .pending, page: PageRequest(after: nil, limit: 10))
        }
        #expect(queue.items.isEmpty, "not the filer's to decide")
        #expect(throws: DomainError(code: "appeal.filed_by_you", category: .forbidden)) {
            try f.store.transactionSync { tx in
                try AppealCommands.decide(
                    tx, principal: f.admin, id: appeal.id, overturn: true, reason: "病历属实", limits: .standard, listings: f.services,
                    actor: .member(f.admin, requestID: nil))
            }
        }
        // Another moderator decides; she is told the outcome as the appellant.
        try f.overturnAppeal(appeal.id, as: f.moderatorB)
        let inbox = try f.base.database.readSync { db in
            try MemberNotifications.list(db, principal: f.resident, unreadOnly: false, page: PageRequest(after: nil, limit: 20))
        }.items
        #expect(inbox.contains { $0.kind == .appealDecided })

        // A staff member's action is not the desk's to appeal.
        let reported = try f.fileReport(about: f.moderatorA.memberID, as: f.neighbour)
        let againstStaff = try f.claimAndResolve(reported.id, [.init(kind: .warn)], as: f.moderatorB)[0]
        #expect(throws: DomainError(code: "appeal.not_appellant", category: .forbidden)) {
            try file(f, againstStaff.id, as: f.staff, note: "本人口述")
        }
    }
}
