import Foundation
import HTTPTypes
import HummingbirdTesting
import LinliDomain
import NIOCore
import Testing

/// An endpoint at an address every delivery would refuse (loopback, private, link-local, the
/// cloud metadata address) was registered with 201 and then failed every message for days
/// (session-17 webhook walk). Address literals and `localhost` are judged when registered, by the
/// same policy and allow-list as delivery; names are judged when delivering.
@Suite struct EndpointAddressHTTPTests {
    static func create(_ client: some TestClientProtocol, _ fixture: APIFixture, url: String) async throws -> TestResponse {
        try await client.call(
            .post, "/v1/webhooks/endpoints", token: fixture.a.secret(.admin),
            json: #"{"url":"\#(url)","format":"standard","events":["listing.*"]}"#, headers: [.acceptLanguage: "en"])
    }

    @Test(arguments: [
        "http://127.0.0.1:8080/hook", "http://[::1]/hook", "http://localhost:3000/hook", "http://10.1.2.3/hook",
        "http://169.254.169.254/latest/meta-data", "http://[::ffff:192.168.1.1]/hook", "https://0.0.0.0/hook",
    ])
    func anAddressDeliveryWouldRefuseIsRefusedWhenRegistered(url: String) async throws {
        let fixture = try APIFixture()
        try await fixture.run { client in
            let refused = try await Self.create(client, fixture, url: url)
            #expect(refused.status == .unprocessableContent, "\(String(buffer: refused.body))")
            let errors = try #require(try refused.object()["errors"] as? [[String: Any]])
            #expect(errors.first?["pointer"] as? String == "/url")
            #expect(errors.first?["reason"] as? String == "endpoint.address_not_allowed")
            #expect((errors.first?["detail"] as? String)?.contains("allow_private_cidrs") == true, "\(errors)")
        }
    }

    @Test func namesAndAllowedNetworksAreAccepted() async throws {
        let fixture = try APIFixture(settings: ["webhooks.allow_private_cidrs": "10.0.0.0/8"])
        try await fixture.run { client in
            for url in ["https://hooks.example.org/linli", "http://10.1.2.3/hook", "http://93.184.216.34/hook"] {
                let created = try await Self.create(client, fixture, url: url)
                #expect(created.status == .created, "\(url): \(String(buffer: created.body))")
            }
            #expect(try await Self.create(client, fixture, url: "http://192.168.1.5/hook").status == .unprocessableContent)
        }
    }

    @Test func anUpdateToSuchAnAddressIsRefusedAndLeavesTheEndpoint() async throws {
        let fixture = try APIFixture()
        try await fixture.run { client in
            let made = try await Self.create(client, fixture, url: "https://hooks.example.org/linli")
            let id = try #require((try made.object()["endpoint"] as? [String: Any])?["id"] as? String)
            let refused = try await client.call(
                .patch, "/v1/webhooks/endpoints/\(id)", token: fixture.a.secret(.admin), json: #"{"url":"http://192.168.0.10/hook"}"#,
                headers: [.ifMatch: "\"1\""])
            #expect(refused.status == .unprocessableContent, "\(String(buffer: refused.body))")
            let shown = try await client.call(.get, "/v1/webhooks/endpoints/\(id)", token: fixture.a.secret(.admin))
            #expect(try shown.object()["url"] as? String == "https://hooks.example.org/linli")
        }
    }
}
