import Foundation
import GRDB
import LinliDomain
import Testing
@testable import LinliStore

/// Helper 140: station staff withdrew a dispute, rated the other side and contested a no-show in a
/// resident's name, and she was told none of it: she waited for a decision that would not come,
/// her own rating was refused, and the first she heard of "her" contest was that it failed.
@Suite struct StepsForHerTests {
    func steps(_ f: ExchangeFixture) throws -> [String] {
        try f.notices(of: f.neighbour.memberID, kind: .exchangeStepForYou).compactMap { $0.parameters["step"] }
    }

    @Test func aDisputeWithdrawnAndARatingInHerNameAreTold() throws {
        let f = try ExchangeFixture()
        let accepted = try f.accept(try f.request(try f.offer(), as: f.staff, for: f.neighbour.memberID)).exchange
        let disputed = try f.dispute(accepted, as: f.staff)
        _ = try f.withdrawDispute(disputed, as: f.staff)
        #expect(try steps(f).suffix(2) == ["disputed", "dispute_withdrawn"])
        let current = try f.store.database.readSync { db in try ExchangePersistence.fetch(db, community: accepted.communityID, id: accepted.id) }
        let done = try f.complete(current, as: f.staff)
        _ = try f.store.transactionSync { tx in
            try RatingCommands.rate(
                tx, principal: f.staff, exchange: done.id, input: RatingInput(stars: 2, comment: "梯子有点晃"), services: f.services,
                actor: f.actor(f.staff))
        }
        let rated = try #require(try f.notices(of: f.neighbour.memberID, kind: .exchangeStepForYou).last)
        #expect(rated.parameters["step"] == "rated" && rated.parameters["stars"] == "2")
        #expect(rated.text(in: .zhCN).contains("打了 2 星，评语：梯子有点晃"), "\(rated.text(in: .zhCN))")
    }

    /// Helper 140: a no-show recorded in her name did not say her held points came back.
    @Test func aNoShowRecordedInHerNameSaysHerPointsCameBack() throws {
        let f = try ExchangeFixture()
        let accepted = try f.accept(try f.request(try f.offer(), as: f.staff, for: f.neighbour.memberID)).exchange
        f.clock.advance(by: 2 * 3600)
        // In her name, it says what happened (helper 144 #3), and the other side reads it.
        #expect(ExchangeFixture.errorCode { _ = try f.noShow(accepted, as: f.staff) } == "validation_failed")
        _ = try f.noShow(accepted, as: f.staff, reason: "约好九点在楼下，等到九点半没来")
        let absentTold = try #require(try f.notices(of: f.resident.memberID, kind: .noShowRecorded).last)
        #expect(absentTold.text(in: .zhCN).contains("登记时的说明：约好九点在楼下，等到九点半没来。"), "\(absentTold.text(in: .zhCN))")
        #expect(absentTold.text(in: .zhCN).contains("交换“折叠梯”"), "named by what it was about")
        let told = try #require(try f.notices(of: f.neighbour.memberID, kind: .exchangeStepForYou).last)
        #expect(told.parameters["step"] == "no_show_reported" && told.parameters["refunded"] == String(accepted.points))
        #expect(told.text(in: .zhCN).contains("的对方（王秀英）爽约，为它预留的 \(accepted.points) 积分已退回您的账户"), "\(told.text(in: .zhCN))")
    }

    @Test func aContestInHerNameIsTold() throws {
        let f = try ExchangeFixture()
        let accepted = try f.accept(try f.request(try f.offer(), as: f.staff, for: f.neighbour.memberID)).exchange
        f.clock.advance(by: 2 * 3600)
        let recorded = try f.noShow(accepted, as: f.resident)
        _ = try f.contest(recorded, as: f.staff, reason: "王阿姨说她当天在驿站门口等")
        let told = try #require(try f.notices(of: f.neighbour.memberID, kind: .exchangeStepForYou).last)
        #expect(told.parameters["step"] == "no_show_contested")
        #expect(told.text(in: .zhCN).contains("提出了申辩（理由：王阿姨说她当天在驿站门口等）"), "\(told.text(in: .zhCN))")
    }
}

