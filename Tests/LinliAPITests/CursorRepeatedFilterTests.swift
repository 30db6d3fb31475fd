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
    /// A repeated query key: the handler reads the *first* value (`FlatDictionary` subscript,
    /// `RequestParameters.enumeration`), while the scope sorts every `key=value` pair, so
    /// `?role=resident&role=admin` (the residents' list) and `?role=admin&role=resident` (the
    /// admins' list) have one scope. A residents' cursor is accepted on the admins' list and
    /// answers 200 with a page that starts after a resident's id — the silent wrong/empty page 9f
    /// meant to turn into 400 `cursor.malformed`.
    @Test func aCursorIsRefusedWhenARepeatedFilterKeyChangesTheFilter() async throws {
        let fixture = try APIFixture()
        let a = fixture.a
        try await fixture.run { client in
            let residents = try await client.call(.get, "/v1/members?role=resident&role=admin&limit=1", token: a.secret(.admin))
            #expect(residents.status == .ok)
            let items = try #require(try residents.object()["items"] as? [[String: Any]])
            #expect(items.allSatisfy { $0["role"] as? String == "resident" }, "the first role= is the filter")
            let cursor = try #require(try residents.object()["next_cursor"] as? String, "the fixture has two residents")
            let admins = try await client.call(
                .get, "/v1/members?role=admin&role=resident&limit=1&cursor=\(cursor)", token: a.secret(.admin))
            let got = (try? admins.object()["items"] as? [[String: Any]]) ?? []
            #expect(
                admins.status == .badRequest,
                "residents' cursor on the admins' list: \(admins.status), \(got.count) items \(got.map { $0["role"] ?? "" })")
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
