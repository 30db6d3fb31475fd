import Foundation
import LinliDomain
import LinliTestSupport
import Testing

/// Found by review 9d (each test failed first): photo uploads are checked by their bytes, but not by their pixel dimensions.
@Suite struct PhotoDimensionTests {
    /// A PNG whose header claims 50,000 × 50,000 RGB pixels (7.5 GB once decoded) in a few dozen
    /// bytes. Every neighbour's phone that opens the listing would try to decode it: a
    /// decompression bomb. `PNGScrubber.scrub` reads width and height from IHDR and accepts any
    /// value; `PhotoInspector.inspect` has no pixel limit at all.
    @Test func refusesAPNGWithAbsurdDimensions() {
        var bytes: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
        bytes += TestImages.chunk("IHDR", TestImages.be32(50_000) + TestImages.be32(50_000) + [8, 2, 0, 0, 0])
        bytes += TestImages.chunk("IDAT", TestImages.zlibStored([0, 0x80, 0x80, 0x80]))
        bytes += TestImages.chunk("IEND", [])
        #expect(bytes.count < 200)
        let inspected = try? PhotoInspector.inspect(bytes, declared: .png, maxBytes: 5 << 20)
        #expect(inspected == nil, "accepted as \(inspected?.width ?? 0) × \(inspected?.height ?? 0) pixels")
    }

    /// The same with a baseline JPEG whose frame header says 65,535 × 65,535 (4.3 gigapixels).
    @Test func refusesAJPEGWithAbsurdDimensions() throws {
        var bytes = TestImages.jpeg()
        let frame: [UInt8] = [0xFF, 0xC0, 0x00, 0x0B, 0x08, 0x00, 0x08, 0x00, 0x08]
        let at = try #require((0...(bytes.count - frame.count)).first { Array(bytes[$0..<($0 + frame.count)]) == frame })
        bytes.replaceSubrange((at + 5)..<(at + 9), with: [0xFF, 0xFF, 0xFF, 0xFF])
        let inspected = try? PhotoInspector.inspect(bytes, declared: .jpeg, maxBytes: 5 << 20)
        #expect(inspected == nil, "accepted as \(inspected?.width ?? 0) × \(inspected?.height ?? 0) pixels")
    }

    /// Session 28 review (helper 92): only one size of a WebP was checked. A VP8L picture of
    /// 16384 × 16384 (a gigabyte decoded, a few bytes stored) followed by a `VP8X` canvas of 1 × 1
    /// was accepted as 1 × 1; so was a huge `VP8X` followed by a second, small one.
    @Test func aWebPIsCheckedByTheLargestSizeItDeclares() throws {
        let small = TestImages.webp()
        let picture = Array(small[12...])  // the VP8L chunk
        var huge = picture
        huge.replaceSubrange(9..<13, with: [0xFF, 0xFF, 0xFF, 0x0F])  // 16384 × 16384
        let canvas = TestImages.riffChunk("VP8X", [0, 0, 0, 0] + [0, 0, 0] + [0, 0, 0])  // 1 × 1
        let hugeCanvas = TestImages.riffChunk("VP8X", [0, 0, 0, 0] + [0xFF, 0x3F, 0] + [0xFF, 0x3F, 0])
        func riff(_ chunks: [UInt8]...) -> [UInt8] {
            let body = Array("WEBP".utf8) + chunks.flatMap { $0 }
            return Array("RIFF".utf8) + TestImages.le32(UInt32(body.count)) + body
        }
        #expect(try PhotoInspector.inspect(riff(canvas, picture), declared: .webp, maxBytes: 5 << 20).width == 1, "a fine one still passes")
        for (name, bytes) in [
            ("canvas after the picture", riff(huge, canvas)), ("small canvas, huge picture", riff(canvas, huge)),
            ("two canvases", riff(hugeCanvas, canvas, picture)), ("two pictures without a canvas", riff(picture, picture)),
        ] {
            let inspected = try? PhotoInspector.inspect(bytes, declared: .webp, maxBytes: 5 << 20)
            #expect(inspected == nil, "\(name): accepted as \(inspected?.width ?? 0) × \(inspected?.height ?? 0)")
        }
        let refused = try #require(throws: DomainError.self) {
            try PhotoInspector.inspect(riff(canvas, huge), declared: .webp, maxBytes: 5 << 20)
        }
        #expect(refused.code == "photo.dimensions_too_large")
    }

    /// The same for a JPEG with a second frame header: only one frame is accepted.
    @Test func aJPEGWithTwoFramesIsRefused() throws {
        var bytes = TestImages.jpeg()
        let frame: [UInt8] = [0xFF, 0xC0, 0x00, 0x0B, 0x08, 0x00, 0x08, 0x00, 0x08]
        let at = try #require((0...(bytes.count - frame.count)).first { Array(bytes[$0..<($0 + frame.count)]) == frame })
        var big = Array(bytes[at..<(at + 2 + 0x0B)])
        big.replaceSubrange(5..<9, with: [0x3F, 0xFF, 0x3F, 0xFF])
        bytes.insert(contentsOf: big, at: at)
        #expect((try? PhotoInspector.inspect(bytes, declared: .jpeg, maxBytes: 5 << 20)) == nil)
    }
}
