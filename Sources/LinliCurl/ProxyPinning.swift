/// Which requests through the webhook proxy are pinned to the address Linli checked
/// (`webhooks.proxy_pinning`, `ProxyTargetGate`).
///
/// Why a choice: pinning names the address in the proxy's `CONNECT` line, so the proxy cannot
/// resolve the name again to somewhere else (DNS rebinding). An https request is tunnelled with
/// `CONNECT` anyway; a plain http one becomes a `CONNECT address:80` tunnel, which many proxies
/// refuse by default (Squid's `deny CONNECT !SSL_ports`), so pinning it too is for proxies that
/// allow it. A proxy that allow-lists destinations by name sees only addresses when pinned.
public enum ProxyPinning: String, Sendable, CaseIterable {
    /// https requests are pinned; plain http ones name the host (the proxy resolves it).
    case https
    /// Every request is pinned; plain http is tunnelled too.
    case all
    /// Nothing is pinned: the proxy resolves every name itself, and its own egress rules are the
    /// last line against a name that changes its answer.
    case off

    /// Whether a request to `url` is pinned.
    func pins(_ url: String) -> Bool {
        switch self {
        case .all: return true
        case .off: return false
        case .https: return url.utf8.count >= 8 && url.prefix(8).lowercased() == "https://"
        }
    }
}
