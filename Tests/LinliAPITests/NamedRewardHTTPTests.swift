import Foundation
import HTTPTypes
import HummingbirdTesting
import LinliDomain
import LinliStore
import LinliTestSupport
import Testing

/// Found by review 8f (each test failed on the code it was written against): organizer rewards and the rule file's `ledger.rewards` table.
///
/// `docs/rules-format.md` documents `ledger.rewards.<id>.points` ("Points per grant of this
/// reward") and `ledger.rewards.<id>.per_member_per_day` ("Grants per member per day"), and
/// `rules/default.yaml` names `community_cleaning` (20 points, once per member per day),
/// `weekly_topic` and `event_help`. `RewardInput.category` says "the rule file names them".
/// `LedgerRewardCommands.grant` reads none of it: only the two point caps are checked.
@Suite struct NamedRewardHTTPTests {
    static func reward(_ member: MemberID, points: Int, category: String) -> String {
        #"{"member_id":"\#(member)","points":\#(points),"category":"\#(category)","reason":"社区清洁日帮忙"}"#
    }

    /// Now: an organizer grants a reward of a kind the community's rule file does not name
    /// (`made_up_kind`) and gets 201 — points enter circulation under a label no norm-revision
    /// group adopted. Should: 422 `validation_failed` at `/category` (unknown reward kind), nothing posted.
    @Test func rewardOfAKindTheRuleFileDoesNotNameIsRefused() async throws {
        let fixture = try APIFixture()
        let a = fixture.a
        try await fixture.run { client in
            let response = try await client.call(
                .post, "/v1/ledger/rewards", token: a.secret(.organizer),
                json: Self.reward(a.target.id, points: 10, category: "made_up_kind"))
            #expect(response.status == .unprocessableContent, "a reward kind missing from ledger.rewards must be refused")
        }
    }

    /// Now: `community_cleaning` is worth 20 points in `rules/default.yaml`, yet a grant of 50
    /// points under that kind is answered 201. Should: refused (422 at `/points`), because the
    /// rule file fixes the points per grant.
    @Test func rewardPointsDifferentFromTheRuleFileAreRefused() async throws {
        let fixture = try APIFixture()
        let a = fixture.a
        try await fixture.run { client in
            let response = try await client.call(
                .post, "/v1/ledger/rewards", token: a.secret(.organizer),
                json: Self.reward(a.target.id, points: 50, category: "community_cleaning"))
            #expect(response.status == .unprocessableContent, "community_cleaning pays 20 points per grant under the rules in force")
        }
    }

    /// Now: `community_cleaning` has `per_member_per_day: 1`, but the same resident receives it
    /// twice on the same local day (both 201; 40 points stays under the generic 60-point member cap).
    /// Should: the second grant is refused with a stable code (409/422), and the resident's
    /// balance shows one grant (20 points).
    @Test func rewardPerMemberPerDayFromTheRuleFileHolds() async throws {
        try await AwayFromLocalMidnight.begin()  // both grants on one local day
        let fixture = try APIFixture()
        let a = fixture.a
        try await fixture.run { client in
            let first = try await client.call(
                .post, "/v1/ledger/rewards", token: a.secret(.organizer),
                json: Self.reward(a.target.id, points: 20, category: "community_cleaning"))
            #expect(first.status == .created)
            let second = try await client.call(
                .post, "/v1/ledger/rewards", token: a.secret(.organizer),
                json: Self.reward(a.target.id, points: 20, category: "community_cleaning"))
            #expect(second.status.code >= 400 && second.status.code < 500, "community_cleaning is granted once per member per day")
            let balance = try await client.call(.get, "/v1/members/\(a.target.id)/balance", token: a.targetToken.secret)
            #expect(try balance.object()["balance"] as? Int == 20)
        }
    }
}
