import Foundation
import GRDB
import LinliDelivery
import LinliDomain

/// The upgrade's pass over endpoints made before restricted event types (`RestrictedEventTypes`,
/// 0.37): an organizer could then name `case.*` or `member.status_changed` on a `standard`
/// endpoint and receive every case, its target and its reason. The rule stops new ones; one made
/// before it kept delivering until someone narrowed it (review 135 #1).
///
/// Run once, in migration 0041's transaction (`MigrationFollowUps`): for each live `standard`
/// endpoint naming restricted types, everyone who created or edited it (its audit entries) is
/// judged by the role and standing they hold now, as the API would judge them naming those types
/// today. The audit entries of edits before 0.37 do not record the events, so who added which
/// pattern is not known: a pattern is kept only when every member who created or edited the
/// endpoint may follow all the restricted types it names. The command line (`linli admin`) is the
/// operator and may follow everything. An endpoint with no audit entry at all (written by hand)
/// keeps nothing restricted.
///
/// The patterns withdrawn are removed from its filter (its other types keep flowing, and pending
/// messages of withdrawn types are cancelled as for any narrowing); one left with no pattern is
/// disabled instead, with a reason saying why. Either way the community's admins are told in
/// their inbox (`webhook_events_withdrawn`), with what was withdrawn and who had set it up, so
/// that one who holds the permission can name the types again.
public enum WebhookRestrictedReview {
    /// One endpoint the pass narrowed or disabled.
    public struct Withdrawal: Sendable, Equatable {
        public let endpointID: String
        public let communityID: String
        /// The patterns removed from its filter, in the order it listed them.
        public let withdrawn: [String]
        /// Whether it was disabled (nothing was left to follow) rather than narrowed.
        public let disabled: Bool
    }

    /// The reason a disabled endpoint shows (`disabled_reason`) and its cancelled messages carry.
    static let disabledReason = "events beyond the role of who set it up (upgrade to 0.38: restricted event types)"

    @discardableResult
    public static func run(_ tx: Transaction) throws -> [Withdrawal] {
        // Read column by column, not as `StoredEndpoint`: one odd row (an id or a secret written
        // by hand) must not stop the upgrade, and only the filter matters here.
        let rows = try Row.fetchAll(
            tx.db,
            sql: """
                SELECT id, community_id, url, description, events_json, enabled FROM webhook_endpoints
                WHERE deleted_at IS NULL AND format = ? AND (disabled_reason IS NULL OR disabled_reason <> ?) ORDER BY community_id, id
                """,
            arguments: [EndpointFormat.standard.rawValue, disabledReason])
        var withdrawals: [Withdrawal] = []
        for row in rows {
            let endpoint = Reviewed(row: row)
            guard let patterns = endpoint.patterns, !RestrictedEventTypes.beyond(patterns, allowed: { _ in false }).isEmpty else {
                continue
            }
            let makers = try makers(tx.db, endpoint)
            let withdrawn = patterns.filter { pattern in
                let named = RestrictedEventTypes.beyond([pattern], allowed: { _ in false })
                return !named.isEmpty && (makers.isEmpty || makers.contains { !RestrictedEventTypes.beyond([pattern], allowed: $0.may).isEmpty })
            }
            guard !withdrawn.isEmpty else { continue }
            let kept = patterns.filter { !withdrawn.contains($0) }
            try withdraw(tx, endpoint, patterns: patterns, kept: kept, withdrawn: withdrawn, makers: makers)
            withdrawals.append(Withdrawal(endpointID: endpoint.id, communityID: endpoint.communityID, withdrawn: withdrawn, disabled: kept.isEmpty))
        }
        return withdrawals
    }

    /// The columns of an endpoint the review reads.
    struct Reviewed {
        let id: String
        let communityID: String
        let url: String
        let description: String
        let enabled: Bool
        /// Nil when `events_json` is not a list of strings (then there is nothing to judge).
        let patterns: [String]?

        init(row: Row) {
            id = row["id"]
            communityID = row["community_id"]
            url = row["url"]
            description = row["description"] ?? ""
            enabled = row["enabled"] ?? false
            patterns = try? JSONDecoder().decode([String].self, from: Data(((row["events_json"] as String?) ?? "").utf8))
        }
    }

    /// Someone who created or edited an endpoint, as they stand now.
    struct Maker {
        let name: String
        /// Whether they may follow a type guarded by a permission: by role, and a staff
        /// permission only while in good standing (`Principal.can`). The operator may follow all.
        let may: (Permission) -> Bool
    }

