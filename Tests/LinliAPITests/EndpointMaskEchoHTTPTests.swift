import Foundation
import GRDB
import HTTPTypes
import HummingbirdTesting
import LinliDomain
import NIOCore
import Testing

/// An edit form reads an endpoint (robot key, signing secret and mobiles masked) and saves it
/// whole. Found by the session-17 webhook walk: the masks were stored (`access_token=****`,
/// `138****1111`, `signing_secret: "****"`), which broke the robot and its signatures without a
/// word. The masks Linli showed now mean "unchanged"; any other masked value is 422.
@Suite struct EndpointMaskEchoHTTPTests {
    static let token = "3f5a9c0e7b1d4e2f8a6c0b9d7e5f3a1c"
    static let secret = "SEC" + String(repeating: "0123456789abcdef", count: 4)
    static let created = #"""
        {"url":"https://oapi.dingtalk.com/robot/send?access_token=\#(token)","format":"dingtalk","events":["listing.*"],
         "chat":{"mentioned_mobiles":["13800001111","13899991111"],"signing_secret":"\#(secret)"}}
        """#

    static func stored(_ fixture: APIFixture, _ id: String) throws -> (url: String, chat: String) {
        try fixture.environment.database.readSync { db in
            let row = try #require(try Row.fetchOne(db, sql: "SELECT url, chat_json FROM webhook_endpoints WHERE id = ?", arguments: [id]))
            return (row["url"], row["chat_json"])
        }
    }

    @Test func theMasksShownComeBackAsTheRealValues() async throws {
        let fixture = try APIFixture()
        try await fixture.run { client in
            let admin = fixture.a.secret(.admin)
            let made = try await client.call(.post, "/v1/webhooks/endpoints", token: admin, json: Self.created)
            #expect(made.status == .created, "\(String(buffer: made.body))")
            let id = try #require((try made.object()["endpoint"] as? [String: Any])?["id"] as? String)
            let before = try Self.stored(fixture, id)

            let shown = try await client.call(.get, "/v1/webhooks/endpoints/\(id)", token: admin)
            let view = try shown.object()
            let url = try #require(view["url"] as? String)
            let chat = try #require(view["chat"] as? [String: Any])
            let mobiles = try #require(chat["mentioned_mobiles"] as? [String])
            let signing = try #require(chat["signing_secret"] as? String)
            #expect(!url.contains(Self.token) && mobiles == ["138****1111", "138****1111"] && !signing.contains("0123"), "\(view)")

            // Saved whole, with only the description changed.
            let body = try JSONSerialization.data(withJSONObject: [
                "url": url, "description": "3号楼群",
                "chat": ["mentioned_mobiles": mobiles, "signing_secret": signing],
            ] as [String: Any])
            let saved = try await client.call(
                .patch, "/v1/webhooks/endpoints/\(id)", token: admin, json: String(decoding: body, as: UTF8.self),
                headers: [.ifMatch: "\"1\""])
            #expect(saved.status == .ok, "\(String(buffer: saved.body))")
            let after = try Self.stored(fixture, id)
            #expect(after.url == before.url)
            #expect(after.chat == before.chat, "the same numbers in the same order, the same secret")
        }
    }

    @Test(arguments: [
        (#"{"url":"https://oapi.dingtalk.com/robot/send?access_token=****"}"#, "/url"),
        (#"{"chat":{"signing_secret":"SECx****"}}"#, "/chat/signing_secret"),
        (#"{"chat":{"mentioned_mobiles":["139****2222"]}}"#, "/chat/mentioned_mobiles/0"),
    ])
    func aMaskThatIsNotTheCurrentValuesIsRefused(patch: String, pointer: String) async throws {
        let fixture = try APIFixture()
        try await fixture.run { client in
            let admin = fixture.a.secret(.admin)
            let made = try await client.call(.post, "/v1/webhooks/endpoints", token: admin, json: Self.created)
            let id = try #require((try made.object()["endpoint"] as? [String: Any])?["id"] as? String)
            let before = try Self.stored(fixture, id)
            let refused = try await client.call(
                .patch, "/v1/webhooks/endpoints/\(id)", token: admin, json: patch, headers: [.ifMatch: "\"1\"", .acceptLanguage: "zh-CN"])
            #expect(refused.status == .unprocessableContent, "\(String(buffer: refused.body))")
            let errors = try #require(try refused.object()["errors"] as? [[String: Any]])
            #expect(errors.map { $0["pointer"] as? String } == [pointer], "\(errors)")
            #expect(errors.first?["reason"] as? String == "endpoint.masked_value")
            #expect((errors.first?["detail"] as? String)?.contains("打码") == true, "\(errors)")
            #expect(try Self.stored(fixture, id) == before)
        }
    }
}
