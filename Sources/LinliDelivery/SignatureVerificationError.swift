/// Why a received Standard Webhooks delivery was rejected.
public enum SignatureVerificationError: String, Error, Sendable {
    case missingID = "signature.missing_id"
    case timestampInvalid = "signature.timestamp_invalid"
    case timestampTooOld = "signature.timestamp_too_old"
    case timestampTooNew = "signature.timestamp_too_new"
    case noMatchingSignature = "signature.no_match"
}
