import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import LinliDomain
import Testing

/// Found by review 9d (each test failed first): search text that is not FTS5 syntax still must not reach FTS5 as broken syntax.
@Suite struct SearchControlCharacterHTTPTests {
    /// `TextSearch.plan` quotes each term of 3+ characters as an FTS5 phrase, but a NUL inside
    /// the term ends the query text for FTS5's parser ("unterminated string"): the search fails
    /// with an SQLite error and the client gets a bare 500 instead of an empty page or a 400
    /// `query.invalid`.
    @Test(arguments: ["%00abc", "%E6%8A%98%00%E5%8F%A0%E6%A2%AF", "abc%00"])
    func searchWithANulIsNotAServerError(q: String) async throws {
        let fixture = try APIFixture()
        let token = fixture.a.secret(.resident)
        try await fixture.run { client in
            let response = try await client.call(.get, "/v1/listings?q=\(q)", token: token)
            #expect(response.status.code < 500, "q=\(q): \(response.status) \(String(buffer: response.body))")
        }
    }
}
