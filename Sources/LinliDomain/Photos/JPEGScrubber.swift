/// Walks a JPEG's marker segments up to the image data, dropping APP1–APP15 (EXIF, XMP, IPTC…)
/// and comments, keeping APP0 (JFIF) and everything the decoder needs. A photo is a frame and a
/// scan: a file that ends before its start of scan is not one.
enum JPEGScrubber {
    static func scrub(_ data: [UInt8]) -> PhotoInspector.Inspected? {
        guard data.count >= 4, data[0] == 0xFF, data[1] == 0xD8 else { return nil }
        var output: [UInt8] = [0xFF, 0xD8]
        var offset = 2
        var width: Int?, height: Int?
        while offset + 4 <= data.count {
            guard data[offset] == 0xFF else { return nil }
            let marker = data[offset + 1]
            if marker == 0xFF { offset += 1; continue }  // fill byte
            // An end of image before any scan holds no picture (a header and nothing else).
            if marker == 0xD9 { return nil }
            if (0xD0...0xD7).contains(marker) || marker == 0x01 { output += [0xFF, marker]; offset += 2; continue }
            let length = PhotoInspector.be16(data, offset + 2)
            guard length >= 2, offset + 2 + length <= data.count else { return nil }
            let segment = data[offset..<(offset + 2 + length)]
            // Start-of-frame markers carry the dimensions (C4 DHT, C8 JPG, CC DAC are not frames).
            if (0xC0...0xCF).contains(marker), ![0xC4, 0xC8, 0xCC].contains(marker), length >= 7 {
                height = PhotoInspector.be16(data, offset + 5)
                width = PhotoInspector.be16(data, offset + 7)
            }
            let isMetadata = (0xE1...0xEF).contains(marker) || marker == 0xFE
            if !isMetadata { output += segment }
            offset += 2 + length
            if marker == 0xDA {
                // Start of scan: the entropy-coded data runs to the end; it must end with EOI.
                guard data.count >= offset + 2, data[data.count - 2] == 0xFF, data[data.count - 1] == 0xD9 else { return nil }
                output += data[offset...]
                guard let width, let height, width > 0, height > 0 else { return nil }
                return .init(format: .jpeg, bytes: output, width: width, height: height)
            }
        }
        return nil
    }
}
