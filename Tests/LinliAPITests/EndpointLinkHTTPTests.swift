import Foundation
import HTTPTypes
import HummingbirdTesting
import LinliDomain
import NIOCore
import Testing

/// A WeCom news endpoint's `chat.link` (`ChatLink`): kept and shown, removed with `""`, and
/// refused with its pointer where no card would open it.
@Suite struct EndpointLinkHTTPTests {
    static let url = "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b"

    @Test func aNewsEndpointKeepsShowsAndDropsItsLink() async throws {
        let fixture = try APIFixture()
        try await fixture.run { client in
            let admin = fixture.a.secret(.admin)
            let made = try await client.call(.post, "/v1/webhooks/endpoints", token: admin, json: #"""
                {"url":"\#(Self.url)","format":"wecom","events":["listing.published"],
                 "chat":{"style":"news","link":"https://linli.example.org/m/listings/{listing_id}"}}
                """#)
            #expect(made.status == .created, "\(String(buffer: made.body))")
            let id = try #require((try made.object()["endpoint"] as? [String: Any])?["id"] as? String)
            func link() async throws -> String? {
                let shown = try await client.call(.get, "/v1/webhooks/endpoints/\(id)", token: admin)
                return (try shown.object()["chat"] as? [String: Any])?["link"] as? String
            }
            #expect(try await link() == "https://linli.example.org/m/listings/{listing_id}")

            let text = try await client.call(
                .patch, "/v1/webhooks/endpoints/\(id)", token: admin, json: #"{"chat":{"style":"text"}}"#, headers: [.ifMatch: "\"1\""])
            #expect(text.status == .unprocessableContent, "a text message opens no link: \(String(buffer: text.body))")
            let errors = try #require(try text.object()["errors"] as? [[String: Any]])
            #expect(errors.map { "\($0["pointer"] as? String ?? "") \($0["reason"] as? String ?? "")" } == ["/chat/link endpoint.link_invalid"])

            let cleared = try await client.call(
                .patch, "/v1/webhooks/endpoints/\(id)", token: admin, json: #"{"chat":{"style":"text","link":""}}"#,
                headers: [.ifMatch: "\"1\""])
            #expect(cleared.status == .ok, "\(String(buffer: cleared.body))")
            #expect(try await link() == nil)

            let hosted = try await client.call(
                .patch, "/v1/webhooks/endpoints/\(id)", token: admin,
                json: #"{"chat":{"style":"news","link":"https://{listing_id}.example.org/"}}"#, headers: [.ifMatch: "\"2\""])
            #expect(hosted.status == .unprocessableContent)
            let detail = (try hosted.object()["errors"] as? [[String: Any]])?.first?["detail"] as? String
            #expect(detail?.contains("域名之后") == true, "\(String(buffer: hosted.body))")
        }
    }
}
