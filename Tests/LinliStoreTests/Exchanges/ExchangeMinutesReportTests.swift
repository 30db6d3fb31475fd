import Foundation
import GRDB
import LinliDomain
@testable import LinliStore
import Testing

/// The provider's word on a time exchange's minutes: the payer confirms no fewer than the report
/// (or than the listing's duration without one), a payer who disagrees disputes, and automatic
/// confirmation settles on a shorter report. Neighbour pays, resident provides.
@Suite struct ExchangeMinutesReportTests {
    /// An accepted 60-minute time exchange whose scheduled start (1 h ahead) has passed.
    func started(_ f: ExchangeFixture, minutes: Int = 60) throws -> Exchange {
        let accepted = try f.accept(try f.request(try f.timeListing(minutes: minutes))).exchange
        f.clock.advance(by: 2 * 3600)
        return accepted
    }

    func refusal(_ body: () throws -> Any) -> DomainError? {
        #expect(throws: DomainError.self) { _ = try body() }
    }

    /// Helper 187 #3: the payer was not told of the provider's report, and confirmed the whole
    /// hour booked for half an hour's help. She is told, once per report, with the minutes.
    @Test func thePayerIsToldTheMinutesReported() throws {
        let f = try ExchangeFixture()
        let exchange = try started(f)
        _ = try f.reportMinutes(exchange, 30)
        let notices = try f.notices(of: f.neighbour.memberID, kind: .exchangeMinutesReported)
        #expect(notices.count == 1)
        #expect(notices.first?.parameters["minutes"] == "30" && notices.first?.parameters["exchange_id"] == exchange.id.rawValue)
        #expect(notices.first.map { $0.text(in: .zhCN) }?.contains("30 分钟") == true)
        #expect(try f.notices(of: f.resident.memberID, kind: .exchangeMinutesReported).isEmpty, "the provider reported it herself")
    }

    /// Helper 190 #3: a report longer than the booking was told to the payer as the least she
    /// could confirm; the booking is, and confirming it is taken.
    @Test func aReportLongerThanTheBookingDoesNotRaiseTheLeastToConfirm() throws {
        let f = try ExchangeFixture()
        let exchange = try started(f)
        _ = try f.reportMinutes(exchange, 90)
        let notice = try #require(try f.notices(of: f.neighbour.memberID, kind: .exchangeMinutesReported).first)
        #expect(notice.parameters["minutes"] == "90" && notice.parameters["floor"] == "60")
        #expect(notice.text(in: .en).contains("no fewer than 60 minutes"))
        #expect(try f.complete(exchange, minutes: 60).state == .completed)
    }

