import Foundation
import GRDB
import LinliDomain
import LinliTrust
import Testing
@testable import LinliStore

/// Session 32 walk (helper 108): what one member of staff may decide alone. A moderator banned
/// anyone by hand or through a case and lifted an admin's ban, although the rule file bounds their
/// suspensions; an admin who acted for a resident decided her appeals and cases; station staff
/// verified a housemate, a moderator and an admin.
@Suite struct StaffAuthorityTests {
    func code(_ body: () throws -> Any) -> String? {
        do { _ = try body(); return nil } catch let error as DomainError { return error.code } catch { return "\(error)" }
    }

    func setStatus(
        _ f: ExchangeFixture, _ status: MemberStatus, until: Date? = nil, of member: MemberID, as principal: Principal
    ) throws -> Member {
        try f.store.transactionSync { tx in
            try MemberCommands.changeStatus(
                tx, principal: principal, id: member, input: StatusChangeInput(status: status, reason: "测试", until: until),
                expectedVersion: nil, actor: f.actor(principal))
        }
    }

    func verify(_ f: ExchangeFixture, _ member: MemberID, _ verified: Bool = true, as principal: Principal) throws -> Member {
        try f.store.transactionSync { tx in
            try MemberCommands.setVerification(
                tx, principal: principal, id: member, input: VerificationInput(verified: verified, reason: "身份证现场核验"),
                expectedVersion: nil, actor: f.actor(principal))
        }
    }

    @Test func aModeratorNeitherBansNorLiftsWhatIsHeavierThanTheirOwnSanctions() throws {
        let f = try ExchangeFixture()
        let target = f.neighbour.memberID
        let day = f.clock.now().addingTimeInterval(86_400)
        #expect(code { try setStatus(f, .banned, of: target, as: f.moderator) } == "member.ban_needs_admin")
        #expect(try f.listings.storedMember(target).status == .active)

        // What an admin imposed beyond a moderator's bound stays until an admin changes it.
        for (status, until) in [(MemberStatus.banned, nil), (.suspended, nil), (.suspended, f.clock.now().addingTimeInterval(200 * 86_400))]
            as [(MemberStatus, Date?)]
        {
            _ = try setStatus(f, status, until: until, of: target, as: f.listings.admin)
            #expect(code { try setStatus(f, .active, of: target, as: f.moderator) } == "member.lift_needs_admin", "\(status) \(String(describing: until))")
            #expect(code { try setStatus(f, .suspended, until: day, of: target, as: f.moderator) } == "member.lift_needs_admin")
            _ = try setStatus(f, .active, of: target, as: f.listings.admin)
        }
        // Within the bound, moderators manage it between themselves.
        _ = try setStatus(f, .suspended, until: day, of: target, as: f.moderator)
        #expect(try setStatus(f, .active, of: target, as: f.listings.moderatorB).status == .active)
        // Restating an admin's ban is changing it too.
        _ = try setStatus(f, .banned, of: target, as: f.listings.admin)
        #expect(code { try setStatus(f, .banned, of: target, as: f.moderator) } == "member.lift_needs_admin")
    }

