/// The exact bytes a transfer's hash is computed over: every stored field of the transfer and its
/// postings, in a fixed order, followed by the previous transfer's hash.
///
/// Each field is self-delimiting (a tag byte, then a 4-byte big-endian length and UTF-8 bytes for
/// text, or 8 big-endian bytes for an integer, or a lone tag for "absent"), so no two different
/// transfers can encode to the same bytes, whatever characters their texts contain. The version
/// tag at the front lets a future format coexist with this one.
///
/// The hashing itself (SHA-256) happens in the store, which links a crypto library; this module
/// stays pure.
public enum TransferCanonicalEncoding {
    public static let versionTag = "linli.ledger.transfer.v1"
    /// The previous hash of a community's first transfer.
    public static let genesisHash = String(repeating: "0", count: 64)

    /// The stored columns of a transfer, as text and integers (what `verify` reads back).
    public struct Fields: Sendable {
        public var communityID: String
        public var seq: Int
        public var id: String
        public var kind: String
        public var reason: String
        public var category: String?
        public var memo: String?
        public var reference: String?
        public var actorID: String?
        public var actorLabel: String?
        public var onBehalfOf: String?
        public var idempotencyKey: String
        public var reversesID: String?
        public var holdID: String?
        public var payerID: String?
        public var payeeID: String?
        public var settledPoints: Int?
        public var serviceMinutes: Int?
        public var createdAt: String

        public init(
            communityID: String, seq: Int, id: String, kind: String, reason: String, category: String?, memo: String?,
            reference: String?, actorID: String?, actorLabel: String?, onBehalfOf: String?, idempotencyKey: String,
            reversesID: String?, holdID: String?, payerID: String?, payeeID: String?, settledPoints: Int?,
            serviceMinutes: Int?, createdAt: String
        ) {
            self.communityID = communityID
            self.seq = seq
            self.id = id
            self.kind = kind
            self.reason = reason
            self.category = category
            self.memo = memo
            self.reference = reference
            self.actorID = actorID
            self.actorLabel = actorLabel
            self.onBehalfOf = onBehalfOf
            self.idempotencyKey = idempotencyKey
            self.reversesID = reversesID
            self.holdID = holdID
            self.payerID = payerID
            self.payeeID = payeeID
            self.settledPoints = settledPoints
            self.serviceMinutes = serviceMinutes
            self.createdAt = createdAt
        }

        /// The fields of a transfer as it is (or will be) stored.
        public init(_ transfer: Transfer) {
            self.init(
                communityID: transfer.communityID.rawValue, seq: transfer.seq, id: transfer.id.rawValue,
                kind: transfer.kind.rawValue, reason: transfer.reason, category: transfer.category, memo: transfer.memo,
                reference: transfer.reference, actorID: transfer.actorID?.rawValue, actorLabel: transfer.actorLabel,
                onBehalfOf: transfer.onBehalfOf?.rawValue, idempotencyKey: transfer.idempotencyKey,
                reversesID: transfer.reversesID?.rawValue, holdID: transfer.holdID?.rawValue,
                payerID: transfer.settlement?.payer.rawValue, payeeID: transfer.settlement?.payee.rawValue,
                settledPoints: transfer.settlement?.points, serviceMinutes: transfer.settlement?.minutes,
                createdAt: transfer.createdAt.text)
        }
    }

    /// One stored posting line.
    public struct PostingFields: Sendable {
        public var leg: Int
        public var accountID: String
        public var amount: Int
        public var balanceAfter: Int

        public init(leg: Int, accountID: String, amount: Int, balanceAfter: Int) {
            self.leg = leg
            self.accountID = accountID
            self.amount = amount
            self.balanceAfter = balanceAfter
        }
    }

    /// Appends the canonical bytes to `buffer` (cleared first), reusing its storage: `verify`
    /// encodes a million transfers through one buffer.
    public static func encode(_ fields: Fields, postings: [PostingFields], previousHash: String, into buffer: inout [UInt8]) {
        buffer.removeAll(keepingCapacity: true)
        var writer = Writer(bytes: [])
        swap(&writer.bytes, &buffer)  // move, not copy: the writer appends into the caller's storage
        writer.text(versionTag)
        writer.text(fields.communityID)
        writer.integer(fields.seq)
        writer.text(fields.id)
        writer.text(fields.kind)
        writer.text(fields.reason)
        writer.text(fields.category)
        writer.text(fields.memo)
        writer.text(fields.reference)
        writer.text(fields.actorID)
        writer.text(fields.actorLabel)
        writer.text(fields.onBehalfOf)
        writer.text(fields.idempotencyKey)
        writer.text(fields.reversesID)
        writer.text(fields.holdID)
        writer.text(fields.payerID)
        writer.text(fields.payeeID)
        writer.integer(fields.settledPoints)
        writer.integer(fields.serviceMinutes)
        writer.text(fields.createdAt)
        writer.integer(postings.count)
        for posting in postings {
            writer.posting(leg: posting.leg, accountID: posting.accountID, amount: posting.amount, balanceAfter: posting.balanceAfter)
        }
        writer.text(previousHash)
        swap(&writer.bytes, &buffer)
    }

    /// Convenience for one transfer (tests, the poster).
    public static func bytes(of transfer: Transfer) -> [UInt8] {
        var buffer: [UInt8] = []
        let postings = transfer.postings.map {
            PostingFields(leg: $0.leg, accountID: $0.account.rawValue, amount: $0.amount, balanceAfter: $0.balanceAfter)
        }
        encode(Fields(transfer), postings: postings, previousHash: transfer.previousHash, into: &buffer)
        return buffer
    }

    /// The field encoder. Public so `ledger verify` can encode straight from the database's column
    /// bytes (no `String` per field); the tags and lengths are defined here only.
    public struct Writer {
        public var bytes: [UInt8]

        public init(bytes: [UInt8]) {
            self.bytes = bytes
        }

        public mutating func text(_ value: String?) {
            guard let value else {
                bytes.append(0)
                return
            }
            var text = value
            text.withUTF8 { utf8 in self.text(utf8: utf8) }
        }

        /// A present text field given as its UTF-8 bytes.
        public mutating func text(utf8: UnsafeBufferPointer<UInt8>) {
            bytes.append(1)
            appendBigEndian(UInt64(utf8.count), width: 4)
            bytes.append(contentsOf: utf8)
        }

        /// One posting line, its fields in their fixed order.
        public mutating func posting(leg: Int, accountID: String, amount: Int, balanceAfter: Int) {
            integer(leg)
            text(accountID)
            integer(amount)
            integer(balanceAfter)
        }

        public mutating func integer(_ value: Int?) {
            guard let value else {
                bytes.append(0)
                return
            }
            bytes.append(2)
            appendBigEndian(UInt64(bitPattern: Int64(value)), width: 8)
        }

        /// The low `width` bytes of `value`, most significant first, appended in one copy (a
        /// byte-at-a-time loop was a visible share of `ledger verify`).
        mutating func appendBigEndian(_ value: UInt64, width: Int) {
            withUnsafeBytes(of: value.bigEndian) { all in
                bytes.append(contentsOf: all[(8 - width)...])
            }
        }
    }
}
