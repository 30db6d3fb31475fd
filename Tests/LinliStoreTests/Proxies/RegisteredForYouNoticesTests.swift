import Foundation
import GRDB
import LinliDomain
@testable import LinliStore
import Testing

/// A resident hears of a listing or a request staff registered in her name (session 21 review:
/// consents, tokens and event registrations told her; these two did not). Her own work tells nobody.
@Suite struct RegisteredForYouNoticesTests {
    func inbox(_ f: ExchangeFixture, _ principal: Principal) throws -> [MemberNotification] {
        try f.base.database.readSync { db in
            try MemberNotifications.list(db, principal: principal, unreadOnly: false, page: PageRequest(after: nil, limit: 50)).items
        }
    }

    @Test func aListingStaffRegisteredForHerIsToldToHer() throws {
        let f = try ExchangeFixture()
        _ = try f.listings.post(ListingFixture.item("自己的台灯"))
        let walker = try f.listings.post(ListingFixture.item("代登记的助行器"), as: f.staff, owner: f.resident.memberID).listing
        let told = try inbox(f, f.resident).filter { $0.kind == .listingRegisteredForYou }
        #expect(told.count == 1, "only the listing staff registered")
        #expect(told.first?.subject == "listing:\(walker.id)")
        #expect(told.first?.parameters["listing_status"] == walker.status.rawValue)
        #expect(told.first?.text(in: .zhCN).hasPrefix("工作人员 陈静 以您的名义登记了“代登记的助行器”") == true)
        // An offer: she is to provide it, not pay (helper 144 #10).
        #expect(told.first?.text(in: .zhCN).contains("需要您按约定的时间提供") == true, "\(told.first?.text(in: .zhCN) ?? "")")
        #expect(told.first?.text(in: .zhCN).contains("从您的账户支付") == false)
    }

    @Test func aRequestStaffMadeForHerIsToldToHerWithWhetherSheCouldPay() throws {
        let f = try ExchangeFixture()
        let ladder = try f.offer(as: f.neighbour)
        _ = try f.request(try f.offer("电钻", as: f.neighbour), as: f.resident)
        let asked = try f.request(ladder, as: f.staff, for: f.resident.memberID)
        let told = try inbox(f, f.resident).filter { $0.kind == .exchangeRequestedForYou }
        #expect(told.count == 1, "only the request staff made")
        let notice = try #require(told.first)
        #expect(notice.subject == "exchange:\(asked.id)")
        #expect(notice.parameters["pays"] == "yes" && notice.parameters["points"] == String(asked.points))
        #expect(notice.text(in: .en).contains("\(asked.points) points are held from your account"))
        // The neighbour on the other side hears nothing of this kind.
        #expect(try inbox(f, f.neighbour).allSatisfy { $0.kind != .exchangeRequestedForYou })
    }
}
