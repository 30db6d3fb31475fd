import Foundation
import Hummingbird

/// Holds the writes that take no body (a step: submit, claim, accept, read…) to what every other
/// write is held to: nothing or `{}` is taken; a field is 422 `field.unknown`, another media
/// type 415, too much 413, broken JSON 400 (`NoBody`). Which writes take none is read from the
/// OpenAPI document (an operation without `requestBody`), as the query names are, so the two
/// cannot drift apart.
///
/// Why: these handlers never read the body, so `{"reason":"已送人"}` sent to withdraw a listing
/// answered 200 and the reason was lost without a word (helper 170 #4).
struct BodylessWritesMiddleware: RouterMiddleware {
    typealias Context = LinliRequestContext

    /// "METHOD /path template" of every write without a body.
    let bodyless: Set<String>
    let limit: Int

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard let path = context.endpointPath, bodyless.contains("\(request.method.rawValue) \(path)") else {
            return try await next(request, context)
        }
        let body = try await BodyReader.collectJSON(request, limit: limit)
        _ = try JSONBody.decode(NoBody.self, from: Data(buffer: body), contentType: request.headers[.contentType], allowEmpty: true)
        var buffered = request
        buffered.body = .init(buffer: body)
        return try await next(buffered, context)
    }
}
