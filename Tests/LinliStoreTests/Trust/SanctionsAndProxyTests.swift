import Foundation
import GRDB
import LinliDomain
import LinliRules
import LinliTrust
import Testing
@testable import LinliStore

/// Sanctions that must bite (a credit deduction, a ban a later suspension leaves alone), reporters
/// kept out of announcements, and nobody deciding about themselves or acting for a member who may
/// not act, over a real database. Found by review 9e (each test failed first).
@Suite("Sanctions, reporters' privacy and acting for others")
struct SanctionsAndProxyTests {
    func score(_ f: ListingFixture, _ member: MemberID) throws -> CreditScore {
        try f.base.database.readSync { db in
            try TrustQueries.creditScore(db, community: f.resident.communityID, member: member, now: f.clock.now(), rules: ActiveRules())
        }
    }

    func code(_ body: () throws -> Any) -> String? {
        do { _ = try body(); return nil } catch let error as DomainError { return error.code } catch { return "\(error)" }
    }

    /// `deduct_credit` is documented as "a strike against the member's credit score, without other
    /// consequences" (`CaseActionKind.deductCredit`, `isStrike`: "credit score, suspension
    /// proposals"), and a warning is not a strike. Yet `CaseCommands.apply` records it and does
    /// nothing, and `CreditScorer` never reads strikes: the score only counts upheld *reports*, which
    /// a warning produces just the same. Two members reported once each, one warned and one
    /// resolved with `deduct_credit`, end up with the very same score (68 − 8 = 60 here) and the
    /// same components: the moderator's "deduct credit" deducts nothing.
    @Test func deductCreditLowersTheScoreMoreThanAWarning() throws {
        let f = try ListingFixture()
        let warned = try f.base.member("赵敏", in: f.admin).1
        let deducted = try f.base.member("孙立", in: f.admin).1
        let first = try f.fileReport(about: warned.memberID, as: f.resident)
        _ = try f.claimAndResolve(first.id, [.init(kind: .warn)], as: f.moderatorA)
        let second = try f.fileReport(about: deducted.memberID, as: f.resident)
        _ = try f.claimAndResolve(second.id, [.init(kind: .deductCredit)], as: f.moderatorA)

        let warnedScore = try score(f, warned.memberID)
        let deductedScore = try score(f, deducted.memberID)
        #expect(deductedScore.score < warnedScore.score,
                "deduct_credit left the score at \(deductedScore.score), the same as a warning (\(warnedScore.score))")
        // The explanation must account for the deduction: components add up to the unclamped score.
        let total = deductedScore.components.reduce(deductedScore.base.units) { $0 + $1.contribution.units }
        #expect(total == deductedScore.unclamped.units)
        #expect(deductedScore.components.first { $0.key == .creditDeductions }?.input == RuleDecimal(integer: 1))
    }

    /// `moderation.strikes_before_suspension` (3): the resolution that brings a member's standing
    /// strikes within the window to 3, without suspending them, proposes a suspension in its
    /// `case.resolved` audit entry; the ones before it do not.
    @Test func theStrikeThatReachesTheThresholdProposesASuspension() throws {
        let f = try ListingFixture()
        var entries: [String] = []
        for _ in 0..<3 {
            let moderationCase = try f.fileReport(about: f.neighbour.memberID, as: f.resident)
            _ = try f.claimAndResolve(moderationCase.id, [.init(kind: .deductCredit)], as: f.moderatorA)
            entries.append(try f.base.database.readSync { db in
                try String.fetchOne(
                    db, sql: "SELECT after_json FROM audit_entries WHERE action = 'case.resolved' AND target_id = ?",
                    arguments: [moderationCase.id.rawValue]) ?? ""
            })
        }
        #expect(!entries[0].contains("suspension_proposed") && !entries[1].contains("suspension_proposed"), "\(entries)")
        #expect(entries[2].contains("suspension_proposed") && entries[2].contains("strikes_in_window"), "\(entries[2])")
    }

    /// A member is banned by one case. A later, separate case about the same member is resolved
    /// with a 1-day suspension: `CaseCommands.apply(.suspend)` calls `MemberCommands.changeStatus`
    /// with `suspended` unconditionally, replacing the ban. Two days later the banned member is
    /// `active` again and can trade: a lighter sanction for a new offence lifted the heavier one
    /// nobody overturned. A new suspension must not shorten or replace a standing ban.
    @Test func aLaterSuspensionDoesNotLiftAStandingBan() throws {
        let f = try ListingFixture()
        let first = try f.fileReport(about: f.neighbour.memberID, as: f.resident, text: "多次威胁邻居")
        _ = try f.claimAndResolve(first.id, [.init(kind: .ban)], as: f.admin)  // a ban is an admin's
        #expect(try f.storedMember(f.neighbour.memberID).status == .banned)

        let second = try f.fileReport(about: f.neighbour.memberID, as: f.staff, text: "在群里辱骂他人")
        #expect(second.id != first.id)
        _ = try f.claimAndResolve(second.id, [.init(kind: .suspend, days: 1)], as: f.moderatorB)
        f.clock.advance(by: 2 * 86_400)

        let member = try f.storedMember(f.neighbour.memberID)
        #expect(member.status == .banned, "the ban became a \(member.status.rawValue) status")
        #expect(!member.isActive(at: f.clock.now()), "the banned member is active again two days after a 1-day suspension")
    }

    /// "Reporters learn their report's outcome, never in a group chat" (README), and
    /// `MemberNotification` explains why: telling a group how a report ended "would expose who
    /// reported". Yet an upheld case pays each reporter `ledger.upheld_report_reward` through
    /// `LedgerRewardCommands.grant`, which raises `ledger.reward_granted` on the outbox with subject
    /// `member:<reporter>`, category `upheld_report`, reason "举报查实 / upheld report" and the
    /// reporter's account in the postings — in the same commit as `case.resolved` about the target.
    /// Any endpoint following `ledger.*` (chat robots render the generic "【type】subject" line) now
    /// tells the group exactly who reported whom. No outbox event of the resolution may name the
    /// reporter, not even `member.notified` for their inbox message (session 16 review: raised next
    /// to `case.resolved`, it named each reporter to anyone following `member.*`).
    @Test func upheldReportRewardDoesNotAnnounceTheReporterOnTheOutbox() throws {
        let f = try ListingFixture()
        let reporter = f.resident.memberID
        let moderationCase = try f.fileReport(about: f.neighbour.memberID, as: f.resident)
        let before = try f.base.count("SELECT COALESCE(MAX(seq), 0) FROM outbox_events")
        _ = try f.claimAndResolve(moderationCase.id, [.init(kind: .warn)], as: f.moderatorA)
        try f.payReportRewardsNextDay()
        // The reward was paid (TrustPolicies() carries the default 5 points).
        #expect(try f.base.count("SELECT COUNT(*) FROM ledger_transfers WHERE kind = 'reward' AND category = 'upheld_report'") == 1)

        let naming = try f.base.database.readSync { db in
            try Row.fetchAll(
                db, sql: "SELECT event_type, subject, payload_json FROM outbox_events WHERE seq > ?", arguments: [before])
        }.filter { row in
            let subject: String = row["subject"], payload: String = row["payload_json"]
            return subject.contains(reporter.rawValue) || payload.contains(reporter.rawValue)
        }.map { "\($0["event_type"] as String) \($0["subject"] as String)" }
        #expect(naming.isEmpty, "outbox events of the resolution name the reporter: \(naming)")
        // The reporter still hears the outcome, in their inbox.
        #expect(try f.base.count("SELECT COUNT(*) FROM member_notifications WHERE kind = 'report_resolved' AND member_id = ?", [reporter.rawValue]) == 1)
    }

    /// A moderator who took part in an exchange receives a one-star rating with a critical comment.
    /// They hide the comment themselves (`POST /v1/ratings/{id}/hide-comment`): `RatingCommands.
    /// hideComment` only checks `case.manage`, not whether the rating is about the moderator. Hiding
    /// criticism of oneself is the same conflict the README rules out for cases ("not their own
    /// case — 403 case.own"). It should be refused with 403 `case.own` (another moderator decides).
    @Test func aModeratorCannotHideACommentAboutThemselves() throws {
        let f = try ExchangeFixture()
        let moderator = f.moderator
        let done = try f.complete(try f.accept(try f.request(try f.offer(), as: moderator)).exchange, as: moderator)
        let rating = try f.store.transactionSync { tx in
            try RatingCommands.rate(
                tx, principal: f.resident, exchange: done.id, input: RatingInput(stars: 1, comment: "态度恶劣，借东西不还还威胁人"),
                services: f.services, actor: f.actor(f.resident))
        }
        #expect(rating.ratee == moderator.memberID)
        let refused = code {
            try f.store.transactionSync { tx in
                try RatingCommands.hideComment(tx, principal: moderator, id: rating.id, reason: "恶意评价", actor: f.actor(moderator))
            }
        }
        #expect(refused == "case.own", "the rated moderator hid the comment about themselves (\(refused ?? "accepted"))")
    }

    /// Real-name verification (实名) is "station staff after an in-person check" and is worth
    /// `real_name_verified` (+10) on the credit score and access to categories that need a verified
    /// provider. `MemberCommands.setVerification` never compares the member with the principal, so
    /// a station staff member verifies themselves (`PUT /v1/members/{own id}/verification`): +10
    /// credit on their own word. Elsewhere nobody decides about themselves (`member.
    /// cannot_change_own_status`, `ledger.own_account`, `case.own`); verifying oneself should be
    /// refused too.
    @Test func stationStaffCannotVerifyThemselves() throws {
        let f = try ListingFixture()
        let before = try score(f, f.staff.memberID)
        let refused = code {
            try f.store.transactionSync { tx in
                try MemberCommands.setVerification(
                    tx, principal: f.staff, id: f.staff.memberID, input: VerificationInput(verified: true, reason: "身份证现场核验"),
                    expectedVersion: nil, actor: .member(f.staff, requestID: nil))
            }
        }
        #expect(refused != nil, "a station staff member verified themselves")
        #expect(try f.storedMember(f.staff.memberID).verified == false)
        #expect(try score(f, f.staff.memberID).score == before.score)
    }

    /// Station staff post a draft for a resident; the resident is then banned. Staff cannot create
    /// a listing for a banned resident (`listing.owner_inactive`) and the banned resident's own token
    /// is refused everywhere, yet the staff member submits the draft in their name:
    /// `ListingCommands.submit` re-checks the category and verification of the owner but not their
    /// standing, so the banned member's offer goes to review and can be published. Submitting for an
    /// inactive owner should be refused like creating for one.
    @Test func stationStaffCannotSubmitForABannedResident() throws {
        let f = try ListingFixture()
        let draft = try f.post(ListingFixture.item("旧电风扇"), as: f.staff, owner: f.neighbour.memberID, submit: false).listing
        #expect(draft.status == .draft)
        _ = try f.store.transactionSync { tx in
            try MemberCommands.changeStatus(
                tx, principal: f.admin, id: f.neighbour.memberID, input: StatusChangeInput(status: .banned, reason: "诈骗", until: nil),
                expectedVersion: nil, actor: .member(f.admin, requestID: nil))
        }
        let refused = code {
            try f.store.transactionSync { tx in
                try ListingCommands.submit(
                    tx, principal: f.staff, id: draft.id, expectedVersion: nil, services: f.services, actor: .member(f.staff, requestID: nil))
            }
        }
        #expect(refused == "listing.owner_inactive", "staff submitted a banned resident's listing (\(refused ?? "accepted"))")
        // Nor rewrite it; taking it down stays open.
        let rewritten = code {
            try f.store.transactionSync { tx in
                try ListingCommands.replaceContent(
                    tx, principal: f.staff, id: draft.id, input: ListingInput(content: ListingFixture.item("新电风扇")), expectedVersion: nil,
                    services: f.services,
                    actor: .member(f.staff, requestID: nil))
            }
        }
        #expect(rewritten == "listing.owner_inactive")
        let withdrawn = try f.store.transactionSync { tx in
            try ListingCommands.withdraw(tx, principal: f.staff, id: draft.id, expectedVersion: nil, services: f.services, actor: .member(f.staff, requestID: nil))
        }
        #expect(withdrawn.status == .withdrawn)
    }

    /// Station staff request an exchange for a resident (`requester_id`) and complete it for them.
    /// The resident is then suspended. A suspended member cannot rate themselves (403
    /// `auth.member_inactive` on every route but their standing), yet the station staff member
    /// rates the other side in their name: `RatingCommands.rate` takes `access.actingFor` as the
    /// rater and never checks that member's standing. A suspension is circumvented through the
    /// proxy, and the one-star rating lowers the other side's credit score. Acting for a suspended
    /// or banned resident should be refused as it is when creating a listing for them
    /// (`listing.owner_inactive`) or requesting an exchange (`exchange.member_inactive`).
    @Test func stationStaffCannotRateForASuspendedResident() throws {
        let f = try ExchangeFixture()
        let requested = try f.request(try f.offer(), as: f.staff, for: f.neighbour.memberID)
        let done = try f.complete(try f.accept(requested).exchange, as: f.staff)
        #expect(done.state == .completed)
        _ = try f.store.transactionSync { tx in
            try MemberCommands.changeStatus(
                tx, principal: f.moderator, id: f.neighbour.memberID,
                input: StatusChangeInput(status: .suspended, reason: "多次爽约", until: f.clock.now().addingTimeInterval(7 * 86_400)),
                expectedVersion: nil, actor: f.actor(f.moderator))
        }
        let refused = code {
            try f.store.transactionSync { tx in
                try RatingCommands.rate(
                    tx, principal: f.staff, exchange: done.id, input: RatingInput(stars: 1, comment: "东西是坏的"), services: f.services,
                    actor: f.actor(f.staff))
            }
        }
        #expect(refused != nil, "station staff rated in the name of a suspended resident")
        #expect(try f.base.count("SELECT COUNT(*) FROM exchange_ratings") == 0)
    }
}
