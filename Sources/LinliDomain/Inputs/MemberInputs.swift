import Foundation

/// Body of "register a member". Station staff use it for residents; admins for staff roles too.
public struct NewMemberInput: Decodable, Sendable, Equatable {
    public var displayName: String
    public var phone: String?
    public var householdID: HouseholdID?
    public var role: Role?

    public enum CodingKeys: String, CodingKey, CaseIterable {
        case displayName = "display_name", phone, householdID = "household_id", role
    }

    public init(displayName: String, phone: String?, householdID: HouseholdID?, role: Role?) {
        self.displayName = displayName
        self.phone = phone
        self.householdID = householdID
        self.role = role
    }

    public func validate() throws(DomainError) {
        var check = FieldValidator()
        check.name(displayName, at: "/display_name", max: MemberLimits.displayName)
        check.phone(phone, at: "/phone")
        try check.finish()
    }
}

/// Body of "edit a member's profile". Every field optional; `household_id: null` clears it.
public struct MemberProfilePatch: Decodable, Sendable, Equatable {
    public var displayName: PatchField<String> = .absent
    public var phone: PatchField<String> = .absent
    public var householdID: PatchField<HouseholdID> = .absent

    public enum CodingKeys: String, CodingKey, CaseIterable {
        case displayName = "display_name", phone, householdID = "household_id"
    }

    public init(displayName: PatchField<String> = .absent, phone: PatchField<String> = .absent, householdID: PatchField<HouseholdID> = .absent) {
        self.displayName = displayName
        self.phone = phone
        self.householdID = householdID
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        displayName = try container.decodePatch(String.self, forKey: .displayName)
        phone = try container.decodePatch(String.self, forKey: .phone)
        householdID = try container.decodePatch(HouseholdID.self, forKey: .householdID)
    }

    public func validate() throws(DomainError) {
        var check = FieldValidator()
        switch displayName {
        case .null: check.add(FieldIssue("/display_name", .required))
        case .value(let name): check.name(name, at: "/display_name", max: MemberLimits.displayName)
        case .absent: break
        }
        if case .value(let phone) = phone { check.phone(phone, at: "/phone") }
        try check.finish()
    }
}

/// Body of "change a member's role".
public struct RoleChangeInput: Decodable, Sendable, Equatable {
    public var role: Role
    public var reason: String?
    public enum CodingKeys: String, CodingKey, CaseIterable { case role, reason }

    public init(role: Role, reason: String?) {
        self.role = role
        self.reason = reason
    }

    public func validate() throws(DomainError) {
        var check = FieldValidator()
        check.text(reason, at: "/reason", required: false, max: MemberLimits.reason)
        try check.finish()
    }
}

/// Body of "set real-name verification" (station staff, after checking identity in person).
public struct VerificationInput: Decodable, Sendable, Equatable {
    public var verified: Bool
    /// How identity was checked, e.g. "身份证现场核验"; required when verifying.
    public var reason: String?
    public enum CodingKeys: String, CodingKey, CaseIterable { case verified, reason }

    public init(verified: Bool, reason: String?) {
        self.verified = verified
        self.reason = reason
    }

    public func validate() throws(DomainError) {
        var check = FieldValidator()
        check.text(reason, at: "/reason", required: true, max: MemberLimits.reason)
        try check.finish()
    }
}

/// Body of "suspend / ban / reinstate".
public struct StatusChangeInput: Decodable, Sendable, Equatable {
    public var status: MemberStatus
    public var reason: String?
    /// For suspensions: when the suspension ends (absent = until lifted).
    public var until: Date?
    public enum CodingKeys: String, CodingKey, CaseIterable { case status, reason, until }

    public init(status: MemberStatus, reason: String?, until: Date?) {
        self.status = status
        self.reason = reason
        self.until = until
    }

    /// `reason` is a required field of the body: a missing one is named with the other shape
    /// problems (an unknown or misspelt field), not in a second round after they are fixed
    /// (helper 127: staff fixed one error only to meet the next). An empty one is refused by
    /// `validate`, like every required text.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        status = try container.decode(MemberStatus.self, forKey: .status)
        reason = try container.decode(String.self, forKey: .reason)
        until = try container.decodeIfPresent(Date.self, forKey: .until)
    }

    public func validate(now: Date) throws(DomainError) {
        var check = FieldValidator()
        check.text(reason, at: "/reason", required: true, max: MemberLimits.reason)
        if let until {
            if status != .suspended {
                check.add(FieldIssue("/until", .invalidValue, ["reason": "member.until_only_suspended"]))
            } else if until <= now {
                check.add(FieldIssue("/until", .outOfRange, ["reason": "member.until_passed"]))
            }
        }
        try check.finish()
    }

    /// A suspension of at most `maxDays` from `now`, with an end: what a moderator may impose
    /// without an admin (`moderation.max_suspension_days`).
    public func validateSuspension(maxDays: Int, now: Date) throws(DomainError) {
        guard status == .suspended else { return }
        guard let until else {
            throw DomainError.validation([FieldIssue("/until", .required)])
        }
        if until > now.addingTimeInterval(TimeInterval(maxDays) * 86_400) {
            throw DomainError.validation([FieldIssue("/until", .outOfRange, ["reason": "member.suspension_too_long", "days": String(maxDays)])])
        }
    }
}

extension StatusChangeInput {
    /// What a moderator may change by hand, beyond the length of a suspension
    /// (`validateSuspension`): no ban, and nothing that lifts or alters a standing heavier than
    /// a moderator imposes (a ban, a suspension without an end or longer than `maxDays` from
    /// now). The rule file bounds a moderator's sanctions (`moderation.max_suspension_days`); a
    /// ban by one moderator, or one moderator undoing an admin's ban, would step round it.
    public func checkModeratorAuthority(
        currentStatus: MemberStatus, currentUntil: Date?, maxDays: Int, now: Date
    ) throws(DomainError) {
        let days = ["days": String(maxDays)]
        if status == .banned, currentStatus != .banned {
            throw DomainError(code: "member.ban_needs_admin", category: .forbidden, parameters: days)
        }
        let limit = now.addingTimeInterval(TimeInterval(maxDays) * 86_400)
        let heavier = currentStatus == .banned || (currentStatus == .suspended && (currentUntil.map { $0 > limit } ?? true))
        if heavier {
            throw DomainError(code: "member.lift_needs_admin", category: .forbidden, parameters: days)
        }
    }
}

/// Length limits for member fields, in characters.
public enum MemberLimits {
    public static let displayName = 40
    public static let reason = 500
}
