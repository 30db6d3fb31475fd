/// Walks a WebP's RIFF chunks, keeping only those that make the picture (`kept`): EXIF, XMP and
/// any unknown chunk are dropped (and the VP8X EXIF/XMP flags cleared); the RIFF size must match
/// the file.
enum WebPScrubber {
    static let kept: Set<String> = ["VP8X", "VP8 ", "VP8L", "ALPH", "ANIM", "ANMF", "ICCP"]

    static func scrub(_ data: [UInt8]) -> PhotoInspector.Inspected? {
        guard data.count >= 20, PhotoInspector.le32(data, 4) + 8 == data.count else { return nil }
        var chunks: [[UInt8]] = []
        var offset = 12
        var width: Int?, height: Int?
        var sawImage = false
        while offset + 8 <= data.count {
            let type = String(decoding: data[offset..<(offset + 4)], as: UTF8.self)
            let size = PhotoInspector.le32(data, offset + 4)
            let padded = size + (size & 1)
            guard offset + 8 + size <= data.count else { return nil }
            var chunk = Array(data[offset..<min(data.count, offset + 8 + padded)])
            let payload = offset + 8
            switch type {
            case "VP8X" where size >= 10:
                chunk[8] &= ~UInt8(0x0C)  // clear the EXIF (0x08) and XMP (0x04) flags
                width = PhotoInspector.le24(data, payload + 4) + 1
                height = PhotoInspector.le24(data, payload + 7) + 1
            case "VP8 " where size >= 10:
                sawImage = true
                if width == nil {
                    width = (Int(data[payload + 6]) | Int(data[payload + 7]) << 8) & 0x3FFF
                    height = (Int(data[payload + 8]) | Int(data[payload + 9]) << 8) & 0x3FFF
                }
            case "VP8L" where size >= 5:
                sawImage = true
                if width == nil {
                    let bits = PhotoInspector.le32(data, payload + 1)
                    width = (bits & 0x3FFF) + 1
                    height = ((bits >> 14) & 0x3FFF) + 1
                }
            case "ANMF":
                guard let frame = frame(data, payload: payload, size: size) else { return nil }
                sawImage = true
                chunk = frame
            default: break
            }
            if kept.contains(type) { chunks.append(chunk) }
            offset += 8 + padded
        }
        guard sawImage, let width, let height, width > 0, height > 0 else { return nil }
        let body = chunks.flatMap { $0 }
        let riffSize = UInt32(4 + body.count)
        var output = Array("RIFF".utf8)
        output += [UInt8(riffSize & 0xFF), UInt8(riffSize >> 8 & 0xFF), UInt8(riffSize >> 16 & 0xFF), UInt8(riffSize >> 24)]
        output += Array("WEBP".utf8) + body
        return .init(format: .webp, bytes: output, width: width, height: height)
    }

    /// What an animation frame may hold besides its 16-byte header: its picture, nothing else.
    static let frameKept: Set<String> = ["ALPH", "VP8 ", "VP8L"]

    /// An `ANMF` chunk rebuilt with only `frameKept` sub-chunks: the format lets a frame carry
    /// unknown chunks, which were kept whole with the frame (anything could ride in them). Nil
    /// when the frame is malformed (shorter than its header, a sub-chunk running past its end)
    /// or has no picture.
    static func frame(_ data: [UInt8], payload: Int, size: Int) -> [UInt8]? {
        guard size >= 16 else { return nil }
        var body = Array(data[payload..<(payload + 16)])
        var offset = payload + 16
        let end = payload + size
        var sawPicture = false
        while offset + 8 <= end {
            let type = String(decoding: data[offset..<(offset + 4)], as: UTF8.self)
            let length = PhotoInspector.le32(data, offset + 4)
            let padded = length + (length & 1)
            guard offset + 8 + length <= end else { return nil }
            if frameKept.contains(type) {
                body += data[offset..<min(end, offset + 8 + padded)]
                if length & 1 == 1 && offset + 8 + padded > end { body.append(0) }
                sawPicture = sawPicture || type != "ALPH"
            }
            offset += 8 + padded
        }
        guard sawPicture else { return nil }
        let length = UInt32(body.count)
        var chunk = Array("ANMF".utf8)
        chunk += [UInt8(length & 0xFF), UInt8(length >> 8 & 0xFF), UInt8(length >> 16 & 0xFF), UInt8(length >> 24)]
        chunk += body
        if body.count & 1 == 1 { chunk.append(0) }
        return chunk
    }
}
