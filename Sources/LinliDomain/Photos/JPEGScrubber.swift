/// Walks a JPEG's marker segments and scans to its end of image, dropping what can identify or
/// locate someone: APP1–APP15 (EXIF with GPS, XMP, IPTC, maker notes…) and comments, and
/// everything after the end of image (a phone's MPO second picture, an HDR gain map or any file
/// appended there keeps its own EXIF). It keeps what the decoder needs to show the same picture:
/// APP0 (a JFIF header, without its thumbnail), an APP2 ICC profile (without it colours shift), APP14 "Adobe" (the colour
/// transform of CMYK and some RGB files), and the EXIF orientation alone, rewritten in a minimal
/// EXIF segment of its own (`JPEGOrientation`). A photo is a frame and a scan: a file that ends before
/// its start of scan, or whose scan never reaches an end of image, is not one.
enum JPEGScrubber {
    static func scrub(_ data: [UInt8]) -> PhotoInspector.Inspected? {
        guard data.count >= 4, data[0] == 0xFF, data[1] == 0xD8 else { return nil }
        var output: [UInt8] = [0xFF, 0xD8]
        var offset = 2
        var width: Int?, height: Int?
        var scanned = false
        var orientation: UInt8?
        while offset + 2 <= data.count {
            guard data[offset] == 0xFF else { return nil }
            let marker = data[offset + 1]
            if marker == 0xFF { offset += 1; continue }  // fill byte
            if marker == 0xD9 {
                // End of image: the picture is complete; what follows is not part of it.
                guard scanned, let width, let height, width > 0, height > 0 else { return nil }
                output += [0xFF, 0xD9]
                // Orientations 5–8 turn the picture a quarter: it is shown `height` wide.
                if let orientation, orientation >= 5 {
                    return .init(format: .jpeg, bytes: output, width: height, height: width)
                }
                return .init(format: .jpeg, bytes: output, width: width, height: height)
            }
            if (0xD0...0xD7).contains(marker) || marker == 0x01 { output += [0xFF, marker]; offset += 2; continue }
            guard offset + 4 <= data.count else { return nil }
            let length = PhotoInspector.be16(data, offset + 2)
            guard length >= 2, offset + 2 + length <= data.count else { return nil }
            let segment = data[offset..<(offset + 2 + length)]
            // Start-of-frame markers carry the dimensions (C4 DHT, C8 JPG, CC DAC are not frames).
            // One frame only: with a second, the size checked and the size a decoder uses could
            // differ (a huge first frame behind a small last one; session 28 review).
            if (0xC0...0xCF).contains(marker), ![0xC4, 0xC8, 0xCC].contains(marker), length >= 7 {
                guard width == nil else { return nil }
                height = PhotoInspector.be16(data, offset + 5)
                width = PhotoInspector.be16(data, offset + 7)
            }
            let payload = data[(offset + 4)..<(offset + 2 + length)]
            if marker == 0xE0 {
                output += jfifWithoutThumbnail(payload)
            } else if marker == 0xE1, orientation == nil, let stated = JPEGOrientation.value(in: payload) {
                output += JPEGOrientation.segment(stated)
                orientation = stated
            } else if !isMetadata(marker, payload: payload) {
                output += segment
            }
            offset += 2 + length
            if marker == 0xDA {
                // Start of scan: the entropy-coded data runs to the next marker that is neither a
                // stuffed zero nor a restart (a progressive file has several scans).
                let end = entropyEnd(data, from: offset)
                output += data[offset..<end]
                offset = end
                scanned = true
            }
        }
        return nil
    }

    /// An APP0 segment as kept: a JFIF header (version, density) without its thumbnail, which
    /// is a small picture of its own (taken before a crop or a blur). Anything else in APP0 (a
    /// JFXX thumbnail, which is a whole JPEG with its own EXIF) is dropped.
    static func jfifWithoutThumbnail(_ payload: ArraySlice<UInt8>) -> [UInt8] {
        guard payload.count >= 14, payload.starts(with: Array("JFIF\u{0}".utf8)) else { return [] }
        let header = Array(payload.prefix(12)) + [0, 0]  // no thumbnail: 0 × 0
        return [0xFF, 0xE0, 0x00, UInt8(header.count + 2)] + header
    }

    /// Whether a segment is metadata to drop: every APPn but APP0, an APP2 ICC profile and an
    /// APP14 Adobe segment, comments, and the JPGn extensions. An APP2 that is not a profile (the MPO index pointing
    /// at the dropped second picture, FlashPix) goes too.
    static func isMetadata(_ marker: UInt8, payload: ArraySlice<UInt8>) -> Bool {
        switch marker {
        case 0xE2: return !payload.starts(with: Array("ICC_PROFILE\u{0}".utf8))
        case 0xEE: return !payload.starts(with: Array("Adobe".utf8))
        case 0xE1...0xEF, 0xFE: return true
        // JPGn extension markers: nothing a baseline or progressive picture needs, so nothing to
        // carry anything past the scrubber either.
        case 0xF0...0xFD: return true
        default: return false
        }
    }

    /// The offset of the marker that ends the entropy-coded data starting at `start`, or the end
    /// of `data` when none does (the caller then finds no end of image and refuses the file).
    static func entropyEnd(_ data: [UInt8], from start: Int) -> Int {
        var index = start
        while index + 1 < data.count {
            if data[index] == 0xFF {
                let next = data[index + 1]
                if next == 0x00 || (0xD0...0xD7).contains(next) { index += 2; continue }
                if next == 0xFF { index += 1; continue }
                return index
            }
            index += 1
        }
        return data.count
    }
}
