import Foundation
import HTTPTypes
import HummingbirdTesting
import LinliDomain
import LinliStore
import Testing

/// Dates a client sends are held to years 1583–9999: year 0000 in a statement's `from` used to
/// reach the ledger's timestamp formatter and trap, taking the whole server down.
@Suite struct ClientDateBoundsHTTPTests {
    @Test(arguments: [
        "0000-01-01T00:00:00Z", "0000-01-01", "1582-12-31T23:59:59Z", "10000-01-01", "10000-01-01T00:00:00Z",
        // Helper 170 #1: written in 9999 and 1583, in 10000 and 1582 in UTC.
        "9999-12-31T23:00:00-05:00", "1583-01-01T01:00:00+02:00",
    ])
    func aStatementBoundOutsideTheSupportedYearsIsAQueryProblem(value: String) async throws {
        let fixture = try APIFixture()
        let a = fixture.a
        try await fixture.run { client in
            let id = a.member(.resident).id
            let encoded = value.replacingOccurrences(of: "+", with: "%2B")
            for name in ["from", "to"] {
                let response = try await client.call(.get, "/v1/members/\(id)/statement?\(name)=\(encoded)", token: a.secret(.resident))
                #expect(response.status == .badRequest)
                let problem = try response.object()
                #expect(problem["code"] as? String == "query.invalid")
            }
        }
    }

    /// Session 30 review: the query parameters rolled impossible dates over too.
    @Test(arguments: ["2026-02-30T10:00:00Z", "2026-12-01T10:00:00+24:00", "2026-12-01T24:00:00Z"])
    func anImpossibleStatementBoundIsAQueryProblem(value: String) async throws {
        let fixture = try APIFixture()
        let a = fixture.a
        try await fixture.run { client in
            let encoded = value.replacingOccurrences(of: "+", with: "%2B")
            let response = try await client.call(.get, "/v1/members/\(a.member(.resident).id)/statement?from=\(encoded)", token: a.secret(.resident))
            #expect(response.status == .badRequest)
            #expect(try response.object()["code"] as? String == "query.invalid")
        }
    }

    @Test func statementBoundsAtTheEdgesOfTheSupportedYearsAreAccepted() async throws {
        let fixture = try APIFixture()
        let a = fixture.a
        try await fixture.run { client in
            let id = a.member(.resident).id
            let response = try await client.call(
                .get, "/v1/members/\(id)/statement?from=1583-01-01T00:00:00Z&to=9999-12-31", token: a.secret(.resident))
            #expect(response.status == .ok)
        }
    }

    /// The same bound on dates in JSON bodies (they reach the store's time formatter), and
    /// (session 30 walk) a date that names no real instant, which the parser rolled over to another.
    /// Helper 170 #1: `9999-12-31T23:00:00-05:00` is year 10000 in UTC. An admin (no suspension
    /// bound) stored it, and every later read of the member trapped in the date parser, so the
    /// member is read back after the refusal.
    @Test(arguments: ["0000-01-01T00:00:00Z", "2027-02-30T01:00:00Z", "9999-12-31T23:00:00-05:00"])
    func aBodyDateOutsideTheSupportedYearsOrImpossibleIsAFieldProblem(until: String) async throws {
        let fixture = try APIFixture()
        let a = fixture.a
        try await fixture.run { client in
            for role in [Role.moderator, .admin] {
                let response = try await client.call(
                    .put, "/v1/members/\(a.target.id)/status", token: a.secret(role),
                    json: #"{"status":"suspended","reason":"核查中","until":"\#(until)"}"#)
                #expect(response.status == .unprocessableContent)
                let errors = try #require(try response.object()["errors"] as? [[String: Any]])
                #expect(errors.first?["pointer"] as? String == "/until")
                #expect(errors.first?["code"] as? String == "field.invalid_format")
            }
            let member = try await client.call(.get, "/v1/members/\(a.target.id)", token: a.secret(.admin))
            #expect(member.status == .ok)
        }
    }

    /// The audit log's `since` after the last instant held is refused, not read as "after
    /// everything" by a text comparison with a five-digit year (helper 170 #1).
    @Test func anAuditSinceBeyondTheSupportedInstantsIsAQueryProblem() async throws {
        let fixture = try APIFixture()
        let a = fixture.a
        try await fixture.run { client in
            let response = try await client.call(.get, "/v1/audit?since=9999-12-31T23:00:00-05:00", token: a.secret(.admin))
            #expect(response.status == .badRequest)
            #expect(try response.object()["code"] as? String == "query.invalid")
        }
    }

    /// An offset written without its colon (`+0800`, ISO 8601's basic form, as many clients send
    /// it) is still taken, as before the stricter check.
    @Test func anOffsetWithoutItsColonIsTaken() async throws {
        let fixture = try APIFixture()
        let a = fixture.a
        let until = ISO8601DateFormatter().string(from: Date().addingTimeInterval(10 * 86_400)).replacingOccurrences(of: "Z", with: "+0000")
        try await fixture.run { client in
            let response = try await client.call(
                .put, "/v1/members/\(a.target.id)/status", token: a.secret(.moderator),
                json: #"{"status":"suspended","reason":"核查中","until":"\#(until)"}"#)
            #expect(response.status == .ok, "\(until): \(String(buffer: response.body))")
        }
    }
}
