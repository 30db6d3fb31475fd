import Foundation
import LinliDomain
import Testing

/// The duration a time listing is valued on, and the same listing at other minutes: a fixed window
/// that is the session counts (and moves its end), otherwise `duration_minutes` does (a window
/// longer than the duration is when the session may be, helper 114).
@Suite struct ListingContentDurationTests {
    static let start = Date(timeIntervalSince1970: 1_800_000_000)

    static func content(window: Int?, duration: Int?) -> ListingContent {
        ListingContent(
            direction: .offer, kind: .time, categoryCode: "errands", title: "陪同买菜", description: "周六上午",
            startAt: window.map { _ in start }, endAt: window.map { start.addingTimeInterval(TimeInterval($0) * 60) },
            durationMinutes: duration, intensity: .light)
    }

    @Test(arguments: [
        (60, 60, 60), (90, 60, 60), (1_440, 30, 30), (nil, 45, 45), (nil, nil, nil), (120, nil, 120),
    ] as [(Int?, Int?, Int?)])
    func valuedMinutes(window: Int?, duration: Int?, valued: Int?) {
        #expect(Self.content(window: window, duration: duration).valuedMinutes == valued)
    }

    @Test(arguments: [(60 as Int?, 30), (nil, 30), (60, 90)])
    func lasting(window: Int?, minutes: Int) {
        let changed = Self.content(window: window, duration: 60).lasting(minutes: minutes)
        #expect(changed.durationMinutes == minutes && changed.valuedMinutes == minutes)
        #expect(changed.startAt == (window == nil ? nil : Self.start))
        #expect(changed.availability == nil && changed.title == "陪同买菜")
    }

    @Test func aSessionWithinALongerWindowKeepsTheWindow() {
        let changed = Self.content(window: 360, duration: 120).lasting(minutes: 90)
        #expect(changed.durationMinutes == 90 && changed.valuedMinutes == 90)
        #expect(changed.startAt == Self.start && changed.endAt == Self.start.addingTimeInterval(360 * 60))
        #expect(changed.valuationInput.sessionWindow == nil)
        #expect(Self.content(window: 120, duration: nil).valuationInput.sessionWindow?.end == Self.start.addingTimeInterval(120 * 60))
    }
}
