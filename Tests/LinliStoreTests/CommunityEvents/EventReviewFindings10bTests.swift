import Foundation
import GRDB
import LinliDomain
import LinliStore
import Testing

/// Found by review 10b of the community events feature (2a1c8e0 and its fixes 18f1830): what the
/// first review did not look at. Each test fails on the code it was written against.
@Suite struct EventReviewFindings10bTests {
    func iso(_ date: Date) -> String { ISO8601DateFormatter().string(from: date) }

    /// Now: the periodic `events` task seats reinstated members through
    /// `fillWaitingLines`, which takes the first 100 events (soonest first) that have a free seat
    /// and someone waiting. An event whose line holds only a banned member (passed over for good)
    /// with a seat free stays in that set until it ends, so once 100 such events start earlier, the
    /// same 100 are looked at every round and a later event's reinstated first-in-line is never
    /// seated (the README promises they are "seated by the periodic `events` task once reinstated").
    /// Here: 100 one-seat markets in the next days, each with a free seat and only a banned member
    /// in line, and one market a week later whose first in line was suspended and is reinstated;
    /// three rounds of the task leave them waiting. Should: events where nobody in line may take the
    /// seat do not use up the batch (pick events with an active member waiting, or page past the
    /// ones looked at), so the reinstated member gets the seat.
    @Test func aReinstatedMemberIsSeatedEvenWhenAHundredEarlierLinesWaitOnBannedMembers() throws {
        let f = try EventFixture()
        let seated = f.residents[2], banned = f.residents[3], firstHolder = f.residents[4], reinstated = f.residents[5]
        var blocked: [(CommunityEvent, EventRegistrationEntry)] = []
        for index in 0..<100 {
            let market = try f.market(capacity: 1, startsIn: 2 * 86_400 + Double(index) * 600)
            let seat = try f.register(seated, market)
            _ = try f.register(banned, market)
            blocked.append((market, seat))
        }
        let later = try f.market(capacity: 1, startsIn: 9 * 86_400)
        let laterSeat = try f.register(firstHolder, later)
        let waiting = try f.register(reinstated, later)
        #expect(waiting.registration.state == .waitlisted)

        try f.changeStatus(banned, .banned)
        try f.changeStatus(reinstated, .suspended)
        for (_, seat) in blocked { _ = try f.cancel(seated, seat) }  // each seat frees; the banned member is passed over
        _ = try f.cancel(firstHolder, laterSeat)  // passed over while suspended
        #expect(try f.state(waiting) == "waitlisted")
        try f.changeStatus(reinstated, .active)

        for _ in 1...3 {  // three rounds of the periodic task (every 300 s)
            _ = try f.store.transactionSync { tx in try EventRegistrationCommands.fillWaitingLines(tx) }
            f.base.clock.advance(by: 300)
        }
        #expect(
            try f.state(waiting) == "registered",
            "the reinstated member still waits behind a free seat: the task keeps looking at the same 100 events whose lines only a banned member holds")
    }

    /// Now: an event's registration closes at its start unless the organizer says otherwise, and
    /// that default is stored as a plain time. When the organizer postpones the market a week
    /// (`PATCH` with the new `starts_at`/`ends_at` only), registration still closes at the old start:
    /// from then on `registration_open` is false and every resident (and station staff at the desk)
    /// gets 409 `event.registration_closed` for a market that is still a week away. Should: a closing
    /// time that was the start moves with the start (unless the patch sets `registration_closes_at`),
    /// so registration stays open until the new start.
    @Test func postponingAMarketKeepsRegistrationOpenUntilTheNewStart() throws {
        let f = try EventFixture()
        let market = try f.market(capacity: 10, startsIn: 2 * 86_400)
        #expect(market.registrationClosesAt == market.startsAt, "the default closing time is the start")
        let week: TimeInterval = 7 * 86_400
        let moved = try f.patch(market, #"{"starts_at":"\#(iso(market.startsAt + week))","ends_at":"\#(iso(market.endsAt + week))"}"#)
        #expect(moved.event.startsAt == market.startsAt + week)

        f.base.clock.advance(by: 2 * 86_400 + 3_600)  // the day of the old start: the market is six days away
        do {
            let entry = try f.register(f.residents[2], moved.event)
            #expect(entry.registration.state == .registered)
        } catch let error as DomainError {
            Issue.record(
                "registering six days before the postponed market: \(error.code) (closes at \(moved.event.registrationClosesAt), starts at \(moved.event.startsAt))")
        }
    }

    /// Now: `PATCH` of the start of an event under way is refused with 409 `event.started` (18f1830),
    /// a code whose only message was written for cancelling a registration: the organizer who tried
    /// to move the start reads "The event started at …; registrations can no longer be cancelled.
    /// Please tell an organizer if you cannot come." (zh: "不能再取消报名。如不能到场，请告知组织者。") —
    /// wrong about what was refused, and it sends the organizer to an organizer. Should: the answer
    /// says the start of an event under way cannot be moved (its own message or code, in zh and en).
    @Test func movingTheStartOfAnEventUnderWayIsExplainedAsSuch() throws {
        let f = try EventFixture()
        let market = try f.market(capacity: 2, startsIn: 3_600)
        f.base.clock.advance(by: 2 * 3_600)
        let now = f.base.clock.now()
        do {
            _ = try f.patch(market, #"{"starts_at":"\#(iso(now + 86_400))","ends_at":"\#(iso(now + 86_400 + 3 * 3_600))"}"#)
            Issue.record("the start of a market under way moved")
        } catch let error as DomainError {
            #expect(error.code.hasPrefix("event."), "\(error.code)")
            let en = ErrorCatalog.message(for: error, in: .en).detail
            let zh = ErrorCatalog.message(for: error, in: .zhCN).detail
            #expect(!en.contains("registrations can no longer be cancelled"), "the organizer reads: \(en)")
            #expect(!zh.contains("不能再取消报名"), "the organizer reads: \(zh)")
        }
    }
}
