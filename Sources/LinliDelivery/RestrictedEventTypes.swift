import LinliDomain

/// Event types about one member's matter (a report, a case, an appeal, a fraud signal, a
/// suspension, an inbox notice, a dispute, a rating, a refused listing, points moving between two
/// members) or the moderators' queue, with the permission the API asks before it shows the same
/// thing. Helper 134: an organizer, refused `GET /v1/cases`, registered a `standard` endpoint for
/// `*` and received every case, its target and its reason.
///
/// Two rules close that: an endpoint takes a restricted type only when its filter names it (the
/// type itself, or a namespace every type of which is restricted, such as `case.*`; never through
/// `*` or a namespace that mixes them in, such as `member.*`), and only a role holding the type's
/// permission may name it, or change, delete, resend, recover or read the messages of an endpoint
/// that names it (403 `webhook.events_beyond_role`).
public enum RestrictedEventTypes {
    /// Each restricted type and the permission whose holders may follow it.
    public static let permission: [String: Permission] = {
        var table: [String: Permission] = [:]
        for type in [
            "report.filed", "case.needs_moderator", "case.resolved", "appeal.filed", "appeal.needs_moderator", "appeal.decided",
            "member.status_changed", "member.notified",
        ] { table[type] = .caseManage }
        for type in ["fraud.signal_raised", "fraud.report", "exchange.frozen", "exchange.unfrozen"] { table[type] = .fraudReportRead }
        for type in [
            "exchange.disputed", "exchange.dispute_withdrawn", "exchange.resolved", "exchange.no_show", "exchange.no_show_contested",
            "exchange.no_show_contest_decided", "exchange.needs_moderator", "exchange.rated", "exchange.declined",
        ] { table[type] = .exchangeReadAll }
        for type in [
            "listing.rejected", "listing.changes_requested", "listing.removed", "listing.reinstated", "listing.edit_rejected",
            "listing.edit_changes_requested",
        ] { table[type] = .listingReadAll }
        table["member.verification_revoked"] = .memberVerify
        for type in [
            "ledger.near_credit_limit", "ledger.penalty_charged", "ledger.compensation_paid", "ledger.balance_adjusted",
            "ledger.transfer_reversed", "ledger.hold_frozen", "ledger.hold_unfrozen", "ledger.hold_placed", "ledger.hold_released",
            "ledger.hold_refunded", "ledger.exchange_paid",
        ] { table[type] = .ledgerReadOthers }
        return table
    }()

    /// Whether `pattern` names the restricted `type`: the type itself, or `ns.*` when every type
    /// Linli writes in `ns.` is restricted.
    public static func names(_ pattern: String, _ type: String) -> Bool {
        if pattern == type { return true }
        guard pattern.hasSuffix(".*"), pattern != "*", EventTypeFilter.only(pattern).matches(type) else { return false }
        let namespace = pattern.dropLast(2) + "."
        return OutboundEventCatalog.types.allSatisfy { !$0.hasPrefix(namespace) || permission[$0] != nil }
    }

    /// Whether an endpoint with `filter` takes `type`, as far as this rule goes.
    public static func admits(_ type: String, filter: EventTypeFilter) -> Bool {
        permission[type] == nil || filter.patterns.contains { names($0, type) }
    }

    /// The restricted types `filter` names whose permission `allowed` does not grant, sorted.
    public static func beyond(_ patterns: [String], allowed: (Permission) -> Bool) -> [String] {
        permission.filter { type, needed in !allowed(needed) && patterns.contains { names($0, type) } }.keys.sorted()
    }
}
