/// Walks a PNG's chunks up to IEND (anything appended after it is dropped), requiring IHDR
/// first. The four critical chunks of the standard are kept, and a file with any other critical
/// chunk is not a photo (no decoder shows it, and such a chunk would carry whatever it holds
/// past the scrubber); of the ancillary ones only those that say how to show the pixels
/// (`kept`): text, EXIF, times and any private or unknown chunk can carry who and where.
/// Chunks are self-contained, so dropping some needs no re-encoding. An animated PNG keeps its
/// default image.
enum PNGScrubber {
    static let critical: Set<String> = ["IHDR", "PLTE", "IDAT", "IEND"]
    static let kept: Set<String> = ["tRNS", "gAMA", "cHRM", "sRGB", "iCCP", "sBIT", "pHYs", "bKGD", "cICP", "mDCv", "cLLi"]

    /// Whether a chunk type is critical (an upper-case first letter): the decoder's, which a
    /// decoder refuses a file for when it does not know it.
    static func isCritical(_ type: String) -> Bool {
        guard let first = type.utf8.first else { return true }
        return (0x41...0x5A).contains(first)
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
            if isCritical(type) {
                guard critical.contains(type) else { return nil }
                output += data[offset..<(offset + 12 + length)]
            } else if kept.contains(type) {
                output += data[offset..<(offset + 12 + length)]
            }
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
