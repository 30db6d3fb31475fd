import Foundation

/// Real, tiny image files built byte by byte in the test (no fixtures on disk, no mocks): each is a
/// complete, decodable file of its format, optionally carrying the metadata Linli must strip.
public enum TestImages {
    /// An 8×8 mid-grey baseline JPEG: one quantisation table, one-code Huffman tables, one block
    /// whose DC difference and AC coefficients are all zero. `exif` adds an APP1 segment.
    public static func jpeg(exif: String? = nil) -> [UInt8] {
        var bytes: [UInt8] = [0xFF, 0xD8]
        bytes += [0xFF, 0xE0, 0x00, 0x10] + Array("JFIF".utf8) + [0x00, 0x01, 0x01, 0x00, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00]
        if let exif {
            let payload = Array("Exif".utf8) + [0, 0] + Array(exif.utf8)
            bytes += [0xFF, 0xE1] + be16(payload.count + 2) + payload
        }
        bytes += [0xFF, 0xDB, 0x00, 0x43, 0x00] + [UInt8](repeating: 1, count: 64)
        bytes += [0xFF, 0xC0, 0x00, 0x0B, 0x08, 0x00, 0x08, 0x00, 0x08, 0x01, 0x01, 0x11, 0x00]
        // DC table 0 and AC table 0: a single code of length 1 for symbol 0 (category 0 / EOB).
        let oneCode: [UInt8] = [0x01] + [UInt8](repeating: 0, count: 15) + [0x00]
        bytes += [0xFF, 0xC4] + be16(2 + 1 + 17) + [0x00] + oneCode
        bytes += [0xFF, 0xC4] + be16(2 + 1 + 17) + [0x10] + oneCode
        bytes += [0xFF, 0xDA, 0x00, 0x08, 0x01, 0x01, 0x00, 0x00, 0x3F, 0x00]
        bytes += [0x3F]  // DC "0", EOB "0", padded with 1s
        bytes += [0xFF, 0xD9]
        return bytes
    }

    /// A 1×1 RGB PNG with real CRCs and a zlib stream; `text` adds a tEXt chunk.
    public static func png(width: UInt32 = 1, height: UInt32 = 1, text: String? = nil) -> [UInt8] {
        var bytes: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
        bytes += chunk("IHDR", be32(width) + be32(height) + [8, 2, 0, 0, 0])
        if let text { bytes += chunk("tEXt", Array("Comment".utf8) + [0] + Array(text.utf8)) }
        var raw: [UInt8] = []
        for _ in 0..<height { raw += [0] + [UInt8](repeating: 0x80, count: Int(width) * 3) }
        bytes += chunk("IDAT", zlibStored(raw))
        bytes += chunk("IEND", [])
        return bytes
    }

    /// A 1×1 lossless WebP (VP8L with five single-symbol prefix codes); `exif` wraps it in VP8X
    /// with an EXIF chunk.
    public static func webp(exif: String? = nil) -> [UInt8] {
        var bits = BitWriter()
        bits.write(0, count: 1)  // no transform
        bits.write(0, count: 1)  // no colour cache
        bits.write(0, count: 1)  // no meta prefix codes
        for symbol in [0x80, 0x80, 0x80, 0xFF, 0x00] {  // green, red, blue, alpha, distance
            bits.write(1, count: 1)  // simple code
            bits.write(0, count: 1)  // one symbol
            bits.write(1, count: 1)  // 8-bit symbol
            bits.write(UInt32(symbol), count: 8)
        }
        let vp8l: [UInt8] = [0x2F, 0x00, 0x00, 0x00, 0x00] + bits.bytes
        var body = Array("WEBP".utf8)
        if let exif {
            body += riffChunk("VP8X", [0x08, 0, 0, 0] + [0, 0, 0] + [0, 0, 0])
            body += riffChunk("VP8L", vp8l)
            body += riffChunk("EXIF", Array(exif.utf8))
        } else {
            body += riffChunk("VP8L", vp8l)
        }
        return Array("RIFF".utf8) + le32(UInt32(body.count)) + body
    }

    // MARK: helpers

    public static func be16(_ value: Int) -> [UInt8] { [UInt8(value >> 8 & 0xFF), UInt8(value & 0xFF)] }
    public static func be32(_ value: UInt32) -> [UInt8] { [UInt8(value >> 24), UInt8(value >> 16 & 0xFF), UInt8(value >> 8 & 0xFF), UInt8(value & 0xFF)] }
    public static func le32(_ value: UInt32) -> [UInt8] { [UInt8(value & 0xFF), UInt8(value >> 8 & 0xFF), UInt8(value >> 16 & 0xFF), UInt8(value >> 24)] }

    public static func chunk(_ type: String, _ data: [UInt8]) -> [UInt8] {
        let typed = Array(type.utf8) + data
        return be32(UInt32(data.count)) + typed + be32(crc32(typed))
    }

    public static func riffChunk(_ type: String, _ data: [UInt8]) -> [UInt8] {
        Array(type.utf8) + le32(UInt32(data.count)) + data + (data.count % 2 == 1 ? [0] : [])
    }

    public static func crc32(_ data: [UInt8]) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in data {
            crc ^= UInt32(byte)
            for _ in 0..<8 { crc = crc & 1 == 1 ? (crc >> 1) ^ 0xEDB8_8320 : crc >> 1 }
        }
        return ~crc
    }

    /// zlib with one stored (uncompressed) deflate block and its Adler-32.
    public static func zlibStored(_ data: [UInt8]) -> [UInt8] {
        var a: UInt32 = 1, b: UInt32 = 0
        for byte in data { a = (a + UInt32(byte)) % 65521; b = (b + a) % 65521 }
        let length = UInt16(data.count)
        return [0x78, 0x01, 0x01, UInt8(length & 0xFF), UInt8(length >> 8), UInt8(~length & 0xFF), UInt8(~length >> 8)]
            + data + be32(b << 16 | a)
    }

    struct BitWriter {
        var bytes: [UInt8] = []
        var used = 0
        /// LSB-first, as VP8L reads.
        mutating func write(_ value: UInt32, count: Int) {
            for index in 0..<count {
                if used % 8 == 0 { bytes.append(0) }
                if value >> index & 1 == 1 { bytes[bytes.count - 1] |= UInt8(1 << (used % 8)) }
                used += 1
            }
        }
    }
}
