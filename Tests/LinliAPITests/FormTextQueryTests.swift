import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
@testable import LinliAPI
import NIOCore
import Testing

/// Helper 124: `q=字典+新华` (a form's or `URLSearchParams`' spelling of a space) found nothing,
/// while `q=字典%20新华` found the listing. Free-text filters read `+` as a space and `%2B` as a plus.
@Suite struct FormTextQueryTests {
    static func request(_ pathAndQuery: String) -> Request {
        Request(head: HTTPRequest(method: .get, scheme: "http", authority: "localhost", path: pathAndQuery), body: RequestBody(buffer: ByteBuffer()))
    }

    @Test(arguments: [
        ("/v1/listings?q=%E5%AD%97%E5%85%B8+%E6%96%B0%E5%8D%8E", "字典 新华"),
        ("/v1/listings?q=%E5%AD%97%E5%85%B8%20%E6%96%B0%E5%8D%8E", "字典 新华"),
        ("/v1/listings?kind=item&q=C%2B%2B", "C++"),
        ("/v1/listings?q=", ""),
        ("/v1/listings?area=%E4%B8%9C%E5%8C%BA&q=a+b", "a b"),
    ])
    func readsAsAFormDoes(_ path: String, _ expected: String) {
        #expect(RequestParameters.formText(Self.request(path), "q") == expected)
    }

    @Test func absentIsNil() {
        #expect(RequestParameters.formText(Self.request("/v1/listings?kind=item"), "q") == nil)
        #expect(RequestParameters.formText(Self.request("/v1/listings"), "q") == nil)
    }

    @Test func aPlusSeparatesSearchWords() async throws {
        let fixture = try APIFixture()
        let token = fixture.a.secret(.resident)
        try await fixture.run { client in
            // The fixture's published 折叠梯, searched as two words.
            let spaced = try await client.call(.get, "/v1/listings?q=%E6%8A%98%E5%8F%A0%20%E6%A2%AF", token: token).object()
            let plussed = try await client.call(.get, "/v1/listings?q=%E6%8A%98%E5%8F%A0+%E6%A2%AF", token: token).object()
            let count = (spaced["items"] as? [Any])?.count ?? 0
            #expect(count >= 1)
            #expect((plussed["items"] as? [Any])?.count == count)
        }
    }
}
