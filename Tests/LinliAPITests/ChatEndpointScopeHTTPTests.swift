import Foundation
import HTTPTypes
import HummingbirdTesting
import LinliDomain
import NIOCore
import Testing

/// Group robots take only events that have a chat text (`ChatEventScopeTests` has the rule as a
/// table); over HTTP, naming an event a group would never receive is a 422 at the pattern, in
/// the reader's language, and a wildcard endpoint is still accepted.
@Suite struct ChatEndpointScopeHTTPTests {
    static let robot = "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=abcdef123456"

    @Test func aGroupRobotNamingAnEventWithoutTextOrAPrivateOneIsRefusedAtThePattern() async throws {
        let fixture = try APIFixture()
        try await fixture.run { client in
            let refused = try await client.call(
                .post, "/v1/webhooks/endpoints", token: fixture.a.secret(.admin),
                json: #"{"url":"\#(Self.robot)","format":"wecom","events":["listing.*","member.verified"]}"#, headers: [.acceptLanguage: "en"])
            #expect(refused.status == .unprocessableContent, "\(String(buffer: refused.body))")
            let errors = try #require(try refused.object()["errors"] as? [[String: Any]])
            #expect(errors.compactMap { $0["pointer"] as? String } == ["/events/1"])
            #expect(errors.first?["reason"] as? String == "endpoint.event_not_for_chat")
            #expect((errors.first?["detail"] as? String)?.contains("chat text") == true, "\(errors)")

            // One member's matter is refused by name and by template, whatever text the organizer writes.
            let privateMatter = try await client.call(
                .post, "/v1/webhooks/endpoints", token: fixture.a.secret(.admin),
                json: #"{"url":"\#(Self.robot)","format":"wecom","events":["case.resolved"],"chat":{"templates":{"case.resolved":"案件已处理"}}}"#)
            #expect(privateMatter.status == .unprocessableContent, "\(String(buffer: privateMatter.body))")
            let privateErrors = try #require(try privateMatter.object()["errors"] as? [[String: Any]])
            #expect(Set(privateErrors.compactMap { $0["pointer"] as? String }) == ["/events/0", "/chat/templates/case.resolved"])
            #expect(privateErrors.allSatisfy { $0["reason"] as? String == "endpoint.event_private" }, "\(privateErrors)")
            #expect(privateErrors.allSatisfy { ($0["detail"] as? String)?.contains("不发到任何群里") == true }, "\(privateErrors)")

            let templated = try await client.call(
                .post, "/v1/webhooks/endpoints", token: fixture.a.secret(.admin),
                json: #"{"url":"\#(Self.robot)","format":"wecom","events":["member.joined"],"chat":{"templates":{"member.joined":"欢迎新邻居"}}}"#)
            #expect(templated.status == .created, "\(String(buffer: templated.body))")
            let everything = try await client.call(
                .post, "/v1/webhooks/endpoints", token: fixture.a.secret(.admin),
                json: #"{"url":"\#(Self.robot)","format":"wecom","events":["*"]}"#)
            #expect(everything.status == .created, "\(String(buffer: everything.body))")
        }
    }
}
