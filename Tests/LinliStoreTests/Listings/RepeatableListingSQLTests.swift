import Foundation
import GRDB
import LinliDomain
import Testing
@testable import LinliStore

/// `RepeatableListingSQL` says in SQL what `ListingContent.isRepeatable` says in Swift: every
/// direction, kind and window is run through both and must agree.
@Suite struct RepeatableListingSQLTests {
    static let at = Date(timeIntervalSince1970: 1_800_000_000)

    static let shapes: [(ListingDirection, ListingKind, fixed: Bool)] = ListingDirection.allCases.flatMap { direction in
        ListingKind.allCases.flatMap { kind in [(direction, kind, fixed: false), (direction, kind, fixed: true)] }
    }

    @Test(arguments: shapes.indices)
    func agreesWithTheDomain(_ index: Int) throws {
        let (direction, kind, fixed) = Self.shapes[index]
        let content = ListingContent(
            direction: direction, kind: kind, categoryCode: "errands", title: "t", description: "d",
            startAt: fixed ? Self.at : nil, endAt: fixed ? Self.at.addingTimeInterval(3600) : nil,
            availability: kind == .time && !fixed ? [WeeklySlot(weekday: 2, from: "09:00", to: "11:00")] : nil,
            durationMinutes: kind == .item ? nil : 60)
        let queue = try DatabaseQueue()
        let inSQL = try queue.read { db in
            try Bool.fetchOne(
                db,
                sql: "SELECT \(RepeatableListingSQL.condition("l")) FROM (SELECT ? AS direction, ? AS kind, ? AS start_at) AS l",
                arguments: [direction.rawValue, kind.rawValue, StoredTime.text(content.startAt)])
        }
        #expect(inSQL == content.isRepeatable, "\(direction.rawValue) \(kind.rawValue), fixed window: \(fixed)")
    }
}
