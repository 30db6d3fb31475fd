import LinliDelivery
import LinliDomain
import Testing

/// Helper 134: an organizer's `standard` endpoint for `*` carried every case, its target and its
/// reason, which the API refuses her. Restricted types are taken only when named, and naming
/// them needs the permission the API asks for the same thing.
@Suite struct RestrictedEventTypesTests {
    @Test(arguments: [
        // (patterns, type, taken)
        (["*"], "case.resolved", false),
        (["*"], "listing.published", true),
        (["case.*"], "case.resolved", true),
        (["case.resolved"], "case.resolved", true),
        (["member.*"], "member.status_changed", false),
        (["member.*"], "member.joined", true),
        (["member.status_changed"], "member.status_changed", true),
        (["exchange.*"], "exchange.rated", false),
        (["exchange.*"], "exchange.completed", true),
        (["ledger.*"], "ledger.hold_placed", false),
        (["ledger.*", "ledger.hold_placed"], "ledger.hold_placed", true),
        (["fraud.*"], "fraud.report", true),
    ])
    func aRestrictedTypeIsTakenOnlyWhenNamed(patterns: [String], type: String, taken: Bool) throws {
        let endpoint = WebhookEndpoint(
            id: "whe_1", communityID: "cmt_1", url: "https://hooks.example.org/x", format: .standard, events: try EventTypeFilter(patterns))
        #expect(endpoint.subscribes(to: type) == taken)
    }

    @Test(arguments: [
        // (role, patterns, types beyond the role)
        (Role.organizer, ["*"], [String]()),
        (.organizer, ["case.*"], ["case.needs_moderator", "case.resolved"]),
        (.organizer, ["*", "member.notified", "exchange.rated"], ["exchange.rated", "member.notified"]),
        (.organizer, ["ledger.hold_placed", "member.*"], []),
        (.moderator, ["case.*", "fraud.report", "listing.removed"], []),
        (.admin, ["report.filed", "member.verification_revoked"], []),
    ])
    func namingOneNeedsThePermissionToReadIt(role: Role, patterns: [String], beyond: [String]) {
        #expect(RestrictedEventTypes.beyond(patterns) { AccessPolicy.allows(role, $0) } == beyond)
    }

    /// Every restricted type is one Linli writes, and every member-private type is restricted.
    @Test func theTableCoversTheCatalog() {
        #expect(Set(RestrictedEventTypes.permission.keys).isSubset(of: OutboundEventCatalog.types))
        #expect(MessageTemplates.memberPrivateTypes.isSubset(of: Set(RestrictedEventTypes.permission.keys)))
    }
}
