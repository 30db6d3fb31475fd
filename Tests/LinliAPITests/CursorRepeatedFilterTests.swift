import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import LinliDomain
import NIOCore
import Testing
@testable import LinliAPI

/// Found by review 9g (each test failed first): the 9f cursor scope (`Cursor.scope(of:)`,
/// RequestParameters.swift) is meant to refuse a cursor written under other filters, but the
/// scope is not what the handler reads.
@Suite struct CursorRepeatedFilterTests {
    /// A repeated query key: the handler read the *first* value (`FlatDictionary` subscript,
    /// `RequestParameters.enumeration`), while the scope sorts every `key=value` pair, so
    /// `?role=resident&role=admin` (the residents' list) and `?role=admin&role=resident` (the
    /// admins' list) had one scope, and a residents' cursor answered 200 on the admins' list.
    /// A repeated key is now refused before any handler reads it (400 `query.repeated`, helpers
    /// 184 #4, 185 #3: `?kind=hold&kind=exchange` on a statement answered hold lines alone), with
    /// or without a cursor.
    @Test func aRepeatedFilterKeyIsRefused() async throws {
        let fixture = try APIFixture()
        let a = fixture.a
        try await fixture.run { client in
            let page = try await client.call(.get, "/v1/members?limit=1", token: a.secret(.admin))
            let cursor = try #require(try page.object()["next_cursor"] as? String)
            for target in [
                "/v1/members?role=resident&role=admin&limit=1", "/v1/members?role=admin&role=resident&limit=1&cursor=\(cursor)",
                "/v1/members?limit=1&limit=100", "/v1/members/\(a.member(.resident).id)/statement?kind=hold&kind=exchange",
            ] {
                let answer = try await client.call(.get, target, token: a.secret(.admin))
                #expect(answer.status == .badRequest, "\(target)")
                let problem = try answer.object()
                #expect(problem["code"] as? String == "query.repeated", "\(target)")
                let name = target.contains("role=") ? "role" : target.contains("kind=") ? "kind" : "limit"
                #expect((problem["parameters"] as? [String: Any])?["name"] as? String == name, "\(target)")
            }
            let one = try await client.call(.get, "/v1/members?role=resident&limit=1", token: a.secret(.admin))
            #expect(one.status == .ok)
        }
    }

    /// Filter values are percent-decoded before they are joined with `=` and `&`, so one filter
    /// whose value contains `&` and `=` (`area=东区%26category%3D工具`: the area "东区&category=工具")
    /// has the same scope as two filters (`area=东区&category=工具`). Different lists, one scope: a
    /// cursor of one is accepted on the other.
    @Test func oneFilterWithAnAmpersandIsNotTwoFilters() throws {
        func request(_ target: String) -> Request {
            Request(
                head: HTTPRequest(method: .get, scheme: "http", authority: "localhost", path: target),
                body: RequestBody(buffer: ByteBuffer()))
        }
        let two = Cursor.scope(of: request("/v1/listings?area=%E4%B8%9C%E5%8C%BA&category=%E5%B7%A5%E5%85%B7"))
        let one = Cursor.scope(of: request("/v1/listings?area=%E4%B8%9C%E5%8C%BA%26category%3D%E5%B7%A5%E5%85%B7"))
        #expect(two != one, "area=东区 & category=工具 vs area=\"东区&category=工具\": both scoped \(one)")
        let cursor = Cursor.encode("lst_01JD5Q0Z6W8K3M2N4P5R6S7T8V", scope: two)
        #expect(throws: DomainError.self) { try Cursor.decode(cursor, scope: one) }
    }
}

/// Helper 118: page 2 of `/v1/reviews` asked with `status=pending`, the list's default, was 400
/// `cursor.malformed`: a filter given with its default value reads the same list, so it has the
/// same cursor scope; any other value, or the key repeated, does not.
@Suite struct CursorDefaultFilterTests {
    static func scope(_ pathAndQuery: String) -> String {
        let head = HTTPRequest(method: .get, scheme: "http", authority: "localhost", path: pathAndQuery)
        return Cursor.scope(of: Request(head: head, body: RequestBody(buffer: ByteBuffer())))
    }

    @Test(arguments: [
        ("/v1/reviews?status=pending", "/v1/reviews", true), ("/v1/reviews?status=approved", "/v1/reviews", false),
        ("/v1/reviews?status=pending&status=approved", "/v1/reviews?status=approved", false),
        ("/v1/cases?status=open", "/v1/cases", true), ("/v1/appeals?status=pending", "/v1/appeals", true),
        ("/v1/fraud-signals?status=open", "/v1/fraud-signals", true), ("/v1/no-show-contests?state=open", "/v1/no-show-contests", true),
        ("/v1/events?when=upcoming&kind=market", "/v1/events?kind=market", true), ("/v1/notifications?unread=false", "/v1/notifications", true),
        ("/v1/members?status=pending", "/v1/members", false),
        // Helper 170 #3: the audit log reads oldest first unless told otherwise.
        ("/v1/audit?order=oldest", "/v1/audit", true), ("/v1/audit?order=newest", "/v1/audit", false),
        // Helper 124: JSON and CSV are one list, `format=json` spelled out included.
        ("/v1/members/mem_1/statement?format=json", "/v1/members/mem_1/statement", true),
        ("/v1/members/mem_1/statement?format=csv&kind=reward", "/v1/members/mem_1/statement?kind=reward", true),
        ("/v1/events/cev_1/registrations?format=json", "/v1/events/cev_1/registrations", true),
    ])
    func aDefaultFilterSpelledOutReadsTheSameList(_ spelled: String, _ bare: String, _ same: Bool) {
        #expect((Self.scope(spelled) == Self.scope(bare)) == same)
    }

    @Test func pageTwoOfTheReviewQueueTakesTheDefaultSpelledOut() async throws {
        let fixture = try APIFixture()
        let a = fixture.a
        try await fixture.run { client in
            let posted = try await client.call(
                .post, "/v1/listings", token: a.secret(.resident),
                json: #"{"direction":"offer","kind":"item","category":"books","title":"旧书一套","description":"全套","declared_cost":"100","age_months":6,"condition":"good","submit":true}"#)
            #expect(posted.status == .created, "\(String(buffer: posted.body))")
            let first = try await client.call(.get, "/v1/reviews?limit=1", token: a.secret(.moderator))
            let cursor = try #require(try first.object()["next_cursor"] as? String)
            let second = try await client.call(.get, "/v1/reviews?status=pending&limit=1&cursor=\(cursor)", token: a.secret(.moderator))
            #expect(second.status == .ok, "\(String(buffer: second.body))")
        }
    }
}
