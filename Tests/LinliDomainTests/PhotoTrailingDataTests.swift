import Foundation
import LinliDomain
import LinliTestSupport
import Testing

/// Session 24 review (H2): the JPEG scrubber copied everything after the first start of scan, so
/// a second picture appended after the end of image (a phone's MPO pair, an HDR gain map) kept
/// its EXIF and GPS. Each format now ends at its end marker and keeps only what shows the
/// picture.
@Suite struct PhotoTrailingDataTests {
    static let gps = "GPS 31.2304N 121.4737E"

    static func segment(_ marker: UInt8, _ payload: [UInt8]) -> [UInt8] {
        [0xFF, marker] + TestImages.be16(payload.count + 2) + payload
    }

    /// `TestImages.jpeg()` with `segments` inserted after its APP0 and `tail` before its EOI.
    static func jpeg(segments: [UInt8] = [], beforeEnd tail: [UInt8] = []) -> [UInt8] {
        let plain = TestImages.jpeg()
        return Array(plain[0..<20]) + segments + Array(plain[20..<(plain.count - 2)]) + tail + [0xFF, 0xD9]
    }

    @Test func aSecondPictureAfterTheEndOfImageIsDropped() throws {
        let pair = TestImages.jpeg() + TestImages.jpeg(exif: Self.gps)
        let inspected = try PhotoInspector.inspect(pair, declared: .jpeg, maxBytes: 10_000)
        #expect(inspected.bytes == TestImages.jpeg())
        #expect(!String(decoding: inspected.bytes, as: UTF8.self).contains("GPS"))
    }

    @Test(arguments: [
        // (what is inserted after APP0, kept?)
        (Self.segment(0xE2, Array("ICC_PROFILE".utf8) + [0, 1, 1] + [UInt8](repeating: 7, count: 16)), true),
        (Self.segment(0xEE, Array("Adobe".utf8) + [0, 100, 0, 0, 0, 0, 1]), true),
        (Self.segment(0xE2, Array("MPF".utf8) + [0] + Array(Self.gps.utf8)), false),
        (Self.segment(0xE1, Array("http://ns.adobe.com/xap/1.0/".utf8) + [0] + Array(Self.gps.utf8)), false),
        (Self.segment(0xED, Array("Photoshop 3.0".utf8) + [0] + Array(Self.gps.utf8)), false),
        (Self.segment(0xFE, Array(Self.gps.utf8)), false),
        // Session 24 review: the JPGn extension markers were copied through.
        (Self.segment(0xF1, Array(Self.gps.utf8)), false),
        (Self.segment(0xFD, Array(Self.gps.utf8)), false),
    ])
    func appSegmentsThatShowThePictureAreKept(inserted: [UInt8], kept: Bool) throws {
        let inspected = try PhotoInspector.inspect(Self.jpeg(segments: inserted), declared: .jpeg, maxBytes: 10_000)
        #expect(inspected.bytes == (kept ? Self.jpeg(segments: inserted) : TestImages.jpeg()))
    }

    /// A progressive file has several scans with tables between them; a comment there goes, the
    /// scans (with stuffed zeros and restart markers in their data) stay byte for byte.
    @Test func everyScanIsKeptAndMetadataBetweenThemDropped() throws {
        let secondScan: [UInt8] = [0xFF, 0xDA, 0x00, 0x08, 0x01, 0x01, 0x00, 0x00, 0x3F, 0x00, 0x12, 0xFF, 0x00, 0x34, 0xFF, 0xD0, 0x56]
        let comment = Self.segment(0xFE, Array(Self.gps.utf8))
        let inspected = try PhotoInspector.inspect(
            Self.jpeg(beforeEnd: comment + secondScan) + TestImages.jpeg(exif: Self.gps), declared: .jpeg, maxBytes: 10_000)
        #expect(inspected.bytes == Self.jpeg(beforeEnd: secondScan))
    }

    /// Review of session 24: APP0 was kept whole, JFIF thumbnail (the picture before a crop)
    /// and JFXX (a whole JPEG with its own EXIF) included. The JFIF header stays, 0 × 0.
    @Test func theJFIFThumbnailAndJFXXAreDropped() throws {
        let plain = TestImages.jpeg()
        let thumbnail: [UInt8] = Array("JFIF".utf8) + [0, 1, 1, 0, 0, 1, 0, 1, 2, 1] + [UInt8](repeating: 0x47, count: 6)
        let withThumbnail = Array(plain[0..<2]) + Self.segment(0xE0, thumbnail) + Array(plain[20...])
        let jfxx = Self.segment(0xE0, Array("JFXX".utf8) + [0, 0x10] + TestImages.jpeg(exif: Self.gps))
        for file in [withThumbnail, Self.jpeg(segments: jfxx)] {
            let inspected = try PhotoInspector.inspect(file, declared: .jpeg, maxBytes: 10_000)
            #expect(inspected.bytes == plain)
        }
    }

