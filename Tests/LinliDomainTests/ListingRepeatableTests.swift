import Foundation
import LinliDomain
import Testing

/// Which listings stay open after an exchange (`ListingContent.isRepeatable`).
@Suite struct ListingRepeatableTests {
    static let at = Date(timeIntervalSince1970: 1_800_000_000)
    static let weekly = [WeeklySlot(weekday: 2, from: "09:00", to: "11:00")]

    static func content(_ direction: ListingDirection, _ kind: ListingKind, fixed: Bool = false) -> ListingContent {
        ListingContent(
            direction: direction, kind: kind, categoryCode: "errands", title: "t", description: "d",
            startAt: fixed ? at : nil, endAt: fixed ? at.addingTimeInterval(3600) : nil,
            availability: kind == .time && !fixed ? weekly : nil, durationMinutes: kind == .item ? nil : 60)
    }

    static let cases: [(String, ListingContent, Bool)] = [
        ("time offered weekly", content(.offer, .time), true),
        ("time offered once", content(.offer, .time, fixed: true), false),
        ("a skill offered", content(.offer, .skill), true),
        ("an item offered", content(.offer, .item), false),
        ("time asked for weekly", content(.request, .time), false),
        ("a skill asked for", content(.request, .skill), false),
        ("an item asked for", content(.request, .item), false),
    ]

    @Test(arguments: cases.indices)
    func repeatable(_ index: Int) {
        let (name, content, expected) = Self.cases[index]
        #expect(content.isRepeatable == expected, "\(name)")
    }
}
