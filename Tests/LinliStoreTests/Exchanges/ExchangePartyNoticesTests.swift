import Foundation
import GRDB
import LinliDomain
import Testing
@testable import LinliStore

/// Helper 127: the owner was not told that a neighbour asked for her listing, nor the requester
/// that her request was accepted and her points held. Now each hears it in her inbox, with the
/// points, the time and who pays.
@Suite struct ExchangePartyNoticesTests {
    @Test func theOwnerHearsOfARequestAndTheRequesterOfTheAcceptance() throws {
        let f = try ExchangeFixture()
        let exchange = try f.request(try f.offer())
        let asked = try #require(try f.notices(of: f.resident.memberID, kind: .exchangeRequested).first)
        #expect(asked.parameters["exchange_id"] == exchange.id.rawValue && asked.parameters["pays"] == "no")
        #expect(asked.parameters["points"] == String(exchange.points) && asked.parameters["starts_at"] != nil)
        #expect(asked.text(in: .zhCN).contains("申请了您的“折叠梯”"), "\(asked.text(in: .zhCN))")
        #expect(try f.notices(of: f.neighbour.memberID, kind: .exchangeAccepted).isEmpty)

        _ = try f.accept(exchange)
        let accepted = try #require(try f.notices(of: f.neighbour.memberID, kind: .exchangeAccepted).first)
        #expect(accepted.parameters["pays"] == "yes" && accepted.parameters["points"] == String(exchange.points))
        #expect(accepted.text(in: .en).contains("points are held from your account"), "\(accepted.text(in: .en))")
        #expect(try f.notices(of: f.resident.memberID, kind: .exchangeAccepted).isEmpty, "the owner accepted: she knows")
    }

    /// On a request listing the owner pays: she hears that accepting holds her points, and the
    /// helper that she will earn them.
    @Test func onARequestListingTheOwnerHearsSheWouldPay() throws {
        let f = try ExchangeFixture()
        let exchange = try f.request(try f.timeListing(direction: .request))
        let asked = try #require(try f.notices(of: f.resident.memberID, kind: .exchangeRequested).first)
        #expect(asked.parameters["pays"] == "yes")
        #expect(asked.text(in: .en).contains("offered to help"), "\(asked.text(in: .en))")
        _ = try f.accept(exchange)
        let accepted = try #require(try f.notices(of: f.neighbour.memberID, kind: .exchangeAccepted).first)
        #expect(accepted.parameters["pays"] == "no")
        #expect(accepted.text(in: .zhCN).contains("完成后您将获得"), "\(accepted.text(in: .zhCN))")
    }
}
