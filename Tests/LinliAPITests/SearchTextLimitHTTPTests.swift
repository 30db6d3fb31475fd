import Foundation
import HummingbirdTesting
import Testing
@testable import LinliAPI

/// Helper 185 #6: a search of six words was answered for its first five (the document says every
/// word must match), and a search over 50 characters was a bare `query.invalid`; each now says
/// its limit.
@Suite struct SearchTextLimitHTTPTests {
    @Test func aSearchSaysItsLimits() async throws {
        let fixture = try APIFixture()
        let token = fixture.a.secret(.resident)
        @Sendable func query(_ text: String) -> String { text.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? text }
        try await fixture.run { client in
            let six = try await client.call(.get, "/v1/listings?q=\(query("婴儿 推车 九成 新的 北门 不存在"))", token: token, headers: [.acceptLanguage: "en"])
            #expect(six.status == .badRequest)
            let words = try six.object()
            #expect(words["code"] as? String == "query.too_many_words")
            #expect((words["detail"] as? String)?.contains("at most 5 words") == true, "\(words)")

            let long = try await client.call(.get, "/v1/listings?q=\(query(String(repeating: "车", count: 51)))", token: token)
            #expect(long.status == .badRequest)
            let length = try long.object()
            #expect(length["code"] as? String == "query.too_long")
            #expect((length["parameters"] as? [String: Any])?["max"] as? String == "50")

            let five = try await client.call(.get, "/v1/listings?q=\(query("婴儿 推车 九成 新的 北门"))", token: token)
            #expect(five.status == .ok)
            let blank = try await client.call(.get, "/v1/listings?q=%20%20", token: token)
            #expect(try blank.object()["code"] as? String == "query.invalid")
        }
    }
}
