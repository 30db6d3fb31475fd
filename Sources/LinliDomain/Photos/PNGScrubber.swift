/// Walks a PNG's chunks, dropping textual and EXIF metadata (tEXt, zTXt, iTXt, eXIf, tIME) and
/// requiring IHDR first and IEND last. Chunks are self-contained, so dropping some needs no
/// re-encoding.
enum PNGScrubber {
    static let dropped: Set<String> = ["tEXt", "zTXt", "iTXt", "eXIf", "tIME"]

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
            if !dropped.contains(type) { output += data[offset..<(offset + 12 + length)] }
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
