import Hummingbird
import LinliDomain
import NIOCore

/// Reads a request body with the configured size limit, turning "too big" into its own problem
/// (413 `body.too_large`) instead of a generic failure.
enum BodyReader {
    static func collect(_ request: Request, limit: Int) async throws -> ByteBuffer {
        do {
            return try await request.body.collect(upTo: limit)
        } catch is NIOTooManyBytesError {
            throw DomainError(code: "body.too_large", category: .tooLarge, parameters: ["limit": String(limit)])
        }
    }

    /// A body meant to be JSON. One sent as another media type and too large to read is 415
    /// `body.unsupported_media_type`, the mistake to mend, not 413 (helper 185 #2: a photo sent to
    /// `POST /v1/listings` by mistake was told it was over 65,536 bytes). A small one is read
    /// first: whitespace alone is an empty body, taken whatever its type (`JSONBody.decode`).
    static func collectJSON(_ request: Request, limit: Int) async throws -> ByteBuffer {
        do {
            return try await collect(request, limit: limit)
        } catch let error as DomainError where error.code == "body.too_large" {
            if let type = request.headers[.contentType], !JSONBody.isJSON(type) {
                throw DomainError(code: "body.unsupported_media_type", category: .unsupportedMedia, parameters: ["expected": "application/json"])
            }
            throw error
        }
    }
}
