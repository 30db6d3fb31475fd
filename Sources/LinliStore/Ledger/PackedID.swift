import Foundation

/// An id of at most 31 UTF-8 bytes held inline in 32 bytes (the length in the last), so
/// `ledger verify` can keep hundreds of thousands of transfer ids without a heap `String` each.
///
/// Linli's ids are a short prefix and a 26-character ULID (`trf_…` is 30 bytes, `hold_…` 31), so
/// every id the service writes fits. A longer id (only an edited database has one) cannot be
/// packed, and the caller checks it the slow way instead.
///
/// Ordered as the bytes are (shorter first on a common prefix, since unused bytes are zero and
/// the length is last), so ids the service wrote in sequence, ULIDs being time-ordered, are
/// already in order.
struct PackedID: Comparable {
    /// Big-endian words: comparing them as integers compares the bytes in order.
    private var words: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)

    static let capacity = 31

    init?(_ bytes: UnsafeBufferPointer<UInt8>) {
        guard bytes.count <= Self.capacity else { return nil }
        withUnsafeMutableBytes(of: &words) { raw in
            if let base = bytes.baseAddress { raw.baseAddress!.copyMemory(from: base, byteCount: bytes.count) }
            raw[Self.capacity] = UInt8(bytes.count)
        }
        words = (UInt64(bigEndian: words.0), UInt64(bigEndian: words.1), UInt64(bigEndian: words.2), UInt64(bigEndian: words.3))
    }

    var string: String {
        var bytes = (words.0.bigEndian, words.1.bigEndian, words.2.bigEndian, words.3.bigEndian)
        return withUnsafeBytes(of: &bytes) { raw in
            String(decoding: raw.prefix(Int(raw[Self.capacity])), as: UTF8.self)
        }
    }

    static func == (lhs: PackedID, rhs: PackedID) -> Bool {
        lhs.words.0 == rhs.words.0 && lhs.words.1 == rhs.words.1 && lhs.words.2 == rhs.words.2 && lhs.words.3 == rhs.words.3
    }

    static func < (lhs: PackedID, rhs: PackedID) -> Bool {
        if lhs.words.0 != rhs.words.0 { return lhs.words.0 < rhs.words.0 }
        if lhs.words.1 != rhs.words.1 { return lhs.words.1 < rhs.words.1 }
        if lhs.words.2 != rhs.words.2 { return lhs.words.2 < rhs.words.2 }
        return lhs.words.3 < rhs.words.3
    }
}
