import Foundation
import HTTPTypes
import HummingbirdTesting
import LinliDomain
import Testing

/// A member's statement stays readable while the rule version in force does not compile: the
/// rules only name reward lines, and a member (a suspended one included) must be able to read her
/// own points while organizers mend the file (helper 170 #2: it answered 503).
@Suite struct StatementWithUnreadableRulesHTTPTests {
    @Test func theStatementIsAnsweredAndTheBalanceSaysTheRulesAreUnreadable() async throws {
        let fixture = try APIFixture()
        let a = fixture.a
        try fixture.environment.database.writeSync { db in
            try db.execute(
                sql: "UPDATE rule_sets SET source = ?, content_hash = ? WHERE community_id = ? AND status = 'activated'",
                arguments: ["version: [1\ncategories: {", String(repeating: "b", count: 64), a.community.id.rawValue])
        }
        try await fixture.run { client in
            let id = a.member(.resident).id
            for format in ["json", "csv", "passbook"] {
                let statement = try await client.call(.get, "/v1/members/\(id)/statement?format=\(format)", token: a.secret(.resident))
                #expect(statement.status == .ok, "\(format): \(String(buffer: statement.body))")
            }
            // What does need the rules still says so, as documented.
            let balance = try await client.call(.get, "/v1/members/\(id)/balance", token: a.secret(.resident))
            #expect(balance.status == .serviceUnavailable)
            #expect(try balance.object()["code"] as? String == "rules.active_version_unreadable")
        }
    }
}
