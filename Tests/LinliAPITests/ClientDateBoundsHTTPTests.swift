import Foundation
import HTTPTypes
import HummingbirdTesting
import LinliDomain
import LinliStore
import Testing

/// Dates a client sends are held to years 1583–9999: year 0000 in a statement's `from` used to
/// reach the ledger's timestamp formatter and trap, taking the whole server down.
@Suite struct ClientDateBoundsHTTPTests {
    @Test(arguments: ["0000-01-01T00:00:00Z", "0000-01-01", "1582-12-31T23:59:59Z", "10000-01-01", "10000-01-01T00:00:00Z"])
    func aStatementBoundOutsideTheSupportedYearsIsAQueryProblem(value: String) async throws {
        let fixture = try APIFixture()
        let a = fixture.a
        try await fixture.run { client in
            let id = a.member(.resident).id
            for name in ["from", "to"] {
                let response = try await client.call(.get, "/v1/members/\(id)/statement?\(name)=\(value)", token: a.secret(.resident))
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
    @Test(arguments: ["0000-01-01T00:00:00Z", "2027-02-30T01:00:00Z"])
    func aBodyDateOutsideTheSupportedYearsOrImpossibleIsAFieldProblem(until: String) async throws {
        let fixture = try APIFixture()
        let a = fixture.a
        try await fixture.run { client in
            let response = try await client.call(
                .put, "/v1/members/\(a.target.id)/status", token: a.secret(.moderator),
                json: #"{"status":"suspended","reason":"核查中","until":"\#(until)"}"#)
            #expect(response.status == .unprocessableContent)
            let errors = try #require(try response.object()["errors"] as? [[String: Any]])
            #expect(errors.first?["pointer"] as? String == "/until")
            #expect(errors.first?["code"] as? String == "field.invalid_format")
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
