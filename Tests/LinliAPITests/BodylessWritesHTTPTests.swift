import Foundation
import HTTPTypes
import HummingbirdTesting
@testable import LinliAPI
import Testing

/// Helper 170 #4: the writes that take no body never read it, so `{"reason":"已送人"}` sent to
/// withdraw a listing answered 200 and the reason was dropped without a word. Each takes nothing
/// or `{}`, and names any field sent as unknown, as every other write does.
@Suite struct BodylessWritesHTTPTests {
    @Test func everyWriteWithoutABodyNamesAFieldSentToItAsUnknown() async throws {
        let fixture = try APIFixture()
        let a = fixture.a
        let writes = try OpenAPIDocument.shipped.bodylessWrites().sorted()
        #expect(writes.count >= 11, "\(writes)")
        // Helper 185 #8: a DELETE's body was dropped too (a token's revocation takes a reason).
        #expect(writes.contains("DELETE /v1/webhooks/endpoints/{id}") && !writes.contains("DELETE /v1/tokens/{id}"), "\(writes)")
        try await fixture.run { client in
            for write in writes {
                let parts = write.split(separator: " ", maxSplits: 1)
                let method = HTTPRequest.Method(String(parts[0]))!
                let path = String(parts[1]).replacingOccurrences(of: "{id}", with: "xyz_00000000000000000000000000")
                let response = try await client.call(method, path, token: a.secret(.admin), json: #"{"reason":"已送人"}"#)
                #expect(response.status == .unprocessableContent, "\(write): \(response.status)")
                let errors = try response.object()["errors"] as? [[String: Any]]
                #expect(errors?.first?["pointer"] as? String == "/reason", "\(write): \(String(describing: errors))")
                let form = try await client.call(method, path, token: a.secret(.admin), json: "reason=x", headers: [.contentType: "text/plain"])
                #expect(form.status == .unsupportedMediaType, "\(write)")
            }
            // Nothing, or an empty object, is taken as before.
            for body in [nil, "{}"] {
                let read = try await client.call(.post, "/v1/notifications/read-all", token: a.secret(.resident), json: body)
                #expect(read.status == .ok, "\(String(describing: body)): \(String(buffer: read.body))")
            }
        }
    }
}
