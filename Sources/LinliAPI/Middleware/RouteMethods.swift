import HTTPTypes
@_spi(Internal) import Hummingbird
import Synchronization

/// Which methods each registered path takes, so that a request for a path that exists, with a
/// method it does not take, is answered 405 with an `Allow` header (RFC 9110 §15.5.6) instead of
/// a 404 saying the endpoint does not exist: a client that sends `DELETE` where a listing is
/// withdrawn by `POST …/withdraw` learns what the path takes.
///
/// The paths are resolved by Hummingbird's own trie (its SPI, as the router itself does), so a
/// path resolves here to exactly the endpoint the router chose: `/v1/rules/rollback` is the
/// `POST`-only literal route, not `GET /v1/rules/{id}` with id "rollback".
///
/// The router knows its routes only after every controller registered, while the problem
/// middleware that answers the unmatched request is added before them; so the table is filled
/// once, at the end of `LinliRouter.build`, and read on the (rare) unmatched request.
public final class RouteMethods: Sendable {
    private let trie = Mutex<RouterTrie<[HTTPRequest.Method]>?>(nil)

    public init() {}

    /// Records the router's routes; called once the router is complete.
    func register(_ descriptions: [Router<LinliRequestContext>.RouteDescription]) {
        let builder = RouterPathTrieBuilder<[HTTPRequest.Method]>()
        for (_, routes) in Dictionary(grouping: descriptions, by: \.path.description) {
            var names = Set(routes.map(\.method.rawValue))
            // The router answers HEAD wherever it answers GET (`.autoGenerateHeadEndpoints`).
            if names.contains(HTTPRequest.Method.get.rawValue) { names.insert(HTTPRequest.Method.head.rawValue) }
            let methods = names.sorted().compactMap { HTTPRequest.Method($0) }
            builder.addEntry(routes[0].path, value: methods)
        }
        let built = builder.build()
        trie.withLock { $0 = built }
    }

    /// The methods the endpoint at `path` takes, in a stable order; empty when no registered path
    /// matches it (then it is a 404).
    public func allowed(for path: String) -> [HTTPRequest.Method] {
        guard let trie = trie.withLock({ $0 }) else { return [] }
        return trie.resolve(path)?.value ?? []
    }
}