/// Helper 140: staff edited, submitted and withdrew a resident's listing in her name; she was told
/// only that it had passed review, two seconds before it was withdrawn.
@Suite struct ListingStepsForHerTests {
    @Test func editsSubmissionsAndWithdrawalsInHerNameAreTold() throws {
        let f = try ListingFixture()
        let draft = try f.post(ListingFixture.item("助行器"), as: f.staff, owner: f.neighbour.memberID, submit: false).listing
        var content = draft.content
        content.description = "九成新，带防滑脚垫。"
        _ = try f.replace(draft.id, with: content, as: f.staff)
        _ = try f.store.transactionSync { tx in
            try ListingCommands.submit(tx, principal: f.staff, id: draft.id, expectedVersion: nil, services: f.services, actor: .member(f.staff, requestID: nil))
        }
        _ = try f.store.transactionSync { tx in
            try ListingCommands.withdraw(tx, principal: f.staff, id: draft.id, expectedVersion: nil, services: f.services, actor: .member(f.staff, requestID: nil))
        }
        let told = try f.base.database.readSync { db in
            try Row.fetchAll(
                db, sql: "SELECT * FROM member_notifications WHERE member_id = ? AND kind = 'listing_step_for_you' ORDER BY id",
                arguments: [f.neighbour.memberID.rawValue]
            ).map(MemberNotifications.decode)
        }
        #expect(told.compactMap { $0.parameters["step"] } == ["edited", "submitted", "withdrawn"])
        #expect(told.last?.text(in: .zhCN).hasSuffix("以您的名义撤下了您的发布“助行器”，邻居们不再能申请它。如不是您本人的意思，请联系社区服务站。") == true)
        // Her own steps tell her nothing.
        let own = try f.post(ListingFixture.item("收音机"), as: f.neighbour).listing
        _ = try f.store.transactionSync { tx in
            try ListingCommands.withdraw(tx, principal: f.neighbour, id: own.id, expectedVersion: nil, services: f.services, actor: .member(f.neighbour, requestID: nil))
        }
        #expect(try f.base.count("SELECT COUNT(*) FROM member_notifications WHERE kind = 'listing_step_for_you'") == 3)
    }
}

/// Helper 140: staff revoked a resident's verification (her credit fell) and moved her out of her
/// son's household (which opened trades between them), and she heard nothing.
@Suite struct ProfileChangesForHerTests {
    @Test func changesToHerAccountBySomeoneElseAreTold() throws {
        let f = try ListingFixture()
        let household = try f.store.transactionSync { tx in
            try HouseholdCommands.create(
                tx, community: f.staff.communityID, input: NewHouseholdInput(name: "5号楼 301", area: "南门"), principal: f.admin,
                actor: .member(f.admin, requestID: nil))
        }
        _ = try f.store.transactionSync { tx in
            try MemberCommands.updateProfile(
                tx, principal: f.staff, id: f.neighbour.memberID,
                patch: MemberProfilePatch(phone: .value("13900009999"), householdID: .value(household.id)), expectedVersion: nil,
                actor: .member(f.staff, requestID: nil))
        }
        _ = try f.store.transactionSync { tx in
            try MemberCommands.setVerification(
                tx, principal: f.staff, id: f.neighbour.memberID, input: VerificationInput(verified: true, reason: "核对了身份证"), expectedVersion: nil,
                actor: .member(f.staff, requestID: nil))
        }
        let told = try f.base.database.readSync { db in
            try Row.fetchAll(
                db, sql: "SELECT * FROM member_notifications WHERE member_id = ? AND kind = 'profile_changed_for_you' ORDER BY id",
                arguments: [f.neighbour.memberID.rawValue]
            ).map(MemberNotifications.decode)
        }
        #expect(told.count == 2)
        #expect(told.first?.text(in: .zhCN).contains("修改了您的账户资料：手机号、所属住户。") == true, "\(told.first?.text(in: .zhCN) ?? "")")
        #expect(told.last?.text(in: .en).contains("verified your real name") == true)
        // Her own change tells her nothing.
        _ = try f.store.transactionSync { tx in
            try MemberCommands.updateProfile(
                tx, principal: f.neighbour, id: f.neighbour.memberID, patch: MemberProfilePatch(displayName: .value("王阿姨")), expectedVersion: nil,
                actor: .member(f.neighbour, requestID: nil))
        }
        #expect(try f.base.count("SELECT COUNT(*) FROM member_notifications WHERE kind = 'profile_changed_for_you'") == 2)
    }
}
