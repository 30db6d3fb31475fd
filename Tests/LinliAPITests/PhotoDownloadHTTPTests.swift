import Foundation
import HTTPTypes
import HummingbirdTesting
import LinliDomain
import LinliTestSupport
import NIOCore
import Testing

/// Session 23 review (photos M1) over HTTP: a photo is revalidated rather than cached for a year
/// (a taken-down photo must not live on in clients), and uploads have a daily limit.
@Suite struct PhotoDownloadHTTPTests {
    @Test func aPhotoIsRevalidatedWithItsETag() async throws {
        let fixture = try APIFixture()
        let a = fixture.a
        try await fixture.run { client in
            let first = try await client.call(.get, "/v1/photos/\(a.photo)", token: a.secret(.resident))
            #expect(first.status == .ok)
            #expect(first.headers[.cacheControl] == "private, no-cache")
            #expect(first.headers[.eTag] == "\"\(a.photo)\"")
            let again = try await client.call(
                .get, "/v1/photos/\(a.photo)", token: a.secret(.resident), headers: [.ifNoneMatch: "\"\(a.photo)\""])
            #expect(again.status == .notModified && again.body.readableBytes == 0)
            let other = try await client.call(.get, "/v1/photos/\(a.photo)", token: a.secret(.resident), headers: [.ifNoneMatch: "\"x\""])
            #expect(other.status == .ok && other.body.readableBytes > 0)
        }
    }

    @Test func uploadsPastTheDailyLimitAre429() async throws {
        try await AwayFromLocalMidnight.begin()  // the fixture's upload and these count on one local day
        let fixture = try APIFixture(settings: ["photos.daily_limit_per_member": "2"])
        let a = fixture.a
        try await fixture.run { client in
            // The seeded resident uploaded one photo today already.
            func upload(_ width: UInt32) async throws -> TestResponse {
                try await EmptyPhotoHTTPTests.upload(
                    client, token: a.secret(.resident), bytes: TestImages.png(width: width, height: 7), type: "image/png")
            }
            #expect(try await upload(11).status == .created)
            let asked = Date()
            let refused = try await upload(12)
            let answered = Date()
            #expect(refused.status == .tooManyRequests)
            #expect(try refused.object()["code"] as? String == "photo.daily_limit")
            // Refused until the community's next local midnight: the header and `retry_at` agree.
            let retryAt = try (refused.object()["parameters"] as? [String: Any])?["retry_at"] as? String
            let midnight = LocalDayWindow(containing: asked, timeZoneID: Community.defaultTimezone).end.date
            #expect(retryAt == ISO8601DateFormatter().string(from: midnight))
            // Counted from when the server answered, rounded up: between these two, whatever the
            // machine's load.
            let seconds = try #require(refused.headers[.retryAfter].flatMap { Int($0) })
            #expect(midnight.timeIntervalSince(answered) <= Double(seconds) && Double(seconds) <= midnight.timeIntervalSince(asked) + 1,
                    "\(seconds) s")
            // Bytes a neighbour uploaded are new to her too: refused alike, so the answer does not
            // tell which pictures someone here had.
            let neighbours = TestImages.png(width: 13, height: 7)
            let first = try await EmptyPhotoHTTPTests.upload(client, token: a.targetToken.secret, bytes: neighbours, type: "image/png")
            #expect(first.status == .created)
            let known = try await EmptyPhotoHTTPTests.upload(client, token: a.secret(.resident), bytes: neighbours, type: "image/png")
            #expect(known.status == .tooManyRequests)
            // The refused upload's bytes were staged before the transaction: nothing stays.
            let root = fixture.environment.photos.root
            let left = (FileManager.default.enumerator(atPath: root.path)?.allObjects as? [String] ?? []).filter { $0.hasSuffix(".tmp") }
            #expect(left.isEmpty, "\(left)")
        }
    }
}
