/// Body of "create a household".
public struct NewHouseholdInput: Decodable, Sendable, Equatable {
    public var name: String
    public var area: String?
    public enum CodingKeys: String, CodingKey, CaseIterable { case name, area }

    public init(name: String, area: String?) {
        self.name = name
        self.area = area
    }

    public func validate() throws(DomainError) {
        var check = FieldValidator()
        check.line(name, at: "/name", max: HouseholdLimits.name)
        check.line(area, at: "/area", required: false, max: HouseholdLimits.area)
        try check.finish()
    }
}

/// Body of "edit a household".
public struct HouseholdPatch: Decodable, Sendable, Equatable {
    public var name: PatchField<String> = .absent
    public var area: PatchField<String> = .absent
    public enum CodingKeys: String, CodingKey, CaseIterable { case name, area }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        name = try container.decodePatch(String.self, forKey: .name)
        area = try container.decodePatch(String.self, forKey: .area)
    }

    public func validate() throws(DomainError) {
        var check = FieldValidator()
        switch name {
        case .null: check.add(FieldIssue("/name", .required))
        case .value(let value): check.line(value, at: "/name", max: HouseholdLimits.name)
        case .absent: break
        }
        if case .value(let value) = area { check.line(value, at: "/area", required: false, max: HouseholdLimits.area) }
        try check.finish()
    }
}

public enum HouseholdLimits {
    public static let name = 60
    public static let area = 60
}
