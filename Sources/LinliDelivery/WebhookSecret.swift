import Crypto
import Foundation

/// A Standard Webhooks signing secret: `whsec_` followed by the base64 of random bytes.
///
/// Linli generates the secret (never the user) so its entropy is known, shows the encoded form
/// once, and afterwards only ever prints the masked `description`, so a secret cannot leak into a
/// log line or an API answer by string interpolation.
public struct WebhookSecret: Hashable, Sendable, CustomStringConvertible {
    /// The prefix the Standard Webhooks reference libraries expect.
    public static let prefix = "whsec_"
    /// Bytes drawn for a new secret: 32 bytes = 256 bits, the HMAC-SHA256 block-size sweet spot
    /// and inside the 24...64 range the spec recommends.
    public static let generatedByteCount = 32

    /// The raw HMAC key.
    public let keyBytes: [UInt8]
    /// HMAC-SHA256 already keyed with `keyBytes` (inner and outer pads hashed), copied for each
    /// signature: keying takes several allocations and two hash blocks, and every delivery of the
    /// endpoint would otherwise repeat it with the same key.
    let keyedMAC: HMAC<SHA256>

    /// Wraps raw key bytes (e.g. loaded from the store's encrypted column).
    public init(keyBytes: [UInt8]) {
        self.keyBytes = keyBytes
        self.keyedMAC = HMAC<SHA256>(key: SymmetricKey(data: keyBytes))
    }

    /// Parses `whsec_<base64>`; the prefix is optional because some senders omit it.
    public init(encoded: String) throws(EndpointValidationError) {
        let body = encoded.hasPrefix(Self.prefix) ? String(encoded.dropFirst(Self.prefix.count)) : encoded
        guard let data = Data(base64Encoded: body), (16...128).contains(data.count) else {
            throw EndpointValidationError(.secretInvalid, field: "secret",
                                          detail: "expected whsec_ followed by base64 of 16 to 128 bytes")
        }
        self.init(keyBytes: Array(data))
    }

    /// Draws a fresh secret from `generator` (production: `SystemRandomNumberGenerator`).
    public static func generate(using generator: inout some RandomNumberGenerator) -> WebhookSecret {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(generatedByteCount)
        while bytes.count < generatedByteCount {
            let word = generator.next()
            for shift in stride(from: 0, to: 64, by: 8) where bytes.count < generatedByteCount {
                bytes.append(UInt8(truncatingIfNeeded: word >> UInt64(shift)))
            }
        }
        return WebhookSecret(keyBytes: bytes)
    }

    /// The full secret, to be shown exactly once when the endpoint is created or rotated.
    public var encoded: String { Self.prefix + Data(keyBytes).base64EncodedString() }

    /// Equal when the key bytes are (the keyed MAC follows from them).
    public static func == (lhs: WebhookSecret, rhs: WebhookSecret) -> Bool { lhs.keyBytes == rhs.keyBytes }

    public func hash(into hasher: inout Hasher) { hasher.combine(keyBytes) }

    /// Which secret this is, without revealing it: the first 16 hex digits of SHA-256 over the
    /// whole `whsec_…` string. A receiver computes the same from the secret it holds to tell
    /// which one it has (helper 134: every secret masked to the same `whse****`).
    public var fingerprint: String {
        SHA256.hash(data: Data(encoded.utf8)).prefix(8).map { String(format: "%02x", $0) }.joined()
    }

    /// Masked: safe for logs and API answers.
    public var description: String { Self.prefix + "****" }
}