    @Test func aScanThatNeverEndsIsRefused() {
        let endless = Array(TestImages.jpeg().dropLast(2)) + [0x12, 0x34]
        #expect(throws: DomainError.self) { try PhotoInspector.inspect(endless, declared: .jpeg, maxBytes: 10_000) }
    }

    @Test func pngKeepsOnlyChunksThatShowThePicture() throws {
        let plain = TestImages.png()
        let ihdrEnd = 8 + 12 + 13
        let gamma = TestImages.chunk("gAMA", TestImages.be32(45_455))
        let withExtras = Array(plain[0..<ihdrEnd]) + gamma + TestImages.chunk("prVt", Array(Self.gps.utf8))
            + Array(plain[ihdrEnd...]) + TestImages.png(text: Self.gps)
        let inspected = try PhotoInspector.inspect(withExtras, declared: .png, maxBytes: 10_000)
        #expect(inspected.bytes == Array(plain[0..<ihdrEnd]) + gamma + Array(plain[ihdrEnd...]))
    }

    /// Session 24 review: a critical chunk the standard does not define was copied through (a
    /// decoder refuses the file, but the chunk carried its content past the scrubber). Such a
    /// file is not a photo.
    @Test func pngWithAnUnknownCriticalChunkIsRefused() throws {
        let plain = TestImages.png()
        let ihdrEnd = 8 + 12 + 13
        let withUnknown = Array(plain[0..<ihdrEnd]) + TestImages.chunk("GPSd", Array(Self.gps.utf8)) + Array(plain[ihdrEnd...])
        let refused = #expect(throws: DomainError.self) { try PhotoInspector.inspect(withUnknown, declared: .png, maxBytes: 10_000) }
        #expect(refused?.code == "photo.corrupt")
        let palette = Array(plain[0..<ihdrEnd]) + TestImages.chunk("PLTE", [0, 0, 0]) + Array(plain[ihdrEnd...])
        #expect(try PhotoInspector.inspect(palette, declared: .png, maxBytes: 10_000).bytes == palette, "the standard's critical chunks stay")
    }

    @Test func webpDropsUnknownChunks() throws {
        let plain = TestImages.webp()
        let body = Array(plain[8...]) + TestImages.riffChunk("LOCA", Array(Self.gps.utf8))
        let withExtra = Array("RIFF".utf8) + TestImages.le32(UInt32(body.count)) + body
        let inspected = try PhotoInspector.inspect(withExtra, declared: .webp, maxBytes: 10_000)
        #expect(inspected.bytes == plain)
    }

    /// An animated WebP's frame (`ANMF`) may carry unknown chunks after its picture: they were
    /// kept with the frame. Only the frame header and its picture stay; a frame cut short or
    /// without a picture is refused.
    @Test func anAnimationFrameKeepsOnlyItsPicture() throws {
        let vp8l = Array(TestImages.webp()[12...])  // the plain picture's VP8L chunk
        let header: [UInt8] = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x64, 0, 0, 0]  // 1×1 at 0,0, 100 ms
        func animated(_ frame: [UInt8]) -> [UInt8] {
            let body = Array("WEBP".utf8)
                + TestImages.riffChunk("VP8X", [0x02, 0, 0, 0] + [0, 0, 0] + [0, 0, 0])
                + TestImages.riffChunk("ANIM", [0, 0, 0, 0, 0, 0])
                + TestImages.riffChunk("ANMF", frame)
            return Array("RIFF".utf8) + TestImages.le32(UInt32(body.count)) + body
        }
        let clean = animated(header + vp8l)
        let hidden = animated(header + vp8l + TestImages.riffChunk("LOCA", Array(Self.gps.utf8)))
        let inspected = try PhotoInspector.inspect(hidden, declared: .webp, maxBytes: 10_000)
        #expect(inspected.bytes == clean)
        #expect(try PhotoInspector.inspect(clean, declared: .webp, maxBytes: 10_000).bytes == clean)
        #expect(throws: (any Error).self) { try PhotoInspector.inspect(animated(Array(header.prefix(10))), declared: .webp, maxBytes: 10_000) }
        #expect(throws: (any Error).self) {
            try PhotoInspector.inspect(animated(header + TestImages.riffChunk("LOCA", Array(Self.gps.utf8))), declared: .webp, maxBytes: 10_000)
        }
    }
}
