import Foundation
import GRDB
import LinliDomain
@testable import LinliStore
import Testing

/// `ExchangeNames.fetch`: a page of exchanges read by title and both sides' names in one read,
/// each exchange keyed to its own listing and sides (not the first row's, nor another page's).
@Suite struct ExchangeNamesTests {
    @Test func everyExchangeOfAPageGetsItsOwnTitleAndSides() throws {
        let f = try ExchangeFixture()
        let third = try f.base.member("吴刚", in: f.listings.admin)
        let ladder = try f.offer("折叠梯")
        let walk = try f.timeListing()
        let drill = try f.offer("电钻", as: f.neighbour)
        let first = try f.request(ladder)
        let second = try f.request(walk, as: third.1)
        let borrowing = try f.request(drill, as: third.1)
        let names = try f.base.database.readSync { db in try ExchangeNames.fetch(db, [first, second, borrowing]) }
        let resident = try f.base.database.readSync { db in try String.fetchOne(db, sql: "SELECT display_name FROM members WHERE id = ?", arguments: [f.resident.memberID.rawValue]) }
        let neighbour = try f.base.database.readSync { db in try String.fetchOne(db, sql: "SELECT display_name FROM members WHERE id = ?", arguments: [f.neighbour.memberID.rawValue]) }
        #expect(names.count == 3)
        #expect(names[first.id] == ExchangeNames(listingTitle: "折叠梯", requesterName: try #require(neighbour), ownerName: try #require(resident)))
        #expect(names[second.id] == ExchangeNames(listingTitle: walk.content.title, requesterName: "吴刚", ownerName: try #require(resident)))
        #expect(names[borrowing.id] == ExchangeNames(listingTitle: "电钻", requesterName: "吴刚", ownerName: try #require(neighbour)))
        #expect(try f.base.database.readSync { db in try ExchangeNames.fetch(db, []) }.isEmpty)
    }
}