    /// The payer alone can no longer shorten the service: 1 minute of a 60-minute listing is refused.
    @Test func payerCannotConfirmFewerMinutesThanListed() throws {
        let f = try ExchangeFixture()
        let exchange = try started(f)
        let refused = refusal { try f.complete(exchange, minutes: 1) }
        #expect(refused == DomainError(
            code: "exchange.minutes_below_agreed", category: .conflict,
            parameters: ["actual_minutes": "1", "agreed_minutes": "60", "agreed_by": "agreement"]))
        #expect(try f.balance(f.resident.memberID) == 0)
        let done = try f.complete(exchange, minutes: 60)
        #expect(done.state == .completed && done.settledPoints == exchange.points)
        #expect(try f.account(f.resident.memberID).minutesServed == 60)
        #expect(try f.verify().isClean)
    }

    /// Helper 160 #7: the share paid for fewer minutes is taken on the exact values, rounded once:
    /// 75 minutes held at 12 (12.5), 45 served (7.5) is 7.2 → 7, where the ratio of the rounded
    /// values (12 × 8 ÷ 12) paid 8.
    @Test func fewerMinutesArePaidTheirExactShare() throws {
        let f = try ExchangeFixture()
        let exchange = try started(f, minutes: 75)
        #expect(exchange.points == 12)
        let done = try f.complete(try f.reportMinutes(exchange, 45), minutes: 45)
        #expect(done.settledPoints == 7)
        #expect(ExchangeSettlementPlan.scaled(held: 12, actual: 8, scheduled: 12) == 8, "what the rounded values gave")
        #expect(try f.verify().isClean)
    }

    /// The provider says 30: the payer may confirm 30 (paid for 30) but not 29.
    @Test func aShorterReportLowersTheFloor() throws {
        let f = try ExchangeFixture()
        let exchange = try started(f, minutes: 120)
        let reported = try f.reportMinutes(exchange, 30)
        #expect(reported.reportedMinutes == 30 && reported.state == .accepted && reported.version == exchange.version + 1)
        #expect(refusal { try f.complete(reported, minutes: 29) }?.parameters["agreed_by"] == "provider")
        let done = try f.complete(reported, minutes: 30)
        #expect(done.settledPoints == ExchangeSettlementPlan.scaled(held: exchange.points, actual: 5, scheduled: 20))
        #expect(try f.account(f.resident.memberID).minutesServed == 30)
        #expect(try f.base.count("SELECT COUNT(*) FROM audit_entries WHERE action = 'exchange.minutes_reported'") == 1)
        let events = try f.listings.events("exchange.minutes_reported")
        #expect(events.count == 1 && events[0].contains(#""reported_minutes":30"#))
        #expect(try f.verify().isClean)
    }

    /// The provider says 90 of a 60-minute listing: a longer report raises nothing by itself, so the
    /// payer may confirm the agreed 60. A correction replaces the report (the audit keeps the
    /// previous one), and a shorter one lowers the floor.
    @Test func aLongerReportRaisesNothingAndACorrectionReplacesIt() throws {
        let f = try ExchangeFixture()
        let first = try started(f)
        let reported = try f.reportMinutes(first, 90)
        #expect(try f.complete(reported, minutes: 60).settledPoints == first.points)

        let second = try f.accept(try f.request(try f.timeListing(minutes: 60))).exchange
        f.clock.advance(by: 2 * 3600)
        let corrected = try f.reportMinutes(try f.reportMinutes(second, 90), 45)
        #expect(corrected.reportedMinutes == 45)
        let audit = try f.base.database.readSync { db in
            try String.fetchAll(
                db, sql: "SELECT after_json FROM audit_entries WHERE action = 'exchange.minutes_reported' AND target_id = ? ORDER BY id",
                arguments: [second.id.rawValue])
        }
        #expect(audit.count == 2 && audit[1].contains(#""previous_reported_minutes":"90""#))
        #expect(refusal { try f.complete(corrected, minutes: 44) }?.parameters["agreed_by"] == "provider")
        #expect(try f.dispute(corrected).state == .disputed)
    }

    @Test func guards() throws {
        let f = try ExchangeFixture()
        let requested = try f.request(try f.timeListing())
        // Not accepted yet.
        #expect(refusal { try f.reportMinutes(requested, 60) }?.code == "exchange.invalid_transition")
        let accepted = try f.accept(requested).exchange
        // Before the scheduled start.
        #expect(refusal { try f.reportMinutes(accepted, 60) }?.code == "exchange.minutes_too_early")
        f.clock.advance(by: 2 * 3600)
        // Only the provider: the payer's word is the confirmation.
        #expect(refusal { try f.reportMinutes(accepted, 60, as: f.neighbour) }?.code == "exchange.not_your_part")
        for (minutes, issue) in [(nil, FieldIssue("/minutes", .required)), (0, FieldIssue("/minutes", .outOfRange, ["min": "1", "max": "44640"]))] as [(Int?, FieldIssue)] {
            #expect(refusal { try f.reportMinutes(accepted, minutes) } == DomainError.validation([issue]))
        }
        // Items and skills have no minutes.
        let item = try f.accept(try f.request(try f.offer("电钻"))).exchange
        f.clock.advance(by: 2 * 3600)
        #expect(refusal { try f.reportMinutes(item, 60) } == DomainError.validation([FieldIssue("/minutes", .notApplicable, ["allowed": "time"])]))
        #expect(try f.base.count("SELECT COUNT(*) FROM exchanges WHERE reported_minutes IS NOT NULL") == 0)
    }

    /// Nobody confirmed: the scheduled window (60 minutes), or a shorter report; a longer report
    /// is not paid without the payer.
    @Test(arguments: [(nil, 60), (45, 45), (90, 60)] as [(Int?, Int)])
    func automaticConfirmation(reported: Int?, settled: Int) throws {
        let f = try ExchangeFixture()
        var exchange = try started(f)
        if let reported { exchange = try f.reportMinutes(exchange, reported) }
        f.clock.advance(by: 80 * 3600)
        let done = try #require(try f.store.transactionSync { tx in
            try ExchangeCompletionCommands.autoConfirm(tx, community: f.resident.communityID, id: exchange.id, services: f.services)
        })
        #expect(done.exchange.state == .completed && done.exchange.actualMinutes == settled)
        #expect(try f.account(f.resident.memberID).minutesServed == settled)
        #expect(try f.verify().isClean)
        // Points moved that neither side moved: both hear what was settled (helper 112).
        let told = try f.base.database.readSync { db in
            try Row.fetchAll(db, sql: "SELECT * FROM member_notifications WHERE kind = 'exchange_auto_confirmed' ORDER BY id")
                .map(MemberNotifications.decode)
        }
        #expect(Set(told.map(\.memberID)) == [done.exchange.payer, done.exchange.provider])
        #expect(told.allSatisfy { $0.parameters["points"] == String(done.exchange.settledPoints ?? -1) })
        let payerText = try #require(told.first { $0.parameters["role"] == "payer" }).text(in: .en)
        #expect(payerText.contains("went back to you") == (done.exchange.settledPoints != done.exchange.points), "\(payerText)")
    }
}
