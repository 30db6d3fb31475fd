import Crypto
import Foundation

/// Signs and verifies per the Standard Webhooks specification (v1 = HMAC-SHA256 over
/// `webhook-id.webhook-timestamp.body`, base64).
///
/// Signing takes several secrets so that during a rotation grace period receivers holding either
/// the old or the new secret accept the same delivery: each secret contributes one `v1,…` entry to
/// the space-separated `webhook-signature` header.
public enum StandardWebhookSigner {
    /// Header names, lower-case as HTTP/2 requires and as the reference libraries send them.
    public static let idHeader = "webhook-id"
    public static let timestampHeader = "webhook-timestamp"
    public static let signatureHeader = "webhook-signature"
    /// Receivers reject timestamps further than this from their clock (replay protection).
    public static let defaultTolerance: TimeInterval = 5 * 60

    /// One `v1,<base64>` signature. Starts from the secret's keyed MAC and feeds the prefix and
    /// the body in turn, so the body (shared by every message of an event) is not copied.
    public static func signature(id: String, timestamp: Int64, body: Data, secret: WebhookSecret) -> String {
        var mac = secret.keyedMAC
        mac.update(data: Data("\(id).\(timestamp).".utf8))
        mac.update(data: body)
        return "v1," + Data(mac.finalize()).base64EncodedString()
    }

    /// The three headers for a delivery, one signature per active secret (newest first).
    public static func headers(id: String, timestamp: Int64, body: Data, secrets: [WebhookSecret]) -> [HTTPHeader] {
        let signatures = secrets.map { signature(id: id, timestamp: timestamp, body: body, secret: $0) }
        return [
            HTTPHeader(name: idHeader, value: id),
            HTTPHeader(name: timestampHeader, value: String(timestamp)),
            HTTPHeader(name: signatureHeader, value: signatures.joined(separator: " ")),
        ]
    }

    /// Verifies a received delivery the way a consumer would; used by tests and by anyone
    /// embedding Linli as a receiver. Comparison is constant-time (CryptoKit's validator).
    public static func verify(
        id: String, timestamp: String, signatureHeader: String, body: Data,
        secret: WebhookSecret, now: Date, tolerance: TimeInterval = defaultTolerance
    ) throws(SignatureVerificationError) {
        guard !id.isEmpty else { throw .missingID }
        guard let seconds = Int64(timestamp) else { throw .timestampInvalid }
        let skew = Double(seconds) - now.timeIntervalSince1970
        if skew < -tolerance { throw .timestampTooOld }
        if skew > tolerance { throw .timestampTooNew }
        let content = signedContent(id: id, timestamp: seconds, body: body)
        let key = SymmetricKey(data: secret.keyBytes)
        for entry in signatureHeader.split(separator: " ") {
            let parts = entry.split(separator: ",", maxSplits: 1)
            guard parts.count == 2, parts[0] == "v1", let mac = Data(base64Encoded: String(parts[1])) else { continue }
            if HMAC<SHA256>.isValidAuthenticationCode(mac, authenticating: content, using: key) { return }
        }
        throw .noMatchingSignature
    }

    private static func signedContent(id: String, timestamp: Int64, body: Data) -> Data {
        var content = Data("\(id).\(timestamp).".utf8)
        content.append(body)
        return content
    }
}
