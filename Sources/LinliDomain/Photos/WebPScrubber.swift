/// Walks a WebP's RIFF chunks, keeping only those that make the picture (`kept`): EXIF, XMP and
/// any unknown chunk are dropped (and the VP8X EXIF/XMP flags cleared); the RIFF size must match
/// the file.
///
/// The size checked against the limits is the largest any chunk declares (the canvas, every
/// bitstream, every animation frame), and `VP8X` may only open the file, once: a small canvas
/// declared after a huge bitstream, or a second `VP8X`, had the limits see 1×1 while a decoder
/// reading the first picture allocated a gigabyte (session 28 review). A file without `VP8X`
/// holds one picture and nothing else, as the format says.
enum WebPScrubber {
    static let kept: Set<String> = ["VP8X", "VP8 ", "VP8L", "ALPH", "ANIM", "ANMF", "ICCP"]

    static func scrub(_ data: [UInt8]) -> PhotoInspector.Inspected? {
        guard data.count >= 20, PhotoInspector.le32(data, 4) + 8 == data.count else { return nil }
        var chunks: [[UInt8]] = []
        var offset = 12
        var width = 0, height = 0
        func declare(_ size: (width: Int, height: Int)) {
            width = max(width, size.width)
            height = max(height, size.height)
        }
        var pictures = 0
        var extended = false
        while offset + 8 <= data.count {
            let type = String(decoding: data[offset..<(offset + 4)], as: UTF8.self)
            let size = PhotoInspector.le32(data, offset + 4)
            let padded = size + (size & 1)
            guard offset + 8 + size <= data.count else { return nil }
            var chunk = Array(data[offset..<min(data.count, offset + 8 + padded)])
            let payload = offset + 8
            switch type {
            case "VP8X":
                guard size >= 10, offset == 12 else { return nil }
                extended = true
                chunk[8] &= ~UInt8(0x0C)  // clear the EXIF (0x08) and XMP (0x04) flags
                declare((PhotoInspector.le24(data, payload + 4) + 1, PhotoInspector.le24(data, payload + 7) + 1))
            case "VP8 ", "VP8L":
                guard let picture = bitstreamSize(type, data, payload: payload, size: size) else { return nil }
                pictures += 1
                declare(picture)
            case "ANMF":
                guard extended, let frame = frame(data, payload: payload, size: size) else { return nil }
                pictures += 1
                declare(frame.size)
                chunk = frame.chunk
            case "ALPH", "ANIM", "ICCP":
                guard extended else { return nil }
            default: break
            }
            if kept.contains(type) { chunks.append(chunk) }
            offset += 8 + padded
        }
        guard pictures > 0, extended || pictures == 1, width > 0, height > 0 else { return nil }
        let body = chunks.flatMap { $0 }
        let riffSize = UInt32(4 + body.count)
        var output = Array("RIFF".utf8)
        output += [UInt8(riffSize & 0xFF), UInt8(riffSize >> 8 & 0xFF), UInt8(riffSize >> 16 & 0xFF), UInt8(riffSize >> 24)]
        output += Array("WEBP".utf8) + body
        return .init(format: .webp, bytes: output, width: width, height: height)
    }

    /// What an animation frame may hold besides its 16-byte header: its picture, nothing else.
    static let frameKept: Set<String> = ["ALPH", "VP8 ", "VP8L"]

    /// The size a `VP8 ` or `VP8L` bitstream declares; nil when the chunk is too short to say.
    static func bitstreamSize(_ type: String, _ data: [UInt8], payload: Int, size: Int) -> (width: Int, height: Int)? {
        if type == "VP8 " {
            guard size >= 10 else { return nil }
            return ((Int(data[payload + 6]) | Int(data[payload + 7]) << 8) & 0x3FFF,
                    (Int(data[payload + 8]) | Int(data[payload + 9]) << 8) & 0x3FFF)
        }
        guard size >= 5 else { return nil }
        let bits = PhotoInspector.le32(data, payload + 1)
        return ((bits & 0x3FFF) + 1, ((bits >> 14) & 0x3FFF) + 1)
    }

    /// An `ANMF` chunk rebuilt with only `frameKept` sub-chunks: the format lets a frame carry
    /// unknown chunks, which were kept whole with the frame (anything could ride in them), and
    /// the largest size the frame declares (its placement on the canvas plus its size, and its
    /// picture's own). Nil when the frame is malformed (shorter than its header, a sub-chunk
    /// running past its end, a picture too short to declare its size) or has no picture.
    static func frame(_ data: [UInt8], payload: Int, size: Int) -> (chunk: [UInt8], size: (width: Int, height: Int))? {
        guard size >= 16 else { return nil }
        var body = Array(data[payload..<(payload + 16)])
        // Offsets are stored halved; width and height less one.
        var width = PhotoInspector.le24(data, payload) * 2 + PhotoInspector.le24(data, payload + 6) + 1
        var height = PhotoInspector.le24(data, payload + 3) * 2 + PhotoInspector.le24(data, payload + 9) + 1
        var offset = payload + 16
        let end = payload + size
        var sawPicture = false
        while offset + 8 <= end {
            let type = String(decoding: data[offset..<(offset + 4)], as: UTF8.self)
            let length = PhotoInspector.le32(data, offset + 4)
            let padded = length + (length & 1)
            guard offset + 8 + length <= end else { return nil }
            if frameKept.contains(type) {
                if type != "ALPH" {
                    guard let picture = bitstreamSize(type, data, payload: offset + 8, size: length) else { return nil }
                    width = max(width, picture.width)
                    height = max(height, picture.height)
                    sawPicture = true
                }
                body += data[offset..<min(end, offset + 8 + padded)]
                if length & 1 == 1 && offset + 8 + padded > end { body.append(0) }
            }
            offset += 8 + padded
        }
        guard sawPicture else { return nil }
        let length = UInt32(body.count)
        var chunk = Array("ANMF".utf8)
        chunk += [UInt8(length & 0xFF), UInt8(length >> 8 & 0xFF), UInt8(length >> 16 & 0xFF), UInt8(length >> 24)]
        chunk += body
        if body.count & 1 == 1 { chunk.append(0) }
        return (chunk, (width, height))
    }
}
