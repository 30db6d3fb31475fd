import Testing
@testable import LinliDomain

@Suite("Canonical transfer encoding: every field counts, nothing is ambiguous")
struct TransferCanonicalEncodingTests {
    static func fields() -> TransferCanonicalEncoding.Fields {
        TransferCanonicalEncoding.Fields(
            communityID: Fixture.community.rawValue, seq: 7, id: Fixture.transfer.rawValue, kind: "reward",
            reason: "社区清洁", category: "community_cleaning", memo: nil, reference: nil, actorID: Fixture.carol.rawValue,
            actorLabel: nil, onBehalfOf: nil, idempotencyKey: "k1", reversesID: nil, holdID: nil, payerID: nil,
            payeeID: nil, settledPoints: nil, serviceMinutes: nil, createdAt: "2026-01-01 08:00:00.000")
    }

    static let postings = [
        TransferCanonicalEncoding.PostingFields(leg: 0, accountID: "system:rewards", amount: -20, balanceAfter: -20),
        TransferCanonicalEncoding.PostingFields(leg: 1, accountID: "member:\(Fixture.alice)", amount: 20, balanceAfter: 20),
    ]

    static func bytes(_ fields: TransferCanonicalEncoding.Fields, _ postings: [TransferCanonicalEncoding.PostingFields] = postings, previous: String = "p") -> [UInt8] {
        var buffer: [UInt8] = []
        TransferCanonicalEncoding.encode(fields, postings: postings, previousHash: previous, into: &buffer)
        return buffer
    }

    @Test("changing any single field, posting or the previous hash changes the bytes")
    func everyFieldCounts() {
        let base = Self.bytes(Self.fields())
        var variants: [[UInt8]] = []
        var f = Self.fields(); f.seq = 8; variants.append(Self.bytes(f))
        f = Self.fields(); f.reason = "社区清洁 "; variants.append(Self.bytes(f))
        f = Self.fields(); f.memo = ""; variants.append(Self.bytes(f))  // empty is not absent
        f = Self.fields(); f.actorID = nil; f.actorLabel = Fixture.carol.rawValue; variants.append(Self.bytes(f))
        f = Self.fields(); f.settledPoints = 0; variants.append(Self.bytes(f))
        f = Self.fields(); f.createdAt = "2026-01-01 08:00:00.001"; variants.append(Self.bytes(f))
        var postings = Self.postings
        postings[1].amount = 21
        variants.append(Self.bytes(Self.fields(), postings))
        postings = Self.postings
        postings[1].balanceAfter = 21
        variants.append(Self.bytes(Self.fields(), postings))
        variants.append(Self.bytes(Self.fields(), Array(Self.postings.reversed())))
        variants.append(Self.bytes(Self.fields(), previous: "q"))
        for variant in variants { #expect(variant != base) }
        #expect(Set(variants).count == variants.count)
    }

    @Test("moving characters across a field boundary changes the bytes")
    func noAmbiguity() {
        var a = Self.fields(); a.reason = "ab"; a.category = "c"
        var b = Self.fields(); b.reason = "a"; b.category = "bc"
        #expect(Self.bytes(a) != Self.bytes(b))
    }

    @Test("encoding is deterministic and reuses the buffer")
    func deterministic() {
        var buffer: [UInt8] = [1, 2, 3]
        TransferCanonicalEncoding.encode(Self.fields(), postings: Self.postings, previousHash: "p", into: &buffer)
        #expect(buffer == Self.bytes(Self.fields()))
        #expect(Array(buffer.prefix(5)) == [1, 0, 0, 0, UInt8(TransferCanonicalEncoding.versionTag.utf8.count)])
    }

    /// The exact bytes of each field form: hashes already stored depend on them, so a faster
    /// writer must produce the same bytes (tag, big-endian length or value).
    @Test("field bytes are fixed: tags, big-endian lengths and integers; raw UTF-8 text encodes like a String")
    func fieldBytes() {
        var writer = TransferCanonicalEncoding.Writer(bytes: [])
        writer.text(nil)
        writer.text("ab")
        writer.integer(nil)
        writer.integer(258)
        writer.integer(-1)
        #expect(writer.bytes == [0, 1, 0, 0, 0, 2, 97, 98, 0, 2, 0, 0, 0, 0, 0, 0, 1, 2, 2, 255, 255, 255, 255, 255, 255, 255, 255])
        var raw = TransferCanonicalEncoding.Writer(bytes: [])
        var viaString = TransferCanonicalEncoding.Writer(bytes: [])
        let text = "社区清洁 community"
        Array(text.utf8).withUnsafeBufferPointer { raw.text(utf8: $0) }
        viaString.text(text)
        #expect(raw.bytes == viaString.bytes)
        #expect(Array(raw.bytes.prefix(5)) == [1, 0, 0, 0, UInt8(text.utf8.count)])
    }
}
