import Foundation

/// A moderator's handling of the reports (one or more) about one target.
public struct ModerationCase: Sendable, Equatable, Codable {
    public enum Status: String, Sendable, Codable, CaseIterable { case open, resolved }
    public enum Outcome: String, Sendable, Codable { case upheld, dismissed }
    /// Who brought the case: neighbours' reports, or automatic fraud signals whose combined score
    /// reached the rule file's `fraud.freeze_holds_at_score`.
    public enum Origin: String, Sendable, Codable { case report, signal }

    public var id: CaseID
    public var communityID: CommunityID
    public var targetType: ReportTargetType
    public var targetID: String
    public var targetMemberID: MemberID
    public var status: Status
    public var claimedBy: MemberID?
    public var claimExpiresAt: Date?
    public var outcome: Outcome?
    public var resolutionReason: String?
    public var resolvedBy: MemberID?
    public var resolvedAt: Date?
    public var createdAt: Date
    public var updatedAt: Date
    public var version: Int
    /// Queue order (highest first, then oldest): the combined score of the open fraud signals
    /// about the target member.
    public var priority: Int = 0
    public var openedBy: Origin = .report
    /// Whether the target member's held exchange points stay frozen until this case is resolved.
    public var holdsFrozen: Bool = false

    public init(
        id: CaseID, communityID: CommunityID, targetType: ReportTargetType, targetID: String, targetMemberID: MemberID,
        status: Status, claimedBy: MemberID?, claimExpiresAt: Date?, outcome: Outcome?, resolutionReason: String?,
        resolvedBy: MemberID?, resolvedAt: Date?, createdAt: Date, updatedAt: Date, version: Int
    ) {
        self.id = id
        self.communityID = communityID
        self.targetType = targetType
        self.targetID = targetID
        self.targetMemberID = targetMemberID
        self.status = status
        self.claimedBy = claimedBy
        self.claimExpiresAt = claimExpiresAt
        self.outcome = outcome
        self.resolutionReason = resolutionReason
        self.resolvedBy = resolvedBy
        self.resolvedAt = resolvedAt
        self.createdAt = createdAt
        self.updatedAt = updatedAt
        self.version = version
    }

    /// Who holds a live claim at `now`, if anyone.
    public func activeClaimant(at now: Date) -> MemberID? {
        guard let claimedBy, let claimExpiresAt, claimExpiresAt > now else { return nil }
        return claimedBy
    }
}

/// One report as filed.
public struct FiledReport: Sendable, Equatable, Codable {
    public var id: ReportID
    public var caseID: CaseID
    public var reporterID: MemberID
    public var targetType: ReportTargetType
    public var targetID: String
    public var targetMemberID: MemberID
    public var category: ReportCategory
    public var text: String
    public var photos: [String]
    public var createdAt: Date
    /// The staff member who filed it in the reporter's name (an exchange they act in for her);
    /// nil when she filed it herself.
    public var filedBy: MemberID?

    public init(
        id: ReportID, caseID: CaseID, reporterID: MemberID, targetType: ReportTargetType, targetID: String,
        targetMemberID: MemberID, category: ReportCategory, text: String, photos: [String], createdAt: Date, filedBy: MemberID? = nil
    ) {
        self.filedBy = filedBy
        self.id = id
        self.caseID = caseID
        self.reporterID = reporterID
        self.targetType = targetType
        self.targetID = targetID
        self.targetMemberID = targetMemberID
        self.category = category
        self.text = text
        self.photos = photos
        self.createdAt = createdAt
    }
}

/// One measure a resolution took.
public struct CaseAction: Sendable, Equatable, Codable {
    public var id: CaseActionID
    public var caseID: CaseID
    public var kind: CaseActionKind
    public var targetMemberID: MemberID
    public var days: Int?
    /// Compensation: points paid by the target member to `victimID`.
    public var points: Int?
    public var victimID: MemberID?
    public var strike: Bool
    public var takenBy: MemberID
    public var createdAt: Date
    public var overturnedAt: Date?
    /// The appeal deadline told to the member when it was taken (nil for actions taken before it
    /// was kept): `appealDeadline` keeps it whatever the rule file says later.
    public var appealUntil: Date?

    public init(
        id: CaseActionID, caseID: CaseID, kind: CaseActionKind, targetMemberID: MemberID, days: Int?, points: Int? = nil,
        victimID: MemberID? = nil, strike: Bool, takenBy: MemberID, createdAt: Date, overturnedAt: Date?, appealUntil: Date? = nil
    ) {
        self.id = id
        self.caseID = caseID
        self.kind = kind
        self.targetMemberID = targetMemberID
        self.days = days
        self.points = points
        self.victimID = victimID
        self.strike = strike
        self.takenBy = takenBy
        self.createdAt = createdAt
        self.overturnedAt = overturnedAt
        self.appealUntil = appealUntil
    }

    /// Until when it may be appealed: the deadline she was told, or the window in force now
    /// (`windowDays` from when it was taken) if that is later. A rule change never shortens the
    /// time she was promised (helper 152 #4), and a longer window helps every action.
    public func appealDeadline(windowDays: Int) -> Date {
        let underRules = createdAt.addingTimeInterval(TimeInterval(windowDays) * 86_400)
        guard let appealUntil else { return underRules }
        return max(appealUntil, underRules)
    }
}

/// A member's appeal against one action.
public struct Appeal: Sendable, Equatable, Codable {
    public enum Status: String, Sendable, Codable, CaseIterable { case pending, upheld, overturned }

    public var id: AppealID
    public var actionID: CaseActionID
    public var appellantID: MemberID
    public var text: String
    public var status: Status
    public var decidedBy: MemberID?
    public var decisionReason: String?
    public var decidedAt: Date?
    public var createdAt: Date
    /// Station staff (or an admin) who wrote it at the desk for the appellant, who cannot use the
    /// app; nil when she filed it herself. Kept out of the decision (`appeal.filed_by_you`).
    public var filedBy: MemberID?

    public init(
        id: AppealID, actionID: CaseActionID, appellantID: MemberID, text: String, status: Status, decidedBy: MemberID?,
        decisionReason: String?, decidedAt: Date?, createdAt: Date, filedBy: MemberID? = nil
    ) {
        self.id = id
        self.actionID = actionID
        self.appellantID = appellantID
        self.text = text
        self.status = status
        self.decidedBy = decidedBy
        self.decisionReason = decisionReason
        self.decidedAt = decidedAt
        self.createdAt = createdAt
        self.filedBy = filedBy
    }
}
