import HTTPTypes

/// What a new community's hand-over token may do (`AccessToken.handOver`): learn whose it is and
/// mint her own token, which revokes it (`TokenCommands.issue`). Everything else answers 403
/// `auth.hand_over_token`, naming the route that mints.
///
/// Why: its secret passed through another community's admin (`POST /v1/communities`). As a full
/// admin key for a week, whoever saw it could register an admin of their own or mint a
/// ten-year token that looked like hers and outlived it (helper 153 #1). As a voucher that mints
/// once, a copy kept back either fails when she mints first, or leaves her own mint refused,
/// which tells her at once.
enum HandOverTokenRoutes {
    static let allowed: Set<String> = [
        "GET /v1/me",
        "POST /v1/members/{id}/tokens",
    ]

    /// Whether the route `method` `template` takes a hand-over token.
    static func allows(_ method: HTTPRequest.Method, _ template: String?) -> Bool {
        RouteKey.of(method, template).map(allowed.contains) ?? false
    }
}