    /// One moderator moved 10,000 points from a member to a reporter (helper 108). Up to the
    /// credit limit a moderator decides; beyond it an admin does. Nothing is written on refusal.
    @Test func aModeratorsCompensationIsBoundedByTheCreditLimit() throws {
        let f = try ExchangeFixture()
        let caseID = try f.listings.fileReport(about: f.neighbour.memberID, as: f.resident).id
        let large = CaseResolutionInput.Action(kind: .compensate, points: 101, victimID: f.resident.memberID)
        #expect(code { try f.listings.claimAndResolve(caseID, [.init(kind: .warn), large], as: f.moderator) } == "case.compensation_needs_admin")
        #expect(try f.base.count("SELECT COUNT(*) FROM trust_case_actions") == 0)
        #expect(try f.base.count("SELECT COUNT(*) FROM ledger_transfers WHERE kind = 'compensation'") == 0)
        f.clock.advance(by: 901)
        let paid = try f.listings.claimAndResolve(caseID, [large], as: f.listings.admin)
        #expect(paid.first?.points == 101)
        // Nor past the credit limit, however many cases (helper 152 #3): the neighbour is at -101.
        let other = try f.listings.fileReport(about: f.neighbour.memberID, as: f.staff).id
        let refused = #expect(throws: DomainError.self) {
            try f.listings.claimAndResolve(other, [.init(kind: .compensate, points: 100, victimID: f.staff.memberID)], as: f.moderator)
        }
        #expect(refused?.code == "case.compensation_past_credit_limit")
        #expect(refused?.parameters["max"] == "0" && refused?.parameters["balance"] == "-101", "\(String(describing: refused?.parameters))")
        // Someone at 0 may be made to pay up to the limit.
        let (third, _) = try f.base.member("吴刚", in: f.listings.admin)
        let another = try f.listings.fileReport(about: third.id, as: f.staff).id
        #expect(try f.listings.claimAndResolve(
            another, [.init(kind: .compensate, points: 100, victimID: f.staff.memberID)], as: f.moderator).first?.points == 100)
    }

    /// Helper 152 #5: the notice of a case's suspension says until when, and when a longer one an
    /// admin imposed is in force, says that one: "7 days" sent her back on the wrong day.
    @Test func aCaseSuspensionsNoticeSaysUntilWhen() throws {
        let f = try ExchangeFixture()
        let target = f.neighbour.memberID
        func notice() throws -> MemberNotification? {
            try f.notices(of: target, kind: .actionTaken).last
        }
        let first = try f.listings.fileReport(about: target, as: f.resident).id
        _ = try f.listings.claimAndResolve(first, [.init(kind: .suspend, days: 7)], as: f.moderator)
        #expect(try notice()?.parameters["until"] != nil && notice()?.parameters["still"] == nil)
        _ = try setStatus(f, .suspended, until: f.clock.now().addingTimeInterval(200 * 86_400), of: target, as: f.listings.admin)
        let second = try f.listings.fileReport(about: target, as: f.staff).id
        _ = try f.listings.claimAndResolve(second, [.init(kind: .suspend, days: 7)], as: f.listings.admin)
        let told = try #require(try notice())
        #expect(told.parameters["still"] == "suspended" && told.parameters["still_until"] != nil && told.parameters["until"] == nil)
        #expect(told.text(in: .zhCN).contains("已因另一项处理暂停至"))

        // Suspended with no end (helper 162 #2): no date she would come back on in vain.
        _ = try setStatus(f, .suspended, until: nil, of: target, as: f.listings.admin)
        let third = try f.listings.fileReport(about: target, as: f.moderator).id
        _ = try f.listings.claimAndResolve(third, [.init(kind: .suspend, days: 7)], as: f.listings.admin)
        let open = try #require(try notice())
        #expect(open.parameters["still"] == "suspended" && open.parameters["still_until"] == nil && open.parameters["until"] == nil)
        #expect(open.text(in: .zhCN).contains("暂无结束时间"), "\(open.text(in: .zhCN))")
    }

    @Test func anAdminWhoActedForAResidentDoesNotJudgeHer() throws {
        let f = try ExchangeFixture()
        let admin = f.listings.admin
        let consent = try f.store.transactionSync { tx in
            try ProxyConsentCommands.grant(
                tx, principal: f.neighbour, input: NewProxyConsentInput(memberID: nil, agentID: admin.memberID, expiresAt: nil, note: nil),
                actor: f.actor(f.neighbour))
        }
        // Ended since: what she did in her name still stands between them.
        _ = try f.store.transactionSync { tx in
            try ProxyConsentCommands.revoke(
                tx, principal: f.neighbour, id: consent.id, input: ProxyRevocationInput(reason: nil), expectedVersion: nil,
                actor: f.actor(f.neighbour))
        }
        let caseID = try f.listings.fileReport(about: f.neighbour.memberID, as: f.resident).id
        #expect(code {
            try f.store.transactionSync { tx in
                try CaseCommands.claim(tx, principal: admin, id: caseID, leaseSeconds: 900, actor: f.actor(admin))
            }
        } == "moderation.acts_for_member")
        #expect(code { try f.base.database.readSync { db in try CaseQueries.detail(db, principal: admin, id: caseID) } } == "moderation.acts_for_member")
        // Nor is it in the queues she reads (helper 109): a list of what she cannot open.
        func queued(_ principal: Principal) throws -> [CaseID] {
            try f.base.database.readSync { db in
                try CaseQueries.list(db, principal: principal, status: .open, page: PageRequest(after: nil, limit: 20)).items.map(\.id)
            }
        }
        #expect(try queued(admin).contains(caseID) == false)
        #expect(try queued(f.moderator).contains(caseID))
        let action = try f.listings.claimAndResolve(caseID, [.init(kind: .warn)], as: f.listings.moderatorB)[0]
        let appeal = try f.listings.fileAppeal(action.id, as: f.neighbour)
        func appeals(_ principal: Principal) throws -> [AppealID] {
            try f.base.database.readSync { db in
                try AppealQueries.list(db, principal: principal, status: .pending, page: PageRequest(after: nil, limit: 20)).items.map(\.appeal.id)
            }
        }
        #expect(try appeals(admin).isEmpty)
        #expect(try appeals(f.moderator) == [appeal.id])
        #expect(code {
            try f.store.transactionSync { tx in
                try AppealCommands.decide(
                    tx, principal: admin, id: appeal.id, overturn: true, reason: "证据不足", limits: .standard, listings: f.listings.services,
                    actor: f.actor(admin))
            }
        } == "moderation.acts_for_member")
        #expect(code { try setStatus(f, .suspended, until: f.clock.now().addingTimeInterval(86_400), of: f.neighbour.memberID, as: admin) }
            == "moderation.acts_for_member")
        // Someone else decides; and the agent still records her household at the desk, and verifies her.
        #expect(code {
            try f.store.transactionSync { tx in
                try AppealCommands.decide(
                    tx, principal: f.moderator, id: appeal.id, overturn: false, reason: "维持", limits: .standard, listings: f.listings.services,
                    actor: f.actor(f.moderator))
            }
        } == nil)
        #expect(try verify(f, f.neighbour.memberID, as: admin).verified)
    }

    @Test func verificationIsNeitherAHousematesNorOneStaffMemberVouchingForAnother() throws {
        let f = try ExchangeFixture()
        try f.household(of: [f.staff.memberID, f.neighbour.memberID], name: "3号楼 202", area: "南门")
        #expect(code { try verify(f, f.neighbour.memberID, as: f.staff) } == "moderation.own_household")
        #expect(code { try verify(f, f.neighbour.memberID, false, as: f.staff) } == "moderation.own_household")
        #expect(try f.listings.storedMember(f.neighbour.memberID).verified == false)
        #expect(try verify(f, f.resident.memberID, as: f.staff).verified, "a resident of another household")
        for staffMember in [f.moderator.memberID, f.listings.admin.memberID] {
            #expect(code { try verify(f, staffMember, as: f.staff) } == "forbidden")
        }
        #expect(try verify(f, f.moderator.memberID, as: f.listings.admin).verified, "an admin's to decide")
    }
}
