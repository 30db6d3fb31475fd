/// Crockford's base-32 alphabet (no I, L, O, U), used for identifier bodies.
///
/// Chosen because it is case-insensitive in spirit, avoids look-alike characters that elderly users
/// and station staff would misread when reading an id aloud, and sorts lexicographically by value.
public enum CrockfordBase32 {
    public static let alphabet: [UInt8] = Array("0123456789ABCDEFGHJKMNPQRSTVWXYZ".utf8)
    /// Characters in an identifier body: 10 for the time, 16 for entropy.
    public static let bodyLength = 26

    /// Whether the byte is one of the 32 upper-case alphabet characters.
    public static func isDigit(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return true
        case UInt8(ascii: "I"), UInt8(ascii: "L"), UInt8(ascii: "O"), UInt8(ascii: "U"): return false
        case UInt8(ascii: "A")...UInt8(ascii: "Z"): return true
        default: return false
        }
    }

    /// Encodes a 48-bit millisecond time and 80 bits of entropy into a 26-character body.
    public static func encodeBody(milliseconds: UInt64, entropyHigh: UInt16, entropyLow: UInt64) -> String {
        var out = [UInt8](repeating: 0, count: bodyLength)
        var time = milliseconds & 0xFFFF_FFFF_FFFF
        for index in stride(from: 9, through: 0, by: -1) {
            out[index] = alphabet[Int(time & 31)]
            time >>= 5
        }
        // 80 bits = 16 characters of 5 bits: the low 64 bits then the high 16 bits.
        var low = entropyLow
        var high = UInt64(entropyHigh)
        for index in stride(from: 25, through: 10, by: -1) {
            out[index] = alphabet[Int(low & 31)]
            low = (low >> 5) | ((high & 31) << 59)
            high >>= 5
        }
        return String(decoding: out, as: UTF8.self)
    }
}
