import Foundation
import LinliDomain
import LinliTestSupport
import Testing

/// Session 24 review: the JPEG scrubber dropped all of EXIF, orientation included, so a phone's
/// portrait photo showed lying on its side. The orientation alone is written back in a minimal
/// EXIF segment; everything else of the original EXIF (GPS, the device) stays out.
@Suite struct PhotoOrientationTests {
    typealias Trailing = PhotoTrailingDataTests

    /// An EXIF payload with one IFD of `entries` (tag, type, count, value), in either byte
    /// order, followed by GPS text the scrubber must not keep.
    static func exif(little: Bool, _ entries: [(UInt16, UInt16, UInt32, UInt16)]) -> [UInt8] {
        func u16(_ v: UInt16) -> [UInt8] { little ? [UInt8(v & 0xFF), UInt8(v >> 8)] : [UInt8(v >> 8), UInt8(v & 0xFF)] }
        func u32(_ v: UInt32) -> [UInt8] {
            little ? [UInt8(v & 0xFF), UInt8(v >> 8 & 0xFF), UInt8(v >> 16 & 0xFF), UInt8(v >> 24)]
                : [UInt8(v >> 24), UInt8(v >> 16 & 0xFF), UInt8(v >> 8 & 0xFF), UInt8(v & 0xFF)]
        }
        var tiff: [UInt8] = (little ? [0x49, 0x49] : [0x4D, 0x4D]) + u16(42) + u32(8) + u16(UInt16(entries.count))
        for (tag, type, count, value) in entries { tiff += u16(tag) + u16(type) + u32(count) + u16(value) + [0, 0] }
        tiff += u32(0) + Array(Trailing.gps.utf8)
        return Array("Exif\u{0}\u{0}".utf8) + tiff
    }

    /// The segment the scrubber writes for `value`, spelt out byte by byte.
    static func minimal(_ value: UInt8) -> [UInt8] {
        [0xFF, 0xE1, 0x00, 0x22] + Array("Exif\u{0}\u{0}".utf8) + [0x4D, 0x4D, 0x00, 0x2A, 0x00, 0x00, 0x00, 0x08, 0x00, 0x01]
            + [0x01, 0x12, 0x00, 0x03, 0x00, 0x00, 0x00, 0x01, 0x00, value, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00]
    }

    struct Case: Sendable, CustomStringConvertible {
        let description: String
        let payload: [UInt8]
        /// The orientation kept, or nil when the segment goes entirely.
        let kept: UInt8?
    }

    static let gpsPointer: (UInt16, UInt16, UInt32, UInt16) = (0x8825, 4, 1, 26)

    @Test(arguments: [
        Case(description: "big-endian, turned 90°", payload: exif(little: false, [(0x0112, 3, 1, 6), gpsPointer]), kept: 6),
        Case(description: "little-endian, after other tags", payload: exif(little: true, [(0x010F, 2, 4, 0x4142), gpsPointer, (0x0112, 3, 1, 8)]), kept: 8),
        Case(description: "upside down", payload: exif(little: true, [(0x0112, 3, 1, 3)]), kept: 3),
        Case(description: "the default needs nothing", payload: exif(little: false, [(0x0112, 3, 1, 1), gpsPointer]), kept: nil),
        Case(description: "no orientation", payload: exif(little: false, [gpsPointer]), kept: nil),
        Case(description: "out of range", payload: exif(little: true, [(0x0112, 3, 1, 9)]), kept: nil),
        Case(description: "not a SHORT", payload: exif(little: true, [(0x0112, 4, 1, 6)]), kept: nil),
        Case(description: "entries past the end", payload: Array(exif(little: true, [(0x0112, 3, 1, 6)]).prefix(18)), kept: nil),
        Case(description: "not EXIF", payload: Array("http://ns.adobe.com/xap/1.0/\u{0}".utf8) + Array(Trailing.gps.utf8), kept: nil),
    ])
    func onlyTheOrientationIsKept(_ c: Case) throws {
        let original = Self.tall(Trailing.jpeg(segments: Trailing.segment(0xE1, c.payload)))
        let inspected = try PhotoInspector.inspect(original, declared: .jpeg, maxBytes: 10_000)
        #expect(inspected.bytes == Self.tall(Trailing.jpeg(segments: c.kept.map(Self.minimal) ?? [])))
        #expect(!String(decoding: inspected.bytes, as: UTF8.self).contains("GPS"))
        // The size is the picture as shown: a quarter turn (5–8) swaps the stored 8 × 16.
        let turned = (c.kept ?? 1) >= 5
        #expect(inspected.width == (turned ? 16 : 8) && inspected.height == (turned ? 8 : 16))
    }

    /// The test picture made 16 rows tall (its frame header says so), so a swap shows.
    static func tall(_ jpeg: [UInt8]) -> [UInt8] {
        var bytes = jpeg
        guard let frame = (0..<(bytes.count - 1)).first(where: { bytes[$0] == 0xFF && bytes[$0 + 1] == 0xC0 }) else { return bytes }
        bytes[frame + 6] = 0x10  // height, low byte (FF C0, length 2, precision 1, height 2, width 2)
        return bytes
    }

    /// A second EXIF segment (an appended copy, another tool's) is dropped, whatever it says.
    @Test func theFirstOrientationCounts() throws {
        let segments = Trailing.segment(0xE1, Self.exif(little: false, [(0x0112, 3, 1, 6)]))
            + Trailing.segment(0xE1, Self.exif(little: true, [(0x0112, 3, 1, 8)]))
        let inspected = try PhotoInspector.inspect(Trailing.jpeg(segments: segments), declared: .jpeg, maxBytes: 10_000)
        #expect(inspected.bytes == Trailing.jpeg(segments: Self.minimal(6)))
    }
}
