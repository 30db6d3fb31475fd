import Hummingbird
import LinliDomain

/// Refuses a query parameter the endpoint does not take: 400 `query.unknown`, naming it and the
/// ones the endpoint takes. What each endpoint takes is read from the OpenAPI document, the same
/// one the clients are written against (a test keeps its operations and the router's routes the
/// same set).
///
/// Why: a misspelt filter was ignored, so `GET /v1/listings?categroy=repair` answered every
/// listing as if the filter had worked, and an organizer counting the repair offers counted all
/// of them (helper 145 #5 found it on `/v1/audit`, which checked its own; now every route does).
///
/// A parameter given twice is refused too, 400 `query.repeated`: the handlers read the first
/// value, so `?kind=hold&kind=exchange` answered hold lines alone, and an accountant's export
/// missed the rest without a word (helpers 184 #4, 185 #3). Lists are one parameter with
/// comma-separated values where an operation takes them.
struct QueryNamesMiddleware: RouterMiddleware {
    typealias Context = LinliRequestContext

    /// "METHOD /path template" → the query names it takes (`OpenAPIDocument.queryParameters`).
    let known: [String: Set<String>]

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let names = request.uri.queryParameters.map { String($0.key) }
        if !names.isEmpty, let path = context.endpointPath {
            // HEAD is answered by the GET endpoint, and takes what it takes.
            let method = request.method == .head ? "GET" : request.method.rawValue
            if let known = known["\(method) \(path)"] {
                for name in names where !known.contains(name) {
                    if known.isEmpty { throw DomainError(code: "query.none_taken", category: .invalidInput, parameters: ["name": name]) }
                    throw DomainError(
                        code: "query.unknown", category: .invalidInput, parameters: ["name": name, "known": known.sorted().joined(separator: ", ")])
                }
            }
            var seen: Set<String> = []
            for name in names where !seen.insert(name).inserted {
                throw DomainError(code: "query.repeated", category: .invalidInput, parameters: ["name": name])
            }
        }
        return try await next(request, context)
    }
}
