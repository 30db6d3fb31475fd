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
}
