/// Lower-case hexadecimal text of bytes: the one form every digest Linli stores or compares is
/// written in (ledger hashes, token hashes, photo ids, migration checksums, fingerprints,
/// idempotency request hashes), built without a formatted string per byte.
public enum HexDigits {
    static let digits = Array("0123456789abcdef".utf8)

    public static func text<Bytes: Sequence>(_ bytes: Bytes) -> String where Bytes.Element == UInt8 {
        var out: [UInt8] = []
        append(bytes, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// Appends the digits of `bytes` to `out` (callers reusing one buffer avoid a `String` each).
    static func append<Bytes: Sequence>(_ bytes: Bytes, to out: inout [UInt8]) where Bytes.Element == UInt8 {
        out.reserveCapacity(out.count + 2 * bytes.underestimatedCount)
        for byte in bytes {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0x0F)])
        }
    }
}
