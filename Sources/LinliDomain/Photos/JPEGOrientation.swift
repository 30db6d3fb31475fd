/// The one EXIF field a JPEG keeps: its orientation (tag 0x0112).
///
/// Why: phones store the picture as the sensor saw it and say in EXIF how to turn it. Dropping
/// all of EXIF (which carries GPS, the device, the owner's name) showed every portrait photo of
/// a resident's phone lying on its side. The scrubber now writes back a minimal EXIF segment with
/// that field alone, and nothing else of the original.
enum JPEGOrientation {
    /// The orientation (2–8) an APP1 EXIF payload states in its first IFD, or nil when it states
    /// none, states the default (1), or is not well-formed EXIF.
    static func value(in payload: ArraySlice<UInt8>) -> UInt8? {
        let bytes = Array(payload)
        let tiff = 6
        guard bytes.count >= tiff + 8, bytes.starts(with: Array("Exif\u{0}\u{0}".utf8)) else { return nil }
        let little: Bool
        switch (bytes[tiff], bytes[tiff + 1]) {
        case (0x49, 0x49): little = true
        case (0x4D, 0x4D): little = false
        default: return nil
        }
        func u16(_ at: Int) -> Int? {
            guard at >= 0, at + 2 <= bytes.count else { return nil }
            return little ? Int(bytes[at]) | Int(bytes[at + 1]) << 8 : Int(bytes[at]) << 8 | Int(bytes[at + 1])
        }
        func u32(_ at: Int) -> Int? {
            guard let first = u16(at), let second = u16(at + 2) else { return nil }
            return little ? first | second << 16 : first << 16 | second
        }
        guard u16(tiff + 2) == 42, let ifd = u32(tiff + 4), let count = u16(tiff + ifd) else { return nil }
        for index in 0..<count {
            let entry = tiff + ifd + 2 + index * 12
            guard let tag = u16(entry) else { return nil }
            guard tag == 0x0112 else { continue }
            // SHORT (3), one value, held in the entry itself (first two bytes of the value field).
            guard u16(entry + 2) == 3, u32(entry + 4) == 1, let value = u16(entry + 8), (2...8).contains(value) else { return nil }
            return UInt8(value)
        }
        return nil
    }

    /// A whole APP1 segment stating `value` and nothing else: big-endian TIFF, one IFD with one
    /// entry, no next IFD.
    static func segment(_ value: UInt8) -> [UInt8] {
        let payload: [UInt8] = Array("Exif\u{0}\u{0}".utf8)
            + [0x4D, 0x4D, 0x00, 0x2A, 0x00, 0x00, 0x00, 0x08]  // "MM", 42, IFD at 8
            + [0x00, 0x01]  // one entry
            + [0x01, 0x12, 0x00, 0x03, 0x00, 0x00, 0x00, 0x01, 0x00, value, 0x00, 0x00]  // orientation, SHORT × 1
            + [0x00, 0x00, 0x00, 0x00]  // no next IFD
        let length = payload.count + 2
        return [0xFF, 0xE1, UInt8(length >> 8), UInt8(length & 0xFF)] + payload
    }
}
