import Hummingbird

/// A request context that remembers the client's port, so tests can tell whether two requests
/// came over the same TCP connection (connection reuse).
struct PeerRequestContext: RequestContext {
    var coreContext: CoreRequestContextStorage
    let peerPort: Int?

    init(source: ApplicationRequestContextSource) {
        self.coreContext = .init(source: source)
        self.peerPort = source.channel.remoteAddress?.port
    }
}
