import HTTPTypes

/// What a suspended or banned member may still do: see who they are, read the inbox that tells
/// them what was decided about them, appeal it (a case's action, or a no-show recorded against
/// them), see and withdraw their consents that staff act for them, read their own points
/// (balance, statement, their own transfers), object to an exchange of theirs under way (a
/// dispute or a no-show), call one off or take her dispute back, and give up her seat at an
/// event. Everything else answers 403
/// `auth.member_inactive`.
/// Staff permissions lapse with good standing (`Principal.can`), so these routes show a
/// suspended staff member her own matters only.
///
/// Without these, a ban could never be appealed, and a suspension longer than the appeal window
/// neither: the inbox message "you may appeal within the appeal window" would be unreadable and
/// the appeal route refused.
enum InactiveMemberRoutes {
    static let allowed: Set<String> = [
        "GET /v1/me",
        "GET /v1/notifications",
        "POST /v1/notifications/{id}/read",
        "POST /v1/notifications/read-all",
        "POST /v1/case-actions/{id}/appeal",
        // What she may still appeal, and until when (her own only: the desk's reading lapses
        // with its standing, `Principal.can`).
        "GET /v1/members/{id}/appealable-actions",
        // Contesting a no-show recorded against her is her appeal of it: the notice gives her
        // days to do it, which a suspension outlasted (helper 120). Only the member named absent
        // contests (`exchange.not_absent_member`).
        "POST /v1/exchanges/{id}/contest-no-show",
        "GET /v1/exchanges/{id}/no-show-contest",
        // Saying an exchange under way went wrong (a dispute) or did not happen (a no-show):
        // automatic confirmation pays the other side regardless of her standing, so her only
        // objections must stay open (helper 168 #2: a payer suspended on the provider's report
        // watched her held points go to an item that never came). Her own exchanges only: the
        // exchange routes answer 404 to anyone else.
        "GET /v1/exchanges/{id}",
        "POST /v1/exchanges/{id}/dispute",
        "POST /v1/exchanges/{id}/no-show",
        // Calling an exchange off before it takes place, and taking back her own dispute: a
        // provider suspended days before the walk could not cancel it and was then charged as
        // absent, and a suspended payer could not have her held points back before the start
        // (helper 187 #1). The usual limits hold (a payer does not cancel once it has begun).
        "POST /v1/exchanges/{id}/cancel",
        "POST /v1/exchanges/{id}/withdraw-dispute",
        // Her points are hers: a penalty or a frozen hold the decision brought, and the balance
        // she keeps when the suspension ends, read like a passbook (a time bank that hid them
        // would ask for the very trust it is there to earn). Her own only: reading another's
        // needs `ledger.read_others`, which lapses with good standing.
        "GET /v1/members/{id}/balance",
        "GET /v1/members/{id}/statement",
        "GET /v1/ledger/transfers/{id}",
        // Giving up her seat at an event: the door refuses her while she is inactive, and the
        // reminder asks whoever cannot come to cancel; held, the seat stayed empty and the line
        // did not move (helper 177 #1). Her own only: another's is 404, and giving one up for
        // someone needs a staff permission, which lapses with good standing.
        "POST /v1/event-registrations/{id}/cancel",
        // Withdrawing a consent that someone acts for them is about their own safety, not trade.
        "GET /v1/proxies",
        "GET /v1/proxies/{id}",
        "POST /v1/proxies/{id}/revoke",
    ]

    /// Whether the route `method` `template` (the router's path template, e.g.
    /// `/v1/case-actions/{id}/appeal`) stays open to an inactive member. HEAD goes with GET, as
    /// the router answers it.
    static func allows(_ method: HTTPRequest.Method, _ template: String?) -> Bool {
        RouteKey.of(method, template).map(allowed.contains) ?? false
    }
}
