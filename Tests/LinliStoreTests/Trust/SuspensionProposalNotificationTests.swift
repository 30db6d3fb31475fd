import Foundation
import GRDB
import LinliDomain
import Testing
@testable import LinliStore

/// A suspension proposed by a case resolution (`moderation.strikes_before_suspension`) used to live
/// only in the `case.resolved` audit entry, where nobody was told about it.
@Suite struct SuspensionProposalNotificationTests {
    /// Three `deduct_credit` resolutions about a resident, each decided by moderator A. The third
    /// reaches the threshold (3): every active moderator and admin gets exactly one
    /// `suspension_proposed` in their inbox, naming the member, the case and the strikes but no
    /// reporter; the resident, their housemate (a moderator), a suspended moderator and the other
    /// residents and station staff get none. The first two resolutions notify nobody. (About a
    /// moderator, only admins are told: `SuspensionProposalReviewFindingsTests`.)
    @Test func reachingTheThresholdTellsEveryOtherActiveModeratorAndAdmin() throws {
        let f = try ListingFixture()
        let member = f.neighbour
        let housemate = try f.base.member("吴刚", role: .moderator, in: f.admin).1
        let suspended = try f.base.member("郑洁", role: .moderator, in: f.admin).1
        let secondAdmin = try f.base.member("钱伟", role: .admin, in: f.admin).1
        let household = try f.store.transactionSync { tx in
            try HouseholdCommands.create(
                tx, community: f.admin.communityID, input: NewHouseholdInput(name: "5号楼 302", area: nil), principal: f.admin,
                actor: .commandLine)
        }
        try f.base.database.writeSync { db in
            try db.execute(
                sql: "UPDATE members SET household_id = ? WHERE id IN (?, ?)",
                arguments: [household.id.rawValue, member.memberID.rawValue, housemate.memberID.rawValue])
            try db.execute(sql: "UPDATE members SET status = 'suspended' WHERE id = ?", arguments: [suspended.memberID.rawValue])
        }
        func proposals() throws -> [Row] {
            try f.base.database.readSync { db in
                try Row.fetchAll(
                    db, sql: "SELECT member_id, subject, parameters_json FROM member_notifications WHERE kind = 'suspension_proposed'")
            }
        }

        var last: ModerationCase?
        for round in 1...3 {
            let moderationCase = try f.fileReport(about: member.memberID, as: f.resident)
            _ = try f.claimAndResolve(moderationCase.id, [.init(kind: .deductCredit)], as: f.moderatorA)
            last = moderationCase
            if round < 3 { #expect(try proposals().isEmpty, "strike \(round) of 3 already told someone") }
        }
        let caseID = try #require(last).id
        // Helper 118: strikes count by case. One more case resolved with two strike actions is
        // one strike more: the proposals say 4, not 5.
        let another = try f.fileReport(about: member.memberID, as: f.resident)
        _ = try f.claimAndResolve(another.id, [.init(kind: .deductCredit), .init(kind: .compensate, points: 2, victimID: f.resident.memberID)], as: f.moderatorA)
        let latest = try proposals().filter { ($0["subject"] as String) == "case:\(another.id)" }
        #expect(latest.allSatisfy { ($0["parameters_json"] as String).contains(#""strikes":"4""#) } && !latest.isEmpty)
        try f.base.database.writeSync { db in try db.execute(sql: "DELETE FROM member_notifications WHERE subject = ?", arguments: ["case:\(another.id)"]) }

        let rows = try proposals()
        let recipients = rows.map { $0["member_id"] as String }.sorted()
        let eligible = [f.admin, f.moderatorA, f.moderatorB, secondAdmin].map(\.memberID.rawValue).sorted()
        #expect(recipients == eligible, "one message each for the active moderators and admins, nobody else")
        for row in rows {
            let parameters = try JSONDecoder().decode([String: String].self, from: Data((row["parameters_json"] as String).utf8))
            #expect(parameters == ["member_id": member.memberID.rawValue, "member_name": "李建国", "case_id": caseID.rawValue, "strikes": "3"])
            #expect(row["subject"] as String == "case:\(caseID)")
            #expect(!(row["parameters_json"] as String).contains(f.resident.memberID.rawValue), "the reporter is named")
        }
    }
}
