/// Body of "create a community" (with its first admin, who receives a one-time token).
public struct NewCommunityInput: Decodable, Sendable, Equatable {
    public var name: String
    public var timezone: String?
    public var adminDisplayName: String
    public var adminPhone: String?
    public enum CodingKeys: String, CodingKey, CaseIterable {
        case name, timezone, adminDisplayName = "admin_display_name", adminPhone = "admin_phone"
    }

    public init(name: String, timezone: String?, adminDisplayName: String, adminPhone: String?) {
        self.name = name
        self.timezone = timezone
        self.adminDisplayName = adminDisplayName
        self.adminPhone = adminPhone
    }

    public func validate() throws(DomainError) {
        var check = FieldValidator()
        check.line(name, at: "/name", max: CommunityLimits.name)
        check.timezone(timezone, at: "/timezone")
        check.name(adminDisplayName, at: "/admin_display_name", max: MemberLimits.displayName)
        check.phone(adminPhone, at: "/admin_phone")
        try check.finish()
    }
}

/// Body of "edit the community".
public struct CommunityPatch: Decodable, Sendable, Equatable {
    public var name: String?
    public var timezone: String?
    public enum CodingKeys: String, CodingKey, CaseIterable { case name, timezone }

    public init(name: String?, timezone: String?) {
        self.name = name
        self.timezone = timezone
    }

    public func validate() throws(DomainError) {
        var check = FieldValidator()
        check.line(name, at: "/name", required: false, max: CommunityLimits.name)
        check.timezone(timezone, at: "/timezone")
        try check.finish()
    }
}

public enum CommunityLimits {
    public static let name = 60
}
