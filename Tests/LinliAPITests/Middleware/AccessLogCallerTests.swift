import Foundation
import HummingbirdTesting
import LinliDomain
import Logging
import LinliTestSupport
import Testing

/// Helper 113: with JSON logs, the line written for each request carried its request id but not
/// the member and community, which authentication added only to the logger it passed inward.
@Suite struct AccessLogCallerTests {
    @Test func theRequestLineNamesTheCaller() async throws {
        let fixture = try APIFixture()
        let resident = fixture.a.member(.resident)
        let lines = CapturingLogHandler.Lines()
        let logger = CapturingLogHandler.logger(into: lines)
        try await fixture.run(logger: logger) { client in
            let me = try await client.call(.get, "/v1/me", token: fixture.a.secret(.resident))
            #expect(me.status == .ok)
            let refused = try await client.call(.post, "/v1/households", token: fixture.a.secret(.resident), json: "{}")
            #expect(refused.status != .ok)
            let anonymous = try await client.call(.get, "/v1/me")
            #expect(anonymous.status == .unauthorized)
        }
        let requests = lines.all.filter { $0.message == "request" }
        try #require(requests.count == 3, "\(requests)")
        for line in requests.prefix(2) {
            #expect(line.metadata["member_id"] == resident.id.rawValue, "\(line.metadata)")
            #expect(line.metadata["community_id"] == fixture.a.community.id.rawValue)
            #expect(line.metadata["request_id"] != nil)
        }
        #expect(requests[2].metadata["member_id"] == nil, "no caller before authentication")
    }
}
