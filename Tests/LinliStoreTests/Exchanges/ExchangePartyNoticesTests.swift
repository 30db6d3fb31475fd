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

    /// Helper 131: the payer marked absent read "the other side did not show up" on her
    /// statement, and her notice named the penalty but not the held points that came back.
    @Test func thePayerMarkedAbsentReadsHerOwnSide() throws {
        let f = try ExchangeFixture()
        let accepted = try f.accept(try f.request(try f.offer())).exchange
        f.clock.advance(by: 2 * 3600)
        _ = try f.noShow(accepted, as: f.resident, absent: f.neighbour.memberID)
        let reasons = try f.base.database.readSync { db in
            try String.fetchAll(
                db, sql: "SELECT reason FROM ledger_transfers WHERE kind = 'release' AND reference = ?", arguments: ["exchange:\(accepted.id)"])
        }
        #expect(reasons == ["本人被登记未到场，交换结束，退回预留积分"], "\(reasons)")
        let told = try #require(try f.notices(of: f.neighbour.memberID, kind: .noShowRecorded).first)
        #expect(told.parameters["refunded"] == String(accepted.points))
        #expect(told.text(in: .zhCN).contains("积分已退回您的账户"), "\(told.text(in: .zhCN))")
        // The provider marked absent reads the other side's absence as before.
        let other = try f.reportedNoShow()
        #expect(try f.notices(of: f.resident.memberID, kind: .noShowRecorded).allSatisfy { $0.parameters["refunded"] == nil })
        _ = other
    }

    /// Helper 131: a dispute the provider opened read to the payer as a complaint about the
    /// service; it now says the provider disputed.
    @Test func aProvidersDisputeReadsAsTheProviders() throws {
        let f = try ExchangeFixture()
        let accepted = try f.accept(try f.request(try f.offer())).exchange
        _ = try f.dispute(accepted, as: f.resident)
        let told = try #require(try f.notices(of: f.neighbour.memberID, kind: .exchangeDisputed).first)
        #expect(told.parameters["by"] == "provider")
        #expect(told.text(in: .zhCN).contains("提供方"), "\(told.text(in: .zhCN))")
    }

    /// Helper 131: the provider was not told she had been paid.
    @Test func theProviderHearsSheWasPaid() throws {
        let f = try ExchangeFixture()
        let accepted = try f.accept(try f.request(try f.offer())).exchange
        _ = try f.complete(accepted)
        let paid = try #require(try f.notices(of: f.resident.memberID, kind: .exchangeCompleted).first)
        #expect(paid.parameters["points"] == String(accepted.points) && paid.parameters["held"] == nil)
        #expect(paid.text(in: .en).contains("points were paid to you"), "\(paid.text(in: .en))")
        #expect(try f.notices(of: f.neighbour.memberID, kind: .exchangeCompleted).isEmpty, "the payer confirmed it herself")
    }

    /// Helper 131: the owner's word with a decline was dropped; the requester reads it now.
    @Test func aDeclineCarriesTheOwnersWord() throws {
        let f = try ExchangeFixture()
        let requested = try f.request(try f.offer())
        _ = try f.store.transactionSync { tx in
            try ExchangeCommands.decline(
                tx, principal: f.resident, id: requested.id, input: ExchangeReasonInput(reason: "已经有人帮忙了"), expectedVersion: nil,
                actor: f.actor(f.resident))
        }
        let told = try #require(try f.notices(of: f.neighbour.memberID, kind: .exchangeDeclined).first)
        #expect(told.parameters["reason"] == "已经有人帮忙了")
        #expect(told.text(in: .zhCN).contains("说明：已经有人帮忙了"), "\(told.text(in: .zhCN))")
    }

    /// Helper 131: a second neighbour asking for the same item heard nothing when the owner
    /// promised it to the first; now she hears her request stays open in case that falls through.
    @Test func theOthersWaitingHearTheItemWasPromised() throws {
        let f = try ExchangeFixture()
        let ladder = try f.offer()
        let first = try f.request(ladder)
        let (_, third) = try f.base.member("赵阿姨", role: .resident, in: f.listings.admin)
        let second = try f.request(ladder, as: third)
        _ = try f.accept(first)
        let told = try #require(try f.notices(of: third.memberID, kind: .exchangeListingPromised).first)
        #expect(told.parameters["exchange_id"] == second.id.rawValue)
        #expect(told.text(in: .zhCN).contains("仍然保留"), "\(told.text(in: .zhCN))")
        #expect(try f.notices(of: f.neighbour.memberID, kind: .exchangeListingPromised).isEmpty, "not the one accepted")
    }
}
