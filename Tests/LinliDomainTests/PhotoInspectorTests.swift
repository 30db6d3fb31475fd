import Foundation
import LinliDomain
import LinliTestSupport
import Testing

/// Photo validation with real small files: the type comes from the bytes, metadata is stripped,
/// fakes, mismatches and oversize files are refused with their own codes.
@Suite struct PhotoInspectorTests {
    @Test(arguments: [
        (TestImages.jpeg(), PhotoFormat.jpeg, 8), (TestImages.png(width: 3, height: 2), .png, 3), (TestImages.webp(), .webp, 1),
    ])
    func acceptsEachFormat(bytes: [UInt8], format: PhotoFormat, width: Int) throws {
        let inspected = try PhotoInspector.inspect(bytes, declared: format, maxBytes: 10_000)
        #expect(inspected.format == format)
        #expect(inspected.width == width)
        #expect(inspected.bytes == bytes, "a file without metadata is stored unchanged")
    }

    @Test func stripsJPEGExif() throws {
        let original = TestImages.jpeg(exif: "GPS 31.2304N 121.4737E")
        let inspected = try PhotoInspector.inspect(original, declared: .jpeg, maxBytes: 10_000)
        #expect(inspected.bytes == TestImages.jpeg())
        #expect(!String(decoding: inspected.bytes, as: UTF8.self).contains("GPS"))
    }

    @Test func stripsPNGText() throws {
        let inspected = try PhotoInspector.inspect(TestImages.png(text: "拍摄于 3号楼 501"), declared: .png, maxBytes: 10_000)
        #expect(inspected.bytes == TestImages.png())
    }

    @Test func stripsWebPExifAndClearsTheFlag() throws {
        let inspected = try PhotoInspector.inspect(TestImages.webp(exif: "GPS 31N"), declared: .webp, maxBytes: 10_000)
        let text = String(decoding: inspected.bytes, as: UTF8.self)
        #expect(!text.contains("EXIF") && !text.contains("GPS"))
        #expect(text.contains("VP8X") && text.contains("VP8L"))
        let vp8xFlags = inspected.bytes[20]
        #expect(vp8xFlags & 0x08 == 0)
        // The RIFF size was rewritten to match the shorter file.
        let riff = Int(inspected.bytes[4]) | Int(inspected.bytes[5]) << 8 | Int(inspected.bytes[6]) << 16 | Int(inspected.bytes[7]) << 24
        #expect(riff + 8 == inspected.bytes.count)
    }

    @Test func refusesWrongMagicBytes() {
        let fake = Array("<?php echo 'not a picture'; ?>".utf8)
        #expect(throws: DomainError(code: "photo.unrecognized", category: .unsupportedMedia)) {
            try PhotoInspector.inspect(fake, declared: .jpeg, maxBytes: 10_000)
        }
        // GIF is a real image, but not one Linli accepts.
        #expect(throws: DomainError(code: "photo.unrecognized", category: .unsupportedMedia)) {
            try PhotoInspector.inspect(Array("GIF89a".utf8) + [0, 0, 0, 0], declared: .png, maxBytes: 10_000)
        }
    }

    @Test func refusesADeclaredTypeThatDisagreesWithTheBytes() throws {
        let error = try #require(throws: DomainError.self) { try PhotoInspector.inspect(TestImages.png(), declared: .jpeg, maxBytes: 10_000) }
        #expect(error.code == "photo.type_mismatch")
        #expect(error.parameters["actual"] == "image/png")
    }

    @Test func refusesOversize() throws {
        let error = try #require(throws: DomainError.self) { try PhotoInspector.inspect(TestImages.png(width: 40, height: 40), declared: .png, maxBytes: 1024) }
        #expect(error.code == "photo.too_large")
        #expect(error.category == .tooLarge)
    }

    @Test func refusesTruncatedFiles() {
        for file in [TestImages.jpeg(), TestImages.png(), TestImages.webp()] {
            let truncated = Array(file.dropLast(3))
            #expect(throws: DomainError.self) { try PhotoInspector.inspect(truncated, declared: PhotoInspector.sniff(file), maxBytes: 10_000) }
        }
    }
}
