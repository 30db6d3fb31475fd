import Foundation
import GRDB
import HummingbirdTesting
import LinliDomain
import NIOCore
import Testing

/// An endpoint shows the pause its receiver asked for (`paused_until`, migration 0049): why a
/// healthy-looking endpoint gets nothing for an hour. Not shown once it has passed.
@Suite struct EndpointPauseHTTPTests {
    @Test func anEndpointShowsARunningPauseOnly() async throws {
        let fixture = try APIFixture()
        try await fixture.run { client in
            let admin = fixture.a.secret(.admin)
            let made = try await client.call(
                .post, "/v1/webhooks/endpoints", token: admin, json: #"{"url":"https://hooks.example.org/busy","format":"standard","events":["listing.*"]}"#)
            #expect(made.status == .created, "\(String(buffer: made.body))")
            let id = try #require((try made.object()["endpoint"] as? [String: Any])?["id"] as? String)
            #expect(try made.object()["endpoint"].flatMap { ($0 as? [String: Any])?["paused_until"] } == nil)

            func pause(until: Date) throws {
                try fixture.environment.database.writeSync { db in
                    try db.execute(sql: "UPDATE webhook_endpoints SET paused_until = ? WHERE id = ?", arguments: [until, id])
                }
            }
            try pause(until: Date().addingTimeInterval(3600))
            let paused = try await client.call(.get, "/v1/webhooks/endpoints/\(id)", token: admin).object()
            let shown = try #require(paused["paused_until"] as? String, "\(paused)")
            #expect(shown.hasSuffix("Z") && shown.contains("T"), "an RFC 3339 time: \(shown)")

            // An edit of its description keeps the pause; a new address ends it (helper 164 #2).
            func patch(_ json: String, version: Int) async throws -> [String: Any] {
                let answer = try await client.call(
                    .patch, "/v1/webhooks/endpoints/\(id)", token: admin, json: json, headers: [.ifMatch: "\"\(version)\""])
                #expect(answer.status == .ok, "\(String(buffer: answer.body))")
                return try answer.object()
            }
            let renamed = try await patch(#"{"description":"3号楼接收端"}"#, version: 1)
            #expect(renamed["paused_until"] as? String == shown)
            let moved = try await patch(#"{"url":"https://hooks.example.org/new"}"#, version: 2)
            #expect(moved["paused_until"] == nil, "\(moved)")
            // `enabled: true` on an endpoint that is enabled and healthy but paused: "the receiver
            // is mended" ends the pause too (helper 165 #2).
            try pause(until: Date().addingTimeInterval(3600))
            let mended = try await patch(#"{"enabled":true}"#, version: 3)
            #expect(mended["paused_until"] == nil && mended["version"] as? Int == 4, "\(mended)")
            try pause(until: Date().addingTimeInterval(3600))

            try pause(until: Date().addingTimeInterval(-60))
            let over = try await client.call(.get, "/v1/webhooks/endpoints/\(id)", token: admin).object()
            #expect(over["paused_until"] == nil && over["id"] as? String == id, "\(over)")
        }
    }
}
