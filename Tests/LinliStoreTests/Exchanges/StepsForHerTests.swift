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
