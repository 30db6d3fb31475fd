import Foundation
import GRDB
import LinliDomain
@testable import LinliStore
import Testing

/// Helper 144 #4: the helper cancelled the walk the desk had arranged for 王秀英; only her inbox
/// heard, and the staff member who could phone her heard nothing. What she is told about an
/// exchange the desk registered for her is forwarded to them, as for events.
@Suite struct ExchangeRegistrarNoticesTests {
    func forwarded(_ f: ExchangeFixture, to member: MemberID) throws -> [MemberNotification] {
        try f.base.database.readSync { db in
            try Row.fetchAll(
                db, sql: "SELECT * FROM member_notifications WHERE member_id = ? AND kind = 'exchange_news_for_registrar' ORDER BY id",
                arguments: [member.rawValue]
            ).map(MemberNotifications.decode)
        }
    }

    @Test func theDeskHearsWhatSheIsToldOfTheExchangeItArranged() throws {
        let f = try ExchangeFixture()
        let requested = try f.request(try f.offer("折叠梯"), as: f.staff, for: f.neighbour.memberID)
        let accepted = try f.accept(requested).exchange
        _ = try f.cancel(accepted, as: f.resident)
        let told = try forwarded(f, to: f.staff.memberID)
        #expect(told.map { $0.parameters["forwarded_kind"] } == ["exchange_accepted", "exchange_cancelled"])
        let zh = try #require(told.last?.text(in: .zhCN))
        #expect(zh.hasPrefix("转告 ") && zh.contains("本人可能看不到手机上的通知") && zh.contains("“折叠梯”"), "\(zh)")
        #expect(told.last?.text(in: .en).hasPrefix("For ") == true)
        // The forward names her other side (the owner), not the desk's: "对方（…）取消了".
        let ownerName = try f.base.database.readSync { db in try MemberCommands.fetch(db, community: f.resident.communityID, id: f.resident.memberID).displayName }
        #expect(told.last?.parameters["other_name"] == ownerName && zh.contains("对方（\(ownerName)）取消了"), "\(zh)")
        // Her own exchange, and the other side's inbox: nobody else is forwarded anything.
        _ = try f.request(try f.offer("台灯"))
        #expect(try f.base.count("SELECT COUNT(*) FROM member_notifications WHERE kind = 'exchange_news_for_registrar'") == 2)
    }

    /// A time exchange's notice shows when it is where its id stood: two bookings of one
    /// repeatable offer stay apart (helper 147 #11).
    @Test func aTimeExchangesNoticeShowsItsTime() throws {
        let f = try ExchangeFixture()
        let accepted = try f.accept(try f.request(try f.timeListing())).exchange
        let told = try #require(try f.notices(of: f.neighbour.memberID, kind: .exchangeAccepted).first)
        let when = EventLocalTime.text(accepted.scheduledStart, timeZoneID: "Asia/Shanghai")
        #expect(told.parameters["exchange_starts_at"] == when)
        #expect(!told.text(in: .zhCN).contains(accepted.id.rawValue) && told.text(in: .zhCN).contains(when), "\(told.text(in: .zhCN))")
    }

    /// Helper 146 #1: a step the desk took itself (a cancellation in her name) is not forwarded
    /// back to it.
    @Test func notNewsOfTheirOwnStep() throws {
        let f = try ExchangeFixture()
        let requested = try f.request(try f.offer("折叠梯"), as: f.staff, for: f.neighbour.memberID)
        _ = try f.cancel(requested, as: f.staff)
        #expect(try f.notices(of: f.neighbour.memberID, kind: .exchangeCancelled).count + f.notices(of: f.neighbour.memberID, kind: .exchangeStepForYou).count >= 1)
        #expect(try forwarded(f, to: f.staff.memberID).isEmpty)
    }

    /// Helper 146 #2: not when the other side is the desk's own housemate (registered work is not
    /// theirs to carry on against their own home, nor its news).
    @Test func notWhenTheOtherSideIsTheirHousemate() throws {
        let f = try ExchangeFixture()
        _ = try f.household(of: [f.staff.memberID, f.resident.memberID])
        let posted = try f.listings.post(ListingFixture.item("暖水瓶"), as: f.staff, owner: f.neighbour.memberID)
        let review = try #require(posted.review)
        _ = try f.listings.claim(review.id, as: f.listings.moderatorA)
        let published = try f.listings.decide(review.id, ReviewDecision(decision: .approve), as: f.listings.moderatorA).listing
        _ = try f.request(published, as: f.resident)
        #expect(try f.notices(of: f.neighbour.memberID, kind: .exchangeRequested).count == 1)
        #expect(try forwarded(f, to: f.staff.memberID).isEmpty)
    }

    /// Not once she has withdrawn a consent naming the staff member since the registration.
    @Test func notToStaffSheTurnedAway() throws {
        let f = try ExchangeFixture()
        let consent = try f.store.transactionSync { tx in
            try ProxyConsentCommands.grant(
                tx, principal: f.neighbour, input: NewProxyConsentInput(memberID: nil, agentID: f.staff.memberID, expiresAt: nil, note: nil),
                actor: f.actor(f.neighbour))
        }
        let requested = try f.request(try f.offer(), as: f.staff, for: f.neighbour.memberID)
        f.clock.advance(by: 60)
        _ = try f.store.transactionSync { tx in
            try ProxyConsentCommands.revoke(
                tx, principal: f.neighbour, id: consent.id, input: ProxyRevocationInput(reason: "我自己来"), expectedVersion: nil,
                actor: f.actor(f.neighbour))
        }
        _ = try f.accept(requested)
        #expect(try forwarded(f, to: f.staff.memberID).isEmpty)
    }
}
