import Foundation
import HTTPTypes
import HummingbirdTesting
import LinliDomain
import LinliStore
import LinliTestSupport
import NIOCore
import Testing

/// Found by review 8f (each test failed on the code it was written against): photo uploads that contain no picture.
///
/// The OpenAPI document says the walk over each format "doubles as validation: a file whose
/// segments or chunks do not add up is refused rather than stored" (`PhotoInspector`), and
/// truncated files answer 422 `photo.corrupt`. But `JPEGScrubber` returns success as soon as it
/// meets an end-of-image marker, even before any frame or scan, and `PNGScrubber` accepts
/// IHDR followed directly by IEND (no IDAT): files with no image data are stored as photos and
/// can then count towards a category's `min_photos`.
@Suite struct EmptyPhotoHTTPTests {
    static func upload(_ client: any TestClientProtocol, token: String, bytes: [UInt8], type: String) async throws -> TestResponse {
        try await client.execute(
            uri: "/v1/photos", method: .post, headers: [.authorization: "Bearer \(token)", .contentType: type],
            body: ByteBuffer(bytes: bytes))
    }

    /// SOI + APP0 (JFIF) + EOI + two padding bytes.
    static let jpegWithoutImage: [UInt8] = Array(TestImages.jpeg().prefix(20)) + [0xFF, 0xD9, 0x00, 0x00]

    /// Now: start of image, a JFIF APP0 header, end of image and two trailing zero bytes — no
    /// frame, no scan, no pixels — uploaded as `image/jpeg` are answered 201 and stored as a photo
    /// with null width and height. Should: 422 `photo.corrupt`, like any other JPEG whose
    /// structure does not add up.
    @Test func jpegWithoutAnyFrameOrScanIsRefused() async throws {
        let fixture = try APIFixture()
        try await fixture.run { client in
            let response = try await Self.upload(client, token: fixture.a.secret(.resident), bytes: Self.jpegWithoutImage, type: "image/jpeg")
            #expect(response.status == .unprocessableContent, "a JPEG with no image data is not a photo")
            #expect(try response.object()["code"] as? String == "photo.corrupt")
        }
    }

    /// Now: a PNG signature, an IHDR chunk and an IEND chunk — no IDAT, so no pixels — is answered
    /// 201 and stored. Should: 422 `photo.corrupt` (a PNG must carry image data).
    @Test func pngWithoutImageDataIsRefused() async throws {
        let fixture = try APIFixture()
        let bytes: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
            + TestImages.chunk("IHDR", TestImages.be32(640) + TestImages.be32(480) + [8, 2, 0, 0, 0])
            + TestImages.chunk("IEND", [])
        try await fixture.run { client in
            let response = try await Self.upload(client, token: fixture.a.secret(.resident), bytes: bytes, type: "image/png")
            #expect(response.status == .unprocessableContent, "a PNG with no IDAT is not a photo")
            #expect(try response.object()["code"] as? String == "photo.corrupt")
        }
    }
}
