import Foundation
import HTTPTypes
import HummingbirdTesting
import LinliDomain
import NIOCore
import Testing

/// Found by review 9g (each test failed first): the 9e fix hides the upheld-report reward's audit
/// entry from the member the case was about (`AuditQueries.list`), but the same reward is readable
/// through the ledger by that member.
@Suite struct StatementReporterPrivacyTests {
    /// The admin upholds a resident's report about a moderator. The audit log no longer shows the
    /// reward to the reported moderator, but a moderator holds `ledger.read_others`: the reporter's
    /// `GET /v1/members/{id}/statement` lists the reward with `category: upheld_report` and
    /// `memo` = the case id (the case the moderator is told about), and walking the member
    /// directory's statements finds who reported them — what `case.own` and the audit filter hide.
    @Test func theReportedModeratorDoesNotFindTheReporterInTheirStatement() async throws {
        let fixture = try APIFixture()
        let a = fixture.a
        let reporterID = a.member(.resident).id
        try await fixture.run { client in
            let caseID = try await TrustPrivacyHTTPTests.upholdResidentsReportAboutModerator(client, a)

            // The reporter does get the reward (what makes this meaningful).
            let own = try await client.call(.get, "/v1/members/\(reporterID)/statement?limit=100", token: a.secret(.resident))
            let ownItems = (try? own.object()["items"] as? [[String: Any]]) ?? []
            #expect(ownItems.contains { $0["memo"] as? String == caseID }, "the reporter's reward is on their statement")

            let statement = try await client.call(
                .get, "/v1/members/\(reporterID)/statement?limit=100", token: a.secret(.moderator))
            let items = (try? statement.object()["items"] as? [[String: Any]]) ?? []
            let naming = items.filter { $0["category"] as? String == "upheld_report" && $0["memo"] as? String == caseID }
            #expect(
                naming.isEmpty,
                "the reported moderator reads the reward for the case about them on the reporter's statement (\(statement.status)): \(naming)")
        }
    }
}
