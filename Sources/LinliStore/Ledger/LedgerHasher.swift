import Crypto
import LinliDomain

/// SHA-256 over a transfer's canonical encoding (`TransferCanonicalEncoding`), as 64 lower-case
/// hex digits. Lives in the store because the domain module links no crypto library.
public enum LedgerHasher {
    /// The hash of a transfer whose `hash` field is not yet known (or is being checked).
    public static func hash(of transfer: Transfer) -> String {
        hex(SHA256.hash(data: TransferCanonicalEncoding.bytes(of: transfer)))
    }

    /// The hash of already-encoded bytes (the verifier reuses one buffer for every transfer).
    public static func hash(bytes: [UInt8]) -> String {
        hex(SHA256.hash(data: bytes))
    }

    static func hex(_ digest: SHA256.Digest) -> String { HexDigits.text(digest) }

    /// The hex digits of `digest` into `out` (replaced, storage reused): the verifier compares
    /// them with the stored hash's bytes without making a `String` per transfer.
    static func hex(_ digest: SHA256.Digest, into out: inout [UInt8]) {
        out.removeAll(keepingCapacity: true)
        HexDigits.append(digest, to: &out)
    }
}
