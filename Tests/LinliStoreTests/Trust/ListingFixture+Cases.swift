import Foundation
import LinliDomain
import Testing
@testable import LinliStore

/// Case steps as one use case each, for the tests of reports, resolutions and appeals.
extension ListingFixture {
    func fileReport(about member: MemberID, as reporter: Principal, text: String = "骚扰邻居") throws -> ModerationCase {
        try fileReport(on: .member, member.rawValue, category: .harassment, as: reporter, text: text)
    }

    /// A report of any target (a listing, an exchange), joining or opening its case.
    func fileReport(
        on targetType: ReportTargetType, _ targetID: String, category: ReportCategory, as reporter: Principal, text: String
    ) throws -> ModerationCase {
        try store.transactionSync { tx in
            try ReportCommands.file(
                tx, principal: reporter, input: ReportInput(targetType: targetType, targetID: targetID, category: category, text: text),
                policies: TrustPolicies())
        }.moderationCase
    }

    func claimAndResolve(_ id: CaseID, _ actions: [CaseResolutionInput.Action], as moderator: Principal) throws -> [CaseAction] {
        try store.transactionSync { tx in
            _ = try CaseCommands.claim(tx, principal: moderator, id: id, leaseSeconds: 900, actor: .member(moderator, requestID: nil))
            return try CaseCommands.resolve(
                tx, principal: moderator, id: id, input: CaseResolutionInput(actions: actions, reason: "核实属实"), policies: TrustPolicies(),
                services: services, limits: .standard, actor: .member(moderator, requestID: nil)).actions
        }
    }

    func fileAppeal(_ action: CaseActionID, as member: Principal) throws -> Appeal {
        try store.transactionSync { tx in
            try AppealCommands.file(tx, principal: member, action: action, text: "处理有误，请复核", policies: TrustPolicies(), actor: .member(member, requestID: nil))
        }
    }

    @discardableResult
    func overturnAppeal(_ appeal: AppealID, as moderator: Principal) throws -> Appeal {
        try store.transactionSync { tx in
            try AppealCommands.decide(
                tx, principal: moderator, id: appeal, overturn: true, reason: "证据不足", limits: .standard, listings: services,
                actor: .member(moderator, requestID: nil))
        }
    }

    /// The next local day comes (the clock moves a day on) and the service pays the report
    /// rewards due (`ReportRewards.payDue`, as the `report-rewards` periodic task does).
    @discardableResult
    func payReportRewardsNextDay() throws -> ReportRewards.Round {
        clock.advance(by: 86_400)
        return try store.transactionSync { tx in try ReportRewards.payDue(tx, rules: services.rules) }
    }

    /// Records `members` as one household (a new one, named `name`).
    func shareHousehold(_ members: [MemberID], name: String = "3号楼 101") throws {
        let household = try store.transactionSync { tx in
            try HouseholdCommands.create(
                tx, community: admin.communityID, input: NewHouseholdInput(name: name, area: nil), principal: admin, actor: .commandLine)
        }
        for member in members {
            try base.database.writeSync { db in
                try db.execute(sql: "UPDATE members SET household_id = ? WHERE id = ?", arguments: [household.id.rawValue, member.rawValue])
            }
        }
    }

    /// The member as stored now.
    func storedMember(_ id: MemberID) throws -> Member {
        try base.database.readSync { db in try MemberCommands.fetch(db, community: resident.communityID, id: id) }
    }
}
