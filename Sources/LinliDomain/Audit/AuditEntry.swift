import Foundation

/// One line of the audit log: who did what to which object, for whom, why, and what changed.
///
/// Written in the same transaction as the change it describes, so the log can never disagree
/// with the data. Residents' trust depends on moderators' and staff actions being traceable.
public struct AuditEntry: Codable, Sendable, Equatable {
    public var id: AuditEntryID
    public var communityID: CommunityID
    /// The member who acted; nil when the actor is the operator's command line (`actorLabel`).
    public var actorID: MemberID?
    /// A human label for non-member actors such as `cli` or `system`.
    public var actorLabel: String?
    /// The resident a station-staff member or relative acted for, with consent.
    public var onBehalfOf: MemberID?
    /// The bearer token the member acted through (nil for the command line and the service):
    /// a desk-issued token is held by whoever saw its secret, so "she did it" needs "with which".
    public var actorTokenID: TokenID?
    /// Dotted action name, e.g. `member.role_changed`.
    public var action: String
    public var targetType: String
    public var targetID: String
    public var reason: String?
    /// JSON snapshots of the relevant fields before and after.
    public var before: String?
    public var after: String?
    public var requestID: String?
    public var createdAt: Date

    public init(
        id: AuditEntryID, communityID: CommunityID, actorID: MemberID?, actorLabel: String?, onBehalfOf: MemberID?,
        action: String, targetType: String, targetID: String, reason: String?, before: String?, after: String?,
        requestID: String?, createdAt: Date, actorTokenID: TokenID? = nil
    ) {
        self.actorTokenID = actorTokenID
        self.id = id
        self.communityID = communityID
        self.actorID = actorID
        self.actorLabel = actorLabel
        self.onBehalfOf = onBehalfOf
        self.action = action
        self.targetType = targetType
        self.targetID = targetID
        self.reason = reason
        self.before = before
        self.after = after
        self.requestID = requestID
        self.createdAt = createdAt
    }
}

/// Who is acting, as recorded in audit entries: a member (possibly for someone) or an operator tool.
public struct AuditActor: Sendable, Equatable {
    public let memberID: MemberID?
    public let label: String?
    public let onBehalfOf: MemberID?
    public let requestID: String?
    /// The bearer token the member acts through (`AuditEntry.actorTokenID`).
    public let tokenID: TokenID?

    public init(memberID: MemberID?, label: String?, onBehalfOf: MemberID?, requestID: String?, tokenID: TokenID? = nil) {
        self.memberID = memberID
        self.label = label
        self.onBehalfOf = onBehalfOf
        self.requestID = requestID
        self.tokenID = tokenID
    }

    public static func member(_ principal: Principal, requestID: String?) -> AuditActor {
        AuditActor(
            memberID: principal.memberID, label: nil, onBehalfOf: principal.onBehalfOf, requestID: requestID, tokenID: principal.tokenID)
    }

    /// The operator's command line (`linli admin …`).
    public static let commandLine = AuditActor(memberID: nil, label: "cli", onBehalfOf: nil, requestID: nil)
    /// The service itself (schedulers, automatic transitions).
    public static let system = AuditActor(memberID: nil, label: "system", onBehalfOf: nil, requestID: nil)
}