    static func makers(_ db: Database, _ endpoint: Reviewed) throws -> [Maker] {
        let rows = try Row.fetchAll(
            db,
            sql: """
                SELECT a.actor_id, a.actor_label, a.action, a.before_json, a.after_json, m.role, m.status, m.display_name
                FROM audit_entries a LEFT JOIN members m ON m.id = a.actor_id
                WHERE a.community_id = ? AND a.target_type = 'webhook_endpoint' AND a.target_id = ?
                    AND a.action IN ('webhook.endpoint_created', 'webhook.endpoint_updated')
                ORDER BY a.id
                """,
            arguments: [endpoint.communityID, endpoint.id])
        // An edit that recorded the events (0.37 on) and added no pattern set none up: an
        // organizer who only switched an admin's endpoint off is not its maker (helper 139). An
        // edit before 0.37 recorded no events: whoever made it may have added any.
        var seen: Set<String> = []
        return rows.filter { row in
            guard (row["action"] as String) == "webhook.endpoint_updated" else { return true }
            guard let before = eventsField(row["before_json"]), let after = eventsField(row["after_json"]) else { return true }
            return !Set(after).subtracting(before).isEmpty
        }.filter { row in
            seen.insert((row["actor_id"] as String?) ?? "label:" + ((row["actor_label"] as String?) ?? "")).inserted
        }.map { row in
            guard let memberID = row["actor_id"] as String? else {
                return Maker(name: row["actor_label"] ?? "cli", may: { _ in true })
            }
            guard let role = (row["role"] as String?).flatMap(Role.init(rawValue:)) else {
                return Maker(name: memberID, may: { _ in false })
            }
            let active = (row["status"] as String?) == "active"
            return Maker(
                name: (row["display_name"] as String?).map { "\($0) (\(memberID))" } ?? memberID,
                may: { AccessPolicy.allows(role, $0) && (active || AccessPolicy.allows(.resident, $0)) })
        }
    }

    /// The `events` an audit entry's before or after recorded, as patterns; nil when it did not
    /// record them.
    static func eventsField(_ json: String?) -> [String]? {
        guard let json, let object = try? JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any],
              let events = object["events"] as? String
        else { return nil }
        return events.split(separator: ",").map(String.init)
    }

    static func withdraw(
        _ tx: Transaction, _ endpoint: Reviewed, patterns: [String], kept: [String], withdrawn: [String], makers: [Maker]
    ) throws {
        let disabling = kept.isEmpty
        let id = WebhookEndpointID(trusted: endpoint.id), community = CommunityID(trusted: endpoint.communityID)
        try tx.db.execute(
            sql: """
                UPDATE webhook_endpoints SET events_json = ?, enabled = ?,
                    disabled_reason = CASE WHEN ? THEN ? ELSE disabled_reason END, updated_at = ?, version = version + 1
                WHERE id = ?
                """,
            arguments: [
                try WebhookEndpointCommands.json(disabling ? patterns : kept), endpoint.enabled && !disabling, disabling, disabledReason,
                tx.now, endpoint.id,
            ])
        if disabling {
            try WebhookEndpointCommands.cancelPending(tx, endpoint: id, reason: disabledReason)
        } else {
            try WebhookEndpointCommands.cancelUnsubscribed(tx, endpointID: endpoint.id, subscribes: { type in
                (try? EventTypeFilter(kept)).map { filter in filter.matches(type) && RestrictedEventTypes.admits(type, filter: filter) } ?? false
            })
        }
        let masked = SecretMasker.maskURL(endpoint.url)
        try tx.audit(
            community, actor: .system, action: "webhook.endpoint_events_withdrawn", targetType: "webhook_endpoint", targetID: endpoint.id,
            reason: "restricted event types withdrawn at the upgrade: " + withdrawn.joined(separator: ", "),
            before: ["events": patterns.joined(separator: ","), "enabled": String(endpoint.enabled), "url": masked],
            after: ["events": (disabling ? patterns : kept).joined(separator: ","), "enabled": String(endpoint.enabled && !disabling), "url": masked])
        let admins = try String.fetchAll(
            tx.db, sql: "SELECT id FROM members WHERE community_id = ? AND role = ? AND status = 'active' ORDER BY id",
            arguments: [endpoint.communityID, Role.admin.rawValue])
        var parameters = [
            "endpoint_id": endpoint.id, "url": masked, "withdrawn": withdrawn.joined(separator: ", "), "disabled": String(disabling),
            "set_up_by": makers.map(\.name).joined(separator: ", "),
        ]
        if !endpoint.description.isEmpty { parameters["description"] = endpoint.description }
        for admin in admins {
            try MemberNotifications.notify(
                tx, community: community, member: MemberID(trusted: admin), kind: .webhookEventsWithdrawn,
                subject: "webhook_endpoint:\(endpoint.id)", parameters: parameters)
        }
    }
}
