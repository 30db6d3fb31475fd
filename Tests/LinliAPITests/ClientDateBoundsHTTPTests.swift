import Foundation
import HTTPTypes
import HummingbirdTesting
import LinliDomain
import LinliStore
import Testing
@testable import LinliAPI

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

    /// The same bound on dates in JSON bodies (they reach the store's time formatter).
    @Test func aBodyDateOutsideTheSupportedYearsIsAFieldProblem() async throws {
        let fixture = try APIFixture()
        let a = fixture.a
        try await fixture.run { client in
            let response = try await client.call(
                .put, "/v1/members/\(a.target.id)/status", token: a.secret(.moderator),
                json: #"{"status":"suspended","reason":"核查中","until":"0000-01-01T00:00:00Z"}"#)
            #expect(response.status == .unprocessableContent)
            let errors = try #require(try response.object()["errors"] as? [[String: Any]])
            #expect(errors.first?["pointer"] as? String == "/until")
            #expect(errors.first?["code"] as? String == "field.invalid_format")
        }
    }

    /// Session 30 walk: impossible fields were rolled over (`T25:00` stored as 01:00 the next day,
    /// 30 February as 2 March); now they are refused, and real instants in every RFC 3339 form pass.
    @Test(arguments: [
        ("2026-12-20T01:00:00Z", true), ("2026-12-20t01:00:00z", true), ("2026-12-20T01:00:00.250Z", true),
        ("2026-12-20T09:00:00+08:00", true), ("2026-12-20T00:00:00-03:30", true), ("2028-02-29T12:00:00Z", true),
        ("2000-02-29T12:00:00Z", true), ("2026-12-31T23:59:59Z", true),
        ("2026-12-20T25:00:00Z", false), ("2026-12-20T24:00:00Z", false), ("2027-02-30T01:00:00Z", false),
        ("2026-02-29T01:00:00Z", false), ("1900-02-29T01:00:00Z", false), ("2026-04-31T01:00:00Z", false),
        ("2026-13-01T01:00:00Z", false), ("2026-00-10T01:00:00Z", false), ("2026-12-00T01:00:00Z", false),
        ("2026-12-13T23:60:00Z", false), ("2026-12-13T23:59:60Z", false), ("2026-12-13T10:00:00+24:00", false),
        ("2026-12-13T10:00:00+08:60", false), ("2026-12-13T10:00:00", false), ("2026-12-13 10:00:00Z", false),
        ("2026-12-13T10:00:00.Z", false), ("2026-12-13T10:00:00+0800", false), ("2026-12-13T10:00:00Zjunk", false),
        ("2026-12-13", false), ("", false),
    ])
    func realDateTimes(_ text: String, _ real: Bool) {
        #expect(ClientDates.isRealDateTime(text) == real, "\(text)")
    }

    @Test func anImpossibleBodyDateIsAFieldProblem() async throws {
        let fixture = try APIFixture()
        let a = fixture.a
        try await fixture.run { client in
            let response = try await client.call(
                .put, "/v1/members/\(a.target.id)/status", token: a.secret(.moderator),
                json: #"{"status":"suspended","reason":"核查中","until":"2027-02-30T01:00:00Z"}"#)
            #expect(response.status == .unprocessableContent)
            let errors = try #require(try response.object()["errors"] as? [[String: Any]])
            #expect(errors.first?["pointer"] as? String == "/until")
            #expect(errors.first?["code"] as? String == "field.invalid_format")
        }
    }
}
