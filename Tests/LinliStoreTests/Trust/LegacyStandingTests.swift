import Foundation
import GRDB
import LinliDomain
import LinliRules
import Testing
@testable import LinliStore

/// Found by review 8e (over a real database): holes in the status replay after an overturned appeal and in
/// the limits a valuation correction answers for. Each test failed on the code it was written
/// against, for the reason its comment gives.
@Suite("Standing replay and corrections")
struct LegacyStandingTests {
    /// A database upgraded from before causes were recorded. Case 1 suspended a neighbour for 30
    /// days; an hour later case 2 banned them; their appeal against the ban was overturned the
    /// same day, *before the upgrade*: the old `restoreStatus` set them "suspended until case 1's
    /// end" and wrote an ordinary `member.status_changed` audit entry, without `cause` (simulated
    /// here by removing the `cause` the current code writes: the entry is otherwise identical).
    /// After the upgrade their appeal against case 1's suspension is overturned too. Now
    /// `MemberStatusReplay` takes that old appeal entry for a change made by hand (it is not at
    /// a case action's instant, the only way legacy entries are told apart) and replays
    /// "suspended until case 1's end": the member stays suspended for 30 days although both
    /// actions against them were overturned and nobody ever suspended them by hand.
    /// What should happen: with every suspension and ban overturned and no change by hand, the
    /// member is active (a status written by an appeal is never a decision to replay).
    @Test func legacyAppealEntryIsNotReplayedAsAChangeByHand() throws {
        let f = try ListingFixture()
        let first = try f.fileReport(about: f.neighbour.memberID, as: f.resident)
        let suspension = try f.claimAndResolve(first.id, [.init(kind: .suspend, days: 30)], as: f.moderatorA)[0]
        f.clock.advance(by: 3600)
        let second = try f.fileReport(about: f.neighbour.memberID, as: f.staff, text: "在群里辱骂他人")
        let ban = try f.claimAndResolve(second.id, [.init(kind: .ban)], as: f.admin)[0]
        f.clock.advance(by: 3600)
        let banAppeal = try f.fileAppeal(ban.id, as: f.neighbour)
        try f.overturnAppeal(banAppeal.id, as: f.moderatorB)
        #expect(try f.storedMember(f.neighbour.memberID).status == .suspended, "case 1's suspension still stands after the ban is lifted")

        // The same entry as written before `cause` existed.
        try f.base.database.writeSync { db in
            try db.execute(
                sql: """
                    UPDATE audit_entries SET after_json = json_remove(after_json, '$.cause')
                    WHERE target_type = 'member' AND target_id = ? AND action = 'member.status_changed'
                        AND json_extract(after_json, '$.cause') LIKE 'appeal:%'
                    """,
                arguments: [f.neighbour.memberID.rawValue])
            #expect(db.changesCount == 1)
        }

        f.clock.advance(by: 3600)
        let suspensionAppeal = try f.fileAppeal(suspension.id, as: f.neighbour)
        try f.overturnAppeal(suspensionAppeal.id, as: f.moderatorB)

        let after = try f.storedMember(f.neighbour.memberID)
        #expect(after.status == .active,
                "both actions were overturned; now \(after.status) until \(String(describing: after.suspendedUntil))")
    }

    /// An 8,000-yuan item was within the rule file's `max_declared_cost: "20000"` when submitted.
    /// While it waits in the queue, a new rule version lowers the limit to 5,000. The moderator who
    /// claims it sees that the photos show a worn item and corrects only its condition
    /// (`POST /v1/reviews/{id}/valuation-correction` with `{"condition": "worn"}`). Now the
    /// correction is refused 422 at `/declared_cost`, a figure the moderator did not touch:
    /// `correctValuation` checks a fixed set of fields (`only: ["/declared_cost",
    /// "/duration_minutes"]`) instead of the fields the correction changes, so the fix for the
    /// untouched title still refuses over an untouched price. The commit promises "a valuation
    /// correction answers only for the fields it changes".
    /// What should happen: the condition is corrected (the listing re-valued as worn).
    @Test func conditionCorrectionIsNotRefusedForAnUntouchedDeclaredCost() throws {
        let f = try ListingFixture()
        let review = try #require(try f.post(ListingFixture.item("进口咖啡机", cost: "8000.00")).review)
        _ = try f.claim(review.id, as: f.moderatorA)
        _ = try f.store.transactionSync { tx in
            try RuleSetCommands.upload(
                tx, community: f.admin.communityID,
                source: RulesDrivenListingTests.candidate(
                    itemRate: "0.10", replacing: [("max_declared_cost: \"20000\"", "max_declared_cost: \"5000\"")]),
                principal: f.admin, actor: .member(f.admin, requestID: nil), activate: true)
        }
        let corrected = try f.store.transactionSync { tx in
            try ReviewCommands.correctValuation(
                tx, principal: f.moderatorA, id: review.id,
                correction: ValuationCorrection(condition: .worn, reason: "照片显示外壳磨损严重"), expectedVersion: nil,
                services: f.services, actor: .member(f.moderatorA, requestID: nil))
        }
        #expect(corrected.content.condition == .worn)
        #expect(corrected.content.declaredCost == "8000.00")
    }
}
