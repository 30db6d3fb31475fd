/// Walks a PNG's chunks up to IEND (anything appended after it is dropped), requiring IHDR
/// first. Critical chunks are kept; of the ancillary ones only those that say how to show the
/// pixels (`kept`): text, EXIF, times and any private or unknown chunk can carry who and where.
/// Chunks are self-contained, so dropping some needs no re-encoding. An animated PNG keeps its
/// default image.
enum PNGScrubber {
    static let kept: Set<String> = ["tRNS", "gAMA", "cHRM", "sRGB", "iCCP", "sBIT", "pHYs", "bKGD", "cICP", "mDCv", "cLLi"]

    /// Critical chunks (an upper-case first letter) are the decoder's; a decoder refuses a file
    /// with one it does not know, so they are never silently dropped.
    static func keeps(_ type: String) -> Bool {
        guard let first = type.utf8.first else { return false }
        return (0x41...0x5A).contains(first) || kept.contains(type)
    }

    static func scrub(_ data: [UInt8]) -> PhotoInspector.Inspected? {
        var output = Array(data[0..<8])
        var offset = 8
        var width: Int?, height: Int?
        var first = true
        var hasImageData = false
        while offset + 12 <= data.count {
            let length = PhotoInspector.be32(data, offset)
            guard length >= 0, offset + 12 + length <= data.count else { return nil }
            let type = String(decoding: data[(offset + 4)..<(offset + 8)], as: UTF8.self)
            if first {
                guard type == "IHDR", length == 13 else { return nil }
                width = PhotoInspector.be32(data, offset + 8)
                height = PhotoInspector.be32(data, offset + 12)
                first = false
            }
            if type == "IDAT", length > 0 { hasImageData = true }
            if keeps(type) { output += data[offset..<(offset + 12 + length)] }
            offset += 12 + length
            if type == "IEND" {
                // Pixels live in IDAT chunks: a header and an end alone are no picture.
                guard hasImageData, let width, let height, width > 0, height > 0 else { return nil }
                return .init(format: .png, bytes: output, width: width, height: height)
            }
        }
        return nil
    }
}
