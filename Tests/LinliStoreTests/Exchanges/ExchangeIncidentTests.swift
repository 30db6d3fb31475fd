import Foundation
import GRDB
import LinliDomain
import LinliRules
import LinliStore
import Testing

/// No-shows, disputes and their resolution: postings, marks, listing outcomes, events and audit.
@Suite struct ExchangeIncidentTests {
    @Test func noShowPenalisesTheAbsentSide() throws {
        let f = try ExchangeFixture()
        let listing = try f.offer()
        let accepted = try f.accept(try f.request(listing)).exchange
        // Before the scheduled start nobody can be absent yet.
        #expect(throws: DomainError.self) { try f.noShow(accepted, as: f.neighbour) }
        f.clock.advance(by: 2 * 3600)
        let ended = try f.noShow(accepted, as: f.neighbour)  // the payer reports the provider absent
        #expect(ended.state == .noShow && ended.absentMember == f.resident.memberID)
        #expect(try f.balance(f.neighbour.memberID) == 0)
        #expect(try f.balance(f.resident.memberID) == -5)
        #expect(try f.base.count("SELECT COUNT(*) FROM ledger_transfers WHERE kind = 'penalty'") == 1)
        #expect(try f.base.database.readSync { db in
            try ExchangeQueries.marks(db, community: f.resident.communityID, member: f.resident.memberID, kind: "no_show")
        } == 1)
        #expect(try f.listing(listing.id).status == .published)
        #expect(try f.listings.events("exchange.no_show").count == 1)
        #expect(try f.verify().isClean)
        // The credit score counts it against the absent member.
        let score = try f.base.database.readSync { db in
            try TrustQueries.creditScore(
                db, community: f.resident.communityID, member: f.resident.memberID, now: f.clock.now(), rules: ActiveRules())
        }
        #expect(score.components.first { $0.key == .noShows }?.input == RuleDecimal(integer: 1))
    }

    /// Session 17 black-box review: a provider ten minutes late was reported absent and fined at
    /// once. A no-show waits `no_show_grace_minutes` (15 by default) after the start.
    @Test func lateIsNotAbsent() throws {
        let f = try ExchangeFixture()
        let accepted = try f.accept(try f.request(try f.offer())).exchange
        f.clock.advance(by: accepted.scheduledStart.timeIntervalSince(f.clock.now()) + 10 * 60)
        var refusal: DomainError?
        do { _ = try f.noShow(accepted, as: f.neighbour) } catch let error as DomainError { refusal = error }
        #expect(refusal?.code == "exchange.too_early")
        #expect(refusal?.parameters["grace_minutes"] == "15")
        #expect(refusal?.parameters["earliest"] == ISO8601DateFormatter().string(from: accepted.scheduledStart.addingTimeInterval(15 * 60)))
        f.clock.advance(by: 5 * 60)
        #expect(try f.noShow(accepted, as: f.neighbour).state == .noShow)
    }

    /// Session 24 review: an exchange accepted 40 minutes after its start could be reported absent
    /// the moment it was accepted, before anyone could have set out. The grace runs from the
    /// acceptance then, even past the scheduled end.
    @Test func aLateAcceptanceGetsTheWholeGrace() throws {
        let f = try ExchangeFixture()
        let requested = try f.request(try f.offer())
        f.clock.advance(by: requested.scheduledStart.timeIntervalSince(f.clock.now()) + 50 * 60)
        let accepted = try f.accept(requested).exchange
        let acceptedAt = try #require(accepted.acceptedAt)
        var refusal: DomainError?
        do { _ = try f.noShow(accepted, as: f.neighbour) } catch let error as DomainError { refusal = error }
        #expect(refusal?.code == "exchange.too_early")
        #expect(refusal?.parameters["earliest"] == ISO8601DateFormatter().string(from: acceptedAt.addingTimeInterval(15 * 60)))
        // 15 minutes later is past the scheduled end (start + 60 min): the grace still holds until then.
        f.clock.advance(by: 15 * 60 - 1)
        #expect((#expect(throws: DomainError.self) { try f.noShow(accepted, as: f.neighbour) })?.code == "exchange.too_early")
        f.clock.advance(by: 1)
        #expect(try f.noShow(accepted, as: f.neighbour).state == .noShow)
    }

    struct AcceptedCase: Sendable {
        let acceptedAfterStart: Int?, grace: Int, earliestAfterStart: Int
        var confirmHours = 72
    }

    /// Acceptance before the start changes nothing; after it, the grace runs from the acceptance.
    @Test(arguments: [
        AcceptedCase(acceptedAfterStart: nil, grace: 15, earliestAfterStart: 15),
        AcceptedCase(acceptedAfterStart: -30, grace: 15, earliestAfterStart: 15),
        AcceptedCase(acceptedAfterStart: 5, grace: 15, earliestAfterStart: 20),
        AcceptedCase(acceptedAfterStart: 55, grace: 15, earliestAfterStart: 70),
        AcceptedCase(acceptedAfterStart: 30, grace: 0, earliestAfterStart: 30),
        // Session 25 review: with a 1-hour confirmation period and a 2-hour grace, an acceptance
        // a minute before the end left no moment between "too early" and "period over"; the
        // grace stops at half the period (end + 30 min).
        AcceptedCase(acceptedAfterStart: 59, grace: 120, earliestAfterStart: 90, confirmHours: 1),
    ])
    func theGraceRunsFromALateAcceptance(_ c: AcceptedCase) {
        let (rules, start) = Self.graceRules(c.grace, confirmHours: c.confirmHours)
        let earliest = rules.noShowReportableFrom(
            start: start, end: start.addingTimeInterval(3600), acceptedAt: c.acceptedAfterStart.map { start.addingTimeInterval(TimeInterval($0 * 60)) })
        #expect(earliest == start.addingTimeInterval(TimeInterval(c.earliestAfterStart * 60)))
    }

    /// The standard rules with a no-show grace of `grace` minutes, and a start to measure from.
    static func graceRules(_ grace: Int, confirmHours: Int = 72) -> (ExchangeRules, Date) {
        let rules = ExchangeRules(
            autoConfirmAfterHours: confirmHours, noShowPenaltyPoints: 5, maxOpenPerMember: 5, recomputeTimeFromActualHours: true, noShowGraceMinutes: grace)
        return (rules, Date(timeIntervalSince1970: 1_800_000_000))
    }

    struct GraceCase: Sendable {
        let grace: Int, windowMinutes: Int, earliestAfterStart: Int
    }

    /// The grace never reaches past the scheduled end (a 10-minute errand can be reported absent
    /// at its end), and 0 turns it off.
    @Test(arguments: [
        GraceCase(grace: 15, windowMinutes: 60, earliestAfterStart: 15),
        GraceCase(grace: 15, windowMinutes: 10, earliestAfterStart: 10),
        GraceCase(grace: 0, windowMinutes: 60, earliestAfterStart: 0),
        GraceCase(grace: 240, windowMinutes: 120, earliestAfterStart: 120),
    ])
    func theGraceEndsWithTheSchedule(_ c: GraceCase) {
        let (rules, start) = Self.graceRules(c.grace)
        let earliest = rules.noShowReportableFrom(start: start, end: start.addingTimeInterval(TimeInterval(c.windowMinutes * 60)))
        #expect(earliest == start.addingTimeInterval(TimeInterval(c.earliestAfterStart * 60)))
    }

    /// The confirmation period is the window for a no-show or a dispute: at its end (scheduled end
    /// + 72 h) the exchange counts as confirmed, even before the scheduler has completed it.
    @Test func noShowEndsWithTheConfirmationPeriod() throws {
        let f = try ExchangeFixture()
        let first = try f.accept(try f.request(try f.offer("折叠梯"))).exchange
        let second = try f.accept(try f.request(try f.offer("电钻"))).exchange
        // Scheduled ends are now + 2 h; the period ends 72 h after that.
        f.clock.advance(by: 2 * 3600 + 72 * 3600 - 1)
        #expect(try f.noShow(first, as: f.neighbour).state == .noShow)
        f.clock.advance(by: 1)
        let refused = #expect(throws: DomainError.self) { try f.noShow(second, as: f.neighbour) }
        #expect(refused?.code == "exchange.confirmation_period_over" && refused?.parameters["confirmed_at"] != nil)
        // Nor can it be disputed any more: it counts as confirmed.
        #expect((#expect(throws: DomainError.self) { try f.dispute(second) })?.code == "exchange.confirmation_period_over")
        #expect(try f.base.count("SELECT COUNT(*) FROM ledger_transfers WHERE kind = 'penalty'") == 1)
        #expect(try f.base.count("SELECT COUNT(*) FROM exchanges WHERE state = 'accepted'") == 1)
    }

    /// The two guards on who records a no-show and how (helper 187 #6: untested): a side names
    /// only the other side absent, never herself (422 at `/absent_member_id`, reason
    /// `exchange.absent_not_other_party`), and staff recording it in a resident's name say what
    /// happened (422 at `/reason`, reason `exchange.no_show_reason_required`).
    @Test func aSideNamesOnlyTheOtherAndStaffSayWhatHappened() throws {
        let f = try ExchangeFixture()
        _ = try f.store.transactionSync { tx in
            try ProxyConsentCommands.grant(
                tx, principal: f.neighbour, input: NewProxyConsentInput(memberID: nil, agentID: f.staff.memberID, expiresAt: nil, note: nil),
                actor: f.actor(f.neighbour))
        }
        let accepted = try f.accept(try f.request(try f.offer())).exchange
        f.clock.advance(by: 2 * 3600)
        let herself = #expect(throws: DomainError.self) { try f.noShow(accepted, as: f.neighbour, absent: f.neighbour.memberID) }
        #expect(herself?.fieldIssues == [FieldIssue("/absent_member_id", .invalidValue, ["reason": "exchange.absent_not_other_party"])])
        let unsaid = #expect(throws: DomainError.self) { try f.noShow(accepted, as: f.staff) }
        #expect(unsaid?.fieldIssues == [FieldIssue("/reason", .required, ["reason": "exchange.no_show_reason_required"])])
        let forHer = #expect(throws: DomainError.self) { try f.noShow(accepted, as: f.staff, absent: f.neighbour.memberID, reason: "她说对方没来") }
        #expect(forHer?.fieldIssues.first?.parameters["reason"] == "exchange.absent_not_other_party", "staff for her name the other side only")
        let recorded = try f.noShow(accepted, as: f.staff, reason: "孙奶奶在楼下等了一小时，对方没来")
        #expect(recorded.state == .noShow && recorded.absentMember == f.resident.memberID)
    }

    @Test func moderatorNamesTheAbsentMember() throws {
        let f = try ExchangeFixture()
        let accepted = try f.accept(try f.request(try f.offer())).exchange
        f.clock.advance(by: 2 * 3600)
        #expect(throws: DomainError.self) { try f.noShow(accepted, as: f.moderator) }  // must say who
        let outsider = MemberID(trusted: f.staff.memberID.rawValue)
        #expect(throws: DomainError.self) { try f.noShow(accepted, as: f.moderator, absent: outsider) }
        let ended = try f.noShow(accepted, as: f.moderator, absent: f.neighbour.memberID)
        #expect(ended.absentMember == f.neighbour.memberID)
        #expect(try f.balance(f.neighbour.memberID) == -5)
        // The side who did turn up hears it from the moderator's record (helper 118), and the
        // payer that the points are back.
        func told(_ member: MemberID) throws -> [String] {
            try f.base.database.readSync { db in
                try String.fetchAll(
                    db, sql: "SELECT parameters_json FROM member_notifications WHERE member_id = ? AND kind = 'other_side_no_show_recorded'",
                    arguments: [member.rawValue])
            }
        }
        #expect(try told(f.resident.memberID).map { $0.contains(#""role":"provider""#) } == [true])
        #expect(try told(f.neighbour.memberID).isEmpty, "the absent side is told as no_show_recorded")
        let second = try f.accept(try f.request(try f.offer("旧书架"))).exchange
        f.clock.advance(by: 2 * 3600)
        _ = try f.noShow(second, as: f.moderator, absent: f.resident.memberID)
        #expect(try told(f.neighbour.memberID).map { $0.contains(#""role":"payer""#) && $0.contains(#""points":"\#(second.points)""#) } == [true])
    }

    @Test func disputeFreezesAndStopsAutoConfirm() throws {
        let f = try ExchangeFixture()
        let accepted = try f.accept(try f.request(try f.offer())).exchange
        let disputed = try f.dispute(accepted)
        #expect(disputed.state == .disputed && disputed.disputedBy == f.neighbour.memberID)
        #expect(try f.base.count("SELECT COUNT(*) FROM ledger_holds WHERE state = 'frozen'") == 1)
        f.clock.advance(by: 100 * 3600)
        let confirmed = try f.store.transactionSync { tx in
            try ExchangeCompletionCommands.autoConfirm(tx, community: f.resident.communityID, id: disputed.id, services: f.services)
        }
        #expect(confirmed == nil)
        // The payer can no longer confirm either: a moderator decides.
        #expect(throws: DomainError.self) { try f.complete(disputed) }
    }

    /// Defect does not affect use: the provider is paid, then compensates the payer.
    @Test func resolveWithCompensation() throws {
        let f = try ExchangeFixture()
        let listing = try f.offer()
        let disputed = try f.dispute(try f.accept(try f.request(listing)).exchange)
        // Parties cannot resolve, and residents lack the permission.
        #expect(throws: DomainError.forbidden(.exchangeResolve)) {
            try f.resolve(disputed, ExchangeResolutionInput(outcome: .refund, note: "x"), as: f.neighbour)
        }
        let resolved = try f.resolve(disputed, ExchangeResolutionInput(outcome: .compensate, compensationPoints: 4, note: "松动不影响使用，补偿 4 分"))
        #expect(resolved.state == .resolved && resolved.resolution == .compensate && resolved.compensationPoints == 4)
        #expect(try f.balance(f.resident.memberID) == 20 - 4)
        #expect(try f.balance(f.neighbour.memberID) == -20 + 4)
        #expect(try f.base.count("SELECT COUNT(*) FROM ledger_transfers WHERE kind = 'compensation'") == 1)
        #expect(try f.listing(listing.id).status == .exchanged)
        #expect(try f.base.count("SELECT COUNT(*) FROM audit_entries WHERE action = 'exchange.resolved'") == 1)
        #expect(try f.listings.events("exchange.resolved").count == 1)
        #expect(try f.verify().isClean)
    }

    /// A time exchange the provider reported shorter: a dispute resolved by compensation pays what
    /// automatic confirmation would have (the report re-priced), not the whole hold, and the
    /// compensation may not exceed that payment.
    @Test func resolveWithCompensationPaysTheProvidersShorterReport() throws {
        let f = try ExchangeFixture()
        let accepted = try f.accept(try f.request(try f.timeListing(minutes: 120))).exchange
        #expect(accepted.points == 20)
        f.clock.advance(by: 2 * 3600)
        let disputed = try f.dispute(try f.reportMinutes(accepted, 60))
        #expect(throws: DomainError.validation([FieldIssue("/compensation_points", .outOfRange, ["min": "1", "max": "10"])])) {
            try f.resolve(disputed, ExchangeResolutionInput(outcome: .compensate, compensationPoints: 11, note: "超过所得"))
        }
        let resolved = try f.resolve(disputed, ExchangeResolutionInput(outcome: .compensate, compensationPoints: 2, note: "迟到，补偿 2 分"))
        #expect(resolved.settledPoints == 10 && resolved.actualMinutes == 60 && resolved.compensationPoints == 2)
        #expect(try f.balance(f.resident.memberID) == 10 - 2)
        #expect(try f.balance(f.neighbour.memberID) == -10 + 2)
        #expect(try f.account(f.resident.memberID).minutesServed == 60)
        #expect(try f.verify().isClean)
    }

    /// Unusable: refund, the item goes back (an offer is withdrawn), the provider loses the dispute.
    @Test func resolveWithRefund() throws {
        let f = try ExchangeFixture()
        let listing = try f.offer()
        let disputed = try f.dispute(try f.accept(try f.request(listing)).exchange)
        let resolved = try f.resolve(disputed, ExchangeResolutionInput(outcome: .refund, note: "梯子无法使用，退回"))
        #expect(resolved.resolution == .refund)
        #expect(try f.balance(f.neighbour.memberID) == 0)
        #expect(try f.balance(f.resident.memberID) == 0)
        #expect(try f.listing(listing.id).status == .withdrawn)
        #expect(try f.base.database.readSync { db in
            try ExchangeQueries.marks(db, community: f.resident.communityID, member: f.resident.memberID, kind: "lost_dispute")
        } == 1)
        #expect(try f.verify().isClean)
        let score = try f.base.database.readSync { db in
            try TrustQueries.creditScore(
                db, community: f.resident.communityID, member: f.resident.memberID, now: f.clock.now(), rules: ActiveRules())
        }
        #expect(score.components.first { $0.key == .lostDisputes }?.input == RuleDecimal(integer: 1))
    }

    /// A request listing (the payer's need) is published again after a refund.
    @Test func refundedRequestListingIsPublishedAgain() throws {
        let f = try ExchangeFixture()
        let listing = try f.timeListing(direction: .request)
        let disputed = try f.dispute(try f.accept(try f.request(listing)).exchange, as: f.resident)
        _ = try f.resolve(disputed, ExchangeResolutionInput(outcome: .refund, note: "没有完成"))
        #expect(try f.listing(listing.id).status == .published)
    }

    @Test func moderatorCannotResolveOwnDispute() throws {
        let f = try ExchangeFixture()
        let owner = f.listings.moderatorB
        let listing = try f.offer(as: owner)
        let disputed = try f.dispute(try f.accept(try f.request(listing), as: owner).exchange)
        #expect(throws: DomainError.self) { try f.resolve(disputed, ExchangeResolutionInput(outcome: .refund, note: "x"), as: owner) }
        #expect(try f.resolve(disputed, ExchangeResolutionInput(outcome: .refund, note: "x"), as: f.moderator).state == .resolved)
    }

    /// Session 28 review (helper 91): a rule file activated after acceptance applied to exchanges
    /// already agreed: a one-hour confirmation period closed the payer's window at once, and a
    /// raised penalty charged the absent side more than the penalty in force when they agreed.
    @Test func aNewRuleFileDoesNotChangeAnExchangeAlreadyAgreed() throws {
        var f = try ExchangeFixture()
        let accepted = try f.accept(try f.request(try f.offer())).exchange
        f.clock.advance(by: accepted.scheduledEnd.timeIntervalSince(f.clock.now()) + 2 * 3600)
        f.services = ExchangeServices(
            listings: f.listings.services,
            rulesOverride: ExchangeRules(autoConfirmAfterHours: 1, noShowPenaltyPoints: 40, maxOpenPerMember: 5, recomputeTimeFromActualHours: true),
            limitsOverride: .standard)
        #expect(try f.autoConfirm(accepted) == nil, "not due: 72 hours were agreed")
        func candidates() throws -> [ExchangeID] {
            try f.base.database.readSync { db in
                try ExchangeCompletionCommands.candidatePage(db, now: f.clock.now(), after: nil, services: f.services).items.map(\.1)
            }
        }
        #expect(try candidates().isEmpty, "nor a candidate of the scheduler (helper 95)")
        let before = try f.balance(f.resident.memberID)
        let reported = try f.noShow(accepted, as: f.neighbour)
        #expect(reported.state == .noShow, "the payer may still report it within the agreed period")
        #expect(try f.balance(f.resident.memberID) == before - ExchangeRules.standard.noShowPenaltyPoints, "the agreed penalty")
        // A longer period since: the agreed 72 hours still end it (the provider is paid as agreed).
        let other = try f.accept(try f.request(try f.offer("二号梯子"))).exchange
        f.services = ExchangeServices(
            listings: f.listings.services,
            rulesOverride: ExchangeRules(autoConfirmAfterHours: 200, noShowPenaltyPoints: 5, maxOpenPerMember: 5, recomputeTimeFromActualHours: true),
            limitsOverride: .standard)
        f.clock.advance(by: other.scheduledEnd.timeIntervalSince(f.clock.now()) + 73 * 3600)
        #expect(try candidates() == [other.id])
        #expect(try f.autoConfirm(other)?.exchange.state == .completed)
    }
}
