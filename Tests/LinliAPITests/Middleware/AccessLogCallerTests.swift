import Foundation
import HummingbirdTesting
import LinliDomain
import Logging
import Synchronization
import Testing

/// Helper 113: with JSON logs, the line written for each request carried its request id but not
/// the member and community, which authentication added only to the logger it passed inward.
@Suite struct AccessLogCallerTests {
    /// Keeps every line's message and metadata.
    struct CapturingLogHandler: LogHandler {
        let lines: Lines
        var metadata: Logger.Metadata = [:]
        var logLevel: Logger.Level = .info

        final class Lines: Sendable {
            let value = Mutex<[(message: String, metadata: [String: String])]>([])
        }

        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }

        func log(event: LogEvent) {
            var all = metadata
            for (key, value) in event.metadata ?? [:] { all[key] = value }
            let flat = all.mapValues { "\($0)" }
            lines.value.withLock { $0.append((event.message.description, flat)) }
        }
    }

    @Test func theRequestLineNamesTheCaller() async throws {
        let fixture = try APIFixture()
        let resident = fixture.a.member(.resident)
        let lines = CapturingLogHandler.Lines()
        let logger = Logger(label: "access") { _ in CapturingLogHandler(lines: lines) }
        try await fixture.run(logger: logger) { client in
            let me = try await client.call(.get, "/v1/me", token: fixture.a.secret(.resident))
            #expect(me.status == .ok)
            let refused = try await client.call(.post, "/v1/households", token: fixture.a.secret(.resident), json: "{}")
            #expect(refused.status != .ok)
            let anonymous = try await client.call(.get, "/v1/me")
            #expect(anonymous.status == .unauthorized)
        }
        let requests = lines.value.withLock { $0 }.filter { $0.message == "request" }
        try #require(requests.count == 3, "\(requests)")
        for line in requests.prefix(2) {
            #expect(line.metadata["member_id"] == resident.id.rawValue, "\(line.metadata)")
            #expect(line.metadata["community_id"] == fixture.a.community.id.rawValue)
            #expect(line.metadata["request_id"] != nil)
        }
        #expect(requests[2].metadata["member_id"] == nil, "no caller before authentication")
    }
}
