import Foundation
import LinliDomain
import LinliStore
import Testing

/// Helper 114: a time listing with a `start_at`/`end_at` window longer than its `duration_minutes`
/// ("tonight 18:00–24:00, two hours") was valued on the whole window — two hours of care priced
/// as six, a 30-minute errand in a 24-hour window at 284 points, past the rule file's longest
/// session. The session is valued on its duration.
@Suite struct AvailabilityWindowValuationTests {
    @Test func aSessionWithinALongerWindowIsValuedOnItsDuration() throws {
        let f = try ExchangeFixture()
        let start = f.clock.now().addingTimeInterval(2 * 3600)
        func listing(window hours: Double, minutes: Int?) -> ListingContent {
            ListingContent(
                direction: .offer, kind: .time, categoryCode: "errands", title: "陪同买菜", description: "今晚有空", area: "南门",
                startAt: start, endAt: start.addingTimeInterval(hours * 3600), durationMinutes: minutes, intensity: .light)
        }
        let withinSixHours = try f.listings.publish(listing(window: 6, minutes: 120))
        let unscheduled = try f.timeListing(category: "errands", minutes: 120)
        #expect(withinSixHours.valuation.points == unscheduled.valuation.points, "valued as 120 minutes, not 360")
        let errand = try f.listings.post(listing(window: 23, minutes: 30)).listing  // a half-hour errand some time that day
        #expect(errand.valuation.points == (try f.timeListing(category: "errands", minutes: 30)).valuation.points)

        // Booked late in the window for an hour: the hour is re-priced against the listed two
        // hours as durations, not as a stretch moved to the window's start.
        let exchange = try f.request(withinSixHours, start: start.addingTimeInterval(4 * 3600))
        let accepted = try f.accept(exchange).exchange
        #expect(accepted.points == withinSixHours.valuation.points)
        f.clock.advance(by: 9 * 3600)
        let done = try f.complete(try f.reportMinutes(accepted, 60), minutes: 60)
        let hour = try f.timeListing(category: "errands", minutes: 60)
        #expect(done.settledPoints == ExchangeSettlementPlan.scaled(held: accepted.points, actual: hour.valuation.points, scheduled: unscheduled.valuation.points))
        #expect(try f.verify().isClean)
    }
}
