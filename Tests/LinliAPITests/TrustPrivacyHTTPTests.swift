import Foundation
import HTTPTypes
import HummingbirdTesting
@testable import LinliAPI
import LinliDomain
@testable import LinliStore
import Testing

/// Reporters hidden from the member they reported, moderators' words and limits, and acting for a
/// suspended resident, seen over HTTP. Found by review 9e (each test failed first).
@Suite struct TrustPrivacyHTTPTests {
    /// The admin registers a resident without a household and issues their token.
    static func newResident(_ client: any TestClientProtocol, _ a: SeededCommunity, name: String) async throws -> (id: String, secret: String) {
        let created = try await client.call(.post, "/v1/members", token: a.secret(.admin), json: #"{"display_name":"\#(name)"}"#)
        #expect(created.status == .created, "\(String(buffer: created.body))")
        let id = try #require(try created.object()["id"] as? String)
        let issued = try await client.call(.post, "/v1/members/\(id)/tokens", token: a.secret(.admin), json: #"{"note":"本人到站登记"}"#)
        #expect(issued.status == .created, "\(String(buffer: issued.body))")
        let secret = try #require(try issued.object()["secret"] as? String)
        return (id, secret)
    }

    /// Three independent neighbours report a moderator. Since review 8b the reported moderator
    /// cannot read the case or their trust history (403 `case.own`: "it names who reported them").
    /// But `GET /v1/communities/{id}/fraud-report?format=json` is open to the same moderator, and
    /// the `report_clusters` signal about them lists its evidence: `evidence.members` holds every
    /// reporter's member id (`ReportClusterFinder`: `members: reporters + subjects`). The reporters
    /// are exposed to the person they complained about. The report should either be refused to a
    /// moderator it flags or leave the reporters of a cluster about the reader out.
    @Test func fraudReportDoesNotNameTheReportersToTheReportedModerator() async throws {
        let fixture = try APIFixture()
        let a = fixture.a
        let moderatorID = a.member(.moderator).id
        try await fixture.run { client in
            let neighbour = try await Self.newResident(client, a, name: "邻居甲")
            for token in [a.secret(.resident), a.targetToken.secret, neighbour.secret] {
                let report = try await client.call(
                    .post, "/v1/reports", token: token,
                    json: #"{"target_type":"member","target_id":"\#(moderatorID)","category":"harassment","text":"审核员借审核之名刁难我"}"#)
                #expect(report.status == .created, "\(String(buffer: report.body))")
            }
            // Another moderator (the admin) sees the cluster, as intended.
            let forAdmin = try await client.call(.get, "/v1/communities/\(a.community.id)/fraud-report?format=json", token: a.secret(.admin))
            #expect(forAdmin.status == .ok)
            #expect(String(buffer: forAdmin.body).contains("report_cluster"), "the cluster signal fired")

            let forModerator = try await client.call(
                .get, "/v1/communities/\(a.community.id)/fraud-report?format=json", token: a.secret(.moderator))
            let body = String(buffer: forModerator.body)
            #expect(forModerator.status == .forbidden || !body.contains(neighbour.id),
                    "the reported moderator reads who reported them in the fraud report: \(forModerator.status)")
        }
    }

    /// The admin upholds a resident's report about a moderator (a warning). The reported moderator
    /// may not read the case (`case.own`), but `GET /v1/audit` is theirs too: the upheld-report
    /// reward paid to the reporter is audited as `ledger.reward_granted` with `member_id` = the
    /// reporter and `category` = `upheld_report`, right after the `case.resolved` entry. The
    /// reporter is exposed to the moderator they reported.
    @Test func auditLogDoesNotNameTheReporterToTheReportedModerator() async throws {
        let fixture = try APIFixture()
        let a = fixture.a
        let reporterID = a.member(.resident).id.rawValue
        try await fixture.run { client in
            _ = try await Self.upholdResidentsReportAboutModerator(client, a)
            #expect(try Self.payReportRewardsNow(fixture) == 1)
            let admins = try await client.call(.get, "/v1/audit?target_type=transfer&limit=100", token: a.secret(.admin))
            #expect(String(buffer: admins.body).contains("upheld_report"), "the admin reads the reward's audit entry")

            let audit = try await client.call(.get, "/v1/audit?target_type=transfer&limit=100", token: a.secret(.moderator))
            #expect(audit.status == .ok || audit.status == .forbidden)
            let items = (try? audit.object()["items"] as? [[String: Any]]) ?? []
            let naming = items.filter { entry in
                let after = entry["after"] as? String ?? ""
                return after.contains(reporterID) && after.contains("upheld_report")
            }
            #expect(naming.isEmpty, "the reported moderator finds the reporter's reward in the audit log: \(naming)")
        }
    }

    /// Found by review (session 22): the upheld-report reward is paid without a webhook, but its
    /// reversal by an admin went out as `ledger.transfer_reversed` with the reporter's posting to
    /// every webhook consumer (community chat groups), and its audit entry (target: the reward
    /// transfer) was shown to the moderator the case was about.
    @Test func reversingAReportersRewardDoesNotNameThem() async throws {
        let fixture = try APIFixture()
        let a = fixture.a
        try await fixture.run { client in
            _ = try await Self.upholdResidentsReportAboutModerator(client, a)
            #expect(try Self.payReportRewardsNow(fixture) == 1)
            let reward = try #require(try fixture.environment.database.readSync { db in
                try String.fetchOne(db, sql: "SELECT transfer_id FROM report_rewards WHERE paid_at IS NOT NULL")
            })
            let reversed = try await client.call(
                .post, "/v1/ledger/transfers/\(reward)/reversal", token: a.secret(.admin), json: #"{"reason":"举报奖励发错了"}"#)
            #expect(reversed.status == .created, "\(String(buffer: reversed.body))")
            let announced = try fixture.environment.database.readSync { db in
                try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM outbox_events WHERE event_type = 'ledger.transfer_reversed'")
            }
            #expect(announced == 0, "the reversal of an unannounced reward went out on webhooks")

            let admins = try await client.call(.get, "/v1/audit?target_type=transfer&target_id=\(reward)", token: a.secret(.admin))
            #expect(String(buffer: admins.body).contains("ledger.transfer_reversed"), "the admin reads the reversal's audit entry")
            let moderators = try await client.call(.get, "/v1/audit?target_type=transfer&target_id=\(reward)", token: a.secret(.moderator))
            #expect(moderators.status == .ok)
            #expect(!String(buffer: moderators.body).contains("ledger.transfer_reversed"), "the reported moderator reads the reversal")
        }
    }

    /// A case resolution's `reason` is the moderator's message about the case (cases are readable by
    /// moderators only). A suspension copies it into the member's `status_reason`, and
    /// `GET /v1/members/{id}` shows `status_reason` to every member of the community (`MemberView`
    /// hides only the phone). Any neighbour now reads why the moderators suspended someone. The
    /// reason should be shown to the member themselves and to staff who handle standing, not to
    /// every resident.
    @Test func aSuspensionReasonIsNotShownToEveryNeighbour() async throws {
        let fixture = try APIFixture()
        let a = fixture.a
        try await fixture.run { client in
            _ = try await TrustStandingHTTPTests.resolveCaseAgainstTarget(client, a, actionJSON: #"{"kind":"suspend","days":7}"#)
            let ownView = try await client.call(.get, "/v1/members/\(a.target.id)", token: a.secret(.moderator)).object()
            #expect(ownView["status"] as? String == "suspended")
            #expect(ownView["status_reason"] as? String == "邻居反映属实", "moderators see the reason")

            let neighbour = try await Self.newResident(client, a, name: "邻居乙")
            let seen = try await client.call(.get, "/v1/members/\(a.target.id)", token: neighbour.secret)
            #expect(seen.status == .ok)
            let reason = try seen.object()["status_reason"] as? String
            #expect(reason == nil, "an uninvolved neighbour reads the moderators' reason: \(reason ?? "")")
        }
    }

    /// The rule file's `moderation.max_suspension_days` (90 in rules/default.yaml) is "the longest
    /// suspension a moderator may impose without an admin", and a case resolution enforces it (a
    /// 365-day suspension is 422 at `/actions/0/days`). `PUT /v1/members/{id}/status` — the same
    /// moderator, the same member — takes any `until` (or none: suspended until lifted) without
    /// looking at the rule: `MemberCommands.changeStatus` validates only that `until` is in the
    /// future. The limit is bypassed by choosing the other route.
    @Test(arguments: [
        #"{"status":"suspended","reason":"多次骚扰","until":"UNTIL"}"#,
        #"{"status":"suspended","reason":"多次骚扰"}"#,
    ])
    func moderatorStatusChangeHonoursTheMaximumSuspension(template: String) async throws {
        let fixture = try APIFixture()
        let a = fixture.a
        try await fixture.run { client in
            let until = ISO8601DateFormatter().string(from: Date().addingTimeInterval(365 * 86_400))
            let changed = try await client.call(
                .put, "/v1/members/\(a.target.id)/status", token: a.secret(.moderator),
                json: template.replacingOccurrences(of: "UNTIL", with: until))
            #expect(changed.status.code == 422 || changed.status == .forbidden,
                    "a moderator suspended beyond max_suspension_days (90): \(changed.status) \(String(buffer: changed.body))")
        }
    }

    /// Over HTTP, the proxy route of the store test `stationStaffCannotRateForASuspendedResident`:
    /// the suspended resident's own token is refused (403 `auth.member_inactive`), and so is the
    /// station staff member's rating in her name (404: staff do not act for a suspended resident).
    @Test func stationStaffCannotRateInTheNameOfASuspendedResident() async throws {
        let fixture = try APIFixture()
        let a = fixture.a
        try await fixture.run { client in
            let staff = a.secret(.stationStaff)
            // The fixture's staff member lives with the listing's owner; staff do not request
            // for a resident on a housemate's listing (`exchange.proxy_own_household`), so they move out.
            let moved = try await client.call(
                .patch, "/v1/members/\(a.member(.stationStaff).id)", token: a.secret(.admin), json: #"{"household_id":null}"#)
            #expect(moved.status == .ok, "\(String(buffer: moved.body))")
            let formatter = ISO8601DateFormatter()
            let start = Date().addingTimeInterval(86_400)
            let body = #"{"listing_id":"\#(a.listing.id)","requester_id":"\#(a.target.id)","scheduled_start":"\#(formatter.string(from: start))","scheduled_end":"\#(formatter.string(from: start.addingTimeInterval(3600)))","note":"本人到站，同意支付"}"#
            let created = try await client.call(.post, "/v1/exchanges", token: staff, json: body)
            #expect(created.status == .created, "\(String(buffer: created.body))")
            let id = try #require(try created.object()["id"] as? String)
            let accepted = try await client.call(.post, "/v1/exchanges/\(id)/accept", token: a.secret(.resident))
            #expect(accepted.status == .ok, "\(String(buffer: accepted.body))")
            let completed = try await client.call(.post, "/v1/exchanges/\(id)/complete", token: staff, json: "{}")
            #expect(completed.status == .ok, "\(String(buffer: completed.body))")

            let suspended = try await client.call(
                .put, "/v1/members/\(a.target.id)/status", token: a.secret(.moderator),
                json: #"{"status":"suspended","reason":"多次爽约","until":"\#(formatter.string(from: Date().addingTimeInterval(7 * 86_400)))"}"#)
            #expect(suspended.status == .ok, "\(String(buffer: suspended.body))")

            let own = try await client.call(.post, "/v1/exchanges/\(id)/rating", token: a.targetToken.secret, json: #"{"stars":1}"#)
            #expect(own.status == .forbidden)
            let proxied = try await client.call(
                .post, "/v1/exchanges/\(id)/rating", token: staff, json: #"{"stars":1,"comment":"东西是坏的"}"#)
            // While she is suspended staff no longer act in what they registered for her (as with a
            // consent, session 21): the exchange is not theirs to open.
            #expect(proxied.status == .notFound, "staff rated for the suspended resident: \(proxied.status) \(String(buffer: proxied.body))")
        }
    }

    /// The next local day has come for the queued report rewards: the service pays them, as the
    /// `report-rewards` periodic task does. Returns how many it paid.
    static func payReportRewardsNow(_ fixture: APIFixture) throws -> Int {
        try fixture.environment.store.transactionSync { tx in
            try tx.db.execute(sql: "UPDATE report_rewards SET due_at = ? WHERE paid_at IS NULL", arguments: [tx.now])
            return try ReportRewards.payDue(tx, rules: fixture.environment.listings.rules).paid
        }
    }

    /// The resident reports the moderator, and the admin upholds it with a warning: the reporter's
    /// reward is queued for the next day (`ReportRewards`). Returns the case id.
    static func upholdResidentsReportAboutModerator(_ client: any TestClientProtocol, _ a: SeededCommunity) async throws -> String {
        let report = try await client.call(
            .post, "/v1/reports", token: a.secret(.resident),
            json: #"{"target_type":"member","target_id":"\#(a.member(.moderator).id)","category":"harassment","text":"审核员辱骂我"}"#)
        #expect(report.status == .created)
        let caseID = try #require(try report.object()["case_id"] as? String)
        #expect(try await client.call(.post, "/v1/cases/\(caseID)/claim", token: a.secret(.admin)).status == .ok)
        let resolution = try await client.call(
            .post, "/v1/cases/\(caseID)/resolution", token: a.secret(.admin), json: #"{"actions":[{"kind":"warn"}],"reason":"属实，予以警告"}"#)
        #expect(resolution.status == .ok, "\(String(buffer: resolution.body))")
        return caseID
    }
}
