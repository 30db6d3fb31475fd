import LinliDomain
import Testing
@testable import LinliStore

/// The in-memory side of the hold checks. A lookup that misses falls back to SQL and yields the
/// same report (`VerifierHoldTests`), so only these tests can tell that a clean ledger is in fact
/// checked in memory, with nothing left for the per-transfer queries.
@Suite("HoldTransferIndex")
struct HoldTransferIndexTests {
    static func bytes<T>(_ text: String?, _ body: (UnsafeBufferPointer<UInt8>?) -> T) -> T {
        guard var text else { return body(nil) }
        return text.withUTF8 { body($0) }
    }

    static func record(_ index: inout HoldTransferIndex, seq: Int, id: String?, kind: TransferKind, hold: String?) {
        bytes(id) { id in bytes(hold) { hold in index.record(seq: seq, id: id, kind: kind, hold: hold) } }
    }

    static func find(_ index: inout HoldTransferIndex, _ id: String, named hold: String?, as kind: TransferKind) -> HoldTransferIndex.Named? {
        bytes(id) { id in bytes(hold) { hold in index.find(id!, named: hold, as: kind) } }
    }

    @Test("ids of up to 31 bytes pack and read back; longer ones do not pack")
    func packing() {
        for text in ["", "trf_01M8XTFY3GD7XFSBQ0BKEB6R8E", "hold_01M8XTFY3GD7XFSBQ0BKEB6R8F", "邻里", "a\u{0}"] {
            #expect(Self.bytes(text) { PackedID($0!)?.string } == text)
        }
        #expect(Self.bytes(String(repeating: "x", count: 32)) { PackedID($0!) } == nil)
        // The length is part of the key: a trailing NUL byte is a different id.
        #expect(Self.bytes("a") { PackedID($0!) } != Self.bytes("a\u{0}") { PackedID($0!) })
    }

    /// The order is the bytes' order, as SQLite's BINARY collation and ULIDs' time order have it.
    @Test("ids order as their bytes do", arguments: [
        ("trf_01M8XTFY3GD7XFSBQ0BKEB6R8E", "trf_01M8XTFY3GD7XFSBQ0BKEB6R8G"),
        ("trf_01M8XTFY3GD7XFSBQ0BKEB6R8Z", "trf_01M8XTFY3H0GCWYQ2ED9AZ7C2X"),
        ("a", "ab"), ("", "a"), ("a\u{0}", "a\u{1}"), ("Z", "a"), ("abcdefgh", "abcdefgi"), ("hold_1", "trf_1"),
    ])
    func order(_ pair: (String, String)) {
        let lower = Self.bytes(pair.0) { PackedID($0!)! }
        let higher = Self.bytes(pair.1) { PackedID($0!)! }
        #expect(Array(pair.0.utf8).lexicographicallyPrecedes(Array(pair.1.utf8)))
        #expect(lower < higher && !(higher < lower) && lower != higher)
    }

    @Test("transfers recorded out of order, or an id twice, are still found; the repeat is left for SQL")
    func outOfOrder() {
        var index = HoldTransferIndex()
        Self.record(&index, seq: 1, id: "trf_c", kind: .hold, hold: "hold_c")
        Self.record(&index, seq: 2, id: "trf_a", kind: .hold, hold: "hold_a")
        Self.record(&index, seq: 3, id: "trf_b", kind: .hold, hold: "hold_b")
        Self.record(&index, seq: 4, id: "trf_a", kind: .release, hold: "hold_a")
        #expect(Self.find(&index, "trf_c", named: "hold_c", as: .hold) == .matches(seq: 1))
        #expect(Self.find(&index, "trf_b", named: "hold_b", as: .hold) == .matches(seq: 3))
        #expect(Self.find(&index, "trf_a", named: "hold_a", as: .hold) == .matches(seq: 2), "the first of a repeated id")
        #expect(Self.find(&index, "trf_0", named: "hold_a", as: .hold) == nil)
        #expect(Self.find(&index, "trf_d", named: "hold_a", as: .hold) == nil)
        #expect(index.unrecorded().map(\.seq) == [4])
    }

    struct Lookup: Sendable, CustomTestStringConvertible {
        let description: String
        let id: String
        let hold: String?
        let kind: TransferKind
        let expected: HoldTransferIndex.Named?
        var testDescription: String { description }
    }

    static let lookups: [Lookup] = [
        Lookup(description: "its hold transfer", id: "trf_h1", hold: "hold_1", kind: .hold, expected: .matches(seq: 1)),
        Lookup(description: "its release", id: "trf_r1", hold: "hold_1", kind: .release, expected: .matches(seq: 2)),
        Lookup(description: "a release named as the hold transfer", id: "trf_r1", hold: "hold_1", kind: .hold, expected: .notForThisHold),
        Lookup(description: "another hold's transfer", id: "trf_h2", hold: "hold_1", kind: .hold, expected: .notForThisHold),
        Lookup(description: "a hold without an id", id: "trf_h2", hold: nil, kind: .hold, expected: .notForThisHold),
        Lookup(description: "a transfer not indexed", id: "trf_exchange", hold: "hold_1", kind: .hold, expected: nil),
        Lookup(description: "an id too long to index", id: String(repeating: "t", count: 40), hold: "hold_1", kind: .hold, expected: nil),
    ]

    static func sample() -> HoldTransferIndex {
        var index = HoldTransferIndex()
        record(&index, seq: 1, id: "trf_h1", kind: .hold, hold: "hold_1")
        record(&index, seq: 2, id: "trf_r1", kind: .release, hold: "hold_1")
        record(&index, seq: 3, id: "trf_h2", kind: .hold, hold: "hold_2")
        return index
    }

    @Test("a hold's column finds its transfer", arguments: lookups)
    func lookup(_ lookup: Lookup) {
        var index = Self.sample()
        #expect(Self.find(&index, lookup.id, named: lookup.hold, as: lookup.kind) == lookup.expected)
    }

    @Test("only what no hold recorded, and what could not be indexed, is left for SQL, in seq order")
    func unrecorded() {
        var index = Self.sample()
        Self.record(&index, seq: 4, id: String(repeating: "t", count: 40), kind: .release, hold: "hold_2")
        Self.record(&index, seq: 5, id: "trf_r3", kind: .release, hold: String(repeating: "h", count: 40))
        Self.record(&index, seq: 6, id: "trf_r4", kind: .release, hold: nil)
        Self.record(&index, seq: 7, id: nil, kind: .hold, hold: "hold_5")
        _ = Self.find(&index, "trf_h1", named: "hold_1", as: .hold)
        _ = Self.find(&index, "trf_r1", named: "hold_1", as: .hold)  // the wrong column marks nothing
        _ = Self.find(&index, "trf_h2", named: "hold_1", as: .hold)  // nor the wrong hold
        let left = index.unrecorded()
        #expect(left.map(\.seq) == [2, 3, 4, 5, 6, 7])
        #expect(left.map(\.id) == ["trf_r1", "trf_h2", String(repeating: "t", count: 40), "trf_r3", "trf_r4", nil])
        _ = Self.find(&index, "trf_r1", named: "hold_1", as: .release)
        _ = Self.find(&index, "trf_h2", named: "hold_2", as: .hold)
        #expect(index.unrecorded().map(\.seq) == [4, 5, 6, 7])
    }
}
