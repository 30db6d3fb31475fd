/// Every event type Linli writes to the outbox.
///
/// Endpoint filters are checked against it, so `listing.publishd` or `exchanges.*` is refused
/// when the endpoint is registered (422 `endpoint.event_unknown`) instead of silently never
/// matching. `Transaction.emit` asserts that what it writes is listed here, so the debug build the
/// tests run in stops at a new type nobody added.
public enum OutboundEventCatalog {
    public static let types: Set<String> = [
        // Listings
        "listing.submitted", "listing.published", "listing.rejected", "listing.changes_requested", "listing.withdrawn", "listing.removed", "listing.reinstated",
        "listing.expired", "listing.revalued", "listing.edited", "listing.edit_rejected", "listing.edit_changes_requested",
        // Exchanges
        "exchange.requested", "exchange.accepted", "exchange.declined", "exchange.cancelled", "exchange.completed",
        "exchange.minutes_reported", "exchange.no_show", "exchange.no_show_contested", "exchange.no_show_contest_decided",
        "exchange.disputed", "exchange.dispute_withdrawn", "exchange.resolved", "exchange.frozen", "exchange.unfrozen",
        "exchange.rated", "exchange.needs_moderator",
        // Ledger
        "ledger.hold_placed", "ledger.hold_released", "ledger.hold_refunded", "ledger.hold_frozen", "ledger.hold_unfrozen",
        "ledger.exchange_paid", "ledger.reward_granted", "ledger.penalty_charged", "ledger.compensation_paid",
        "ledger.donation_converted", "ledger.balance_adjusted", "ledger.transfer_reversed", "ledger.near_credit_limit",
        // Members
        "member.joined", "member.role_changed", "member.status_changed", "member.verified", "member.verification_revoked",
        "member.notified",
        // Trust
        "report.filed", "case.needs_moderator", "case.resolved", "appeal.filed", "appeal.needs_moderator", "appeal.decided",
        "fraud.signal_raised", "fraud.report",
        // Community events
        "event.published", "event.updated", "event.cancelled", "event.registration_closed", "event.reminder",
        // Rules and delivery
        "rules.activated", "rules.rolled_back", "rules.withdrawn", "rules.holidays_needed", "endpoint.failing",
    ]

    /// Whether `pattern` (already a valid pattern) can match any type Linli writes.
    public static func reachesAnyType(_ pattern: String) -> Bool {
        pattern == "*" || types.contains { EventTypeFilter.only(pattern).matches($0) }
    }
}
