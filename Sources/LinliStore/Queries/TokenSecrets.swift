import Crypto
import Foundation

/// Bearer-token secrets: 32 random bytes, shown once, stored only as a SHA-256 hash.
///
/// SHA-256 (not a slow password hash) is right here: the secret has 256 bits of entropy, so there is
/// nothing to brute-force, and every request must verify a token quickly.
public enum TokenSecrets {
    /// Visible prefix so leaked tokens are recognisable by secret scanners.
    public static let prefix = "lnl_"

    public static func generate() -> String {
        var rng = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: 0...255, using: &rng) }
        return prefix + Data(bytes).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    /// Lowercase hex SHA-256 (computed on every authenticated request).
    public static func hash(_ secret: String) -> String {
        HexDigits.text(SHA256.hash(data: Data(secret.utf8)))
    }

    /// Cheap shape check before touching the database.
    public static func isPlausible(_ secret: String) -> Bool {
        secret.hasPrefix(prefix) && secret.utf8.count == prefix.utf8.count + 43
            && secret.utf8.dropFirst(prefix.utf8.count).allSatisfy { byte in
                (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
                    || byte == 0x2D || byte == 0x5F
            }
    }
}
