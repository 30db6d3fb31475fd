import Foundation

/// Why a listing is refused. A fixed list, so owners get a consistent explanation and reports can
/// count reasons.
public enum RejectReason: String, Codable, Sendable, CaseIterable {
    /// Prohibited goods or services (medicine, weapons, live animals, financial products…).
    case prohibited
    /// The listing is not what it claims (fake photos, wrong condition).
    case misleading
    /// Selling, advertising or recruiting, not neighbourly sharing.
    case commercial
    /// Same listing posted more than once.
    case duplicate
    /// Declared value far from reality.
    case valueImplausible = "value_implausible"
    /// Unsafe or requires a qualification the owner does not have.
    case unsafe
    /// Offensive or discriminatory content.
    case offensive
    case other

    public var labelZh: String {
        switch self {
        case .prohibited: return "违禁物品或服务"
        case .misleading: return "描述不实"
        case .commercial: return "商业推广"
        case .duplicate: return "重复发布"
        case .valueImplausible: return "申报价值明显不合理"
        case .unsafe: return "存在安全隐患或缺少资质"
        case .offensive: return "内容不当"
        case .other: return "其他原因"
        }
    }

    public var labelEn: String {
        switch self {
        case .prohibited: return "prohibited goods or services"
        case .misleading: return "not as described"
        case .commercial: return "commercial promotion"
        case .duplicate: return "posted more than once"
        case .valueImplausible: return "declared value implausible"
        case .unsafe: return "unsafe, or a qualification is missing"
        case .offensive: return "offensive content"
        case .other: return "another reason"
        }
    }

    /// The label in the reader's language (the owner reads why her listing was refused).
    public func label(in language: Language) -> String { language == .zhCN ? labelZh : labelEn }
}

/// Body of `POST /v1/reviews/{id}/decision`.
public struct ReviewDecision: Decodable, Sendable, Equatable {
    public enum Kind: String, Codable, Sendable, CaseIterable {
        case approve
        case reject
        case requestChanges = "request_changes"
    }

    public var decision: Kind
    public var reasonCode: RejectReason?
    /// Shown to the owner. Required for reject and request_changes.
    public var message: String?
    /// For request_changes: which fields to change.
    public var fields: [String]?

    public enum CodingKeys: String, CodingKey, CaseIterable {
        case decision, reasonCode = "reason_code", message, fields
    }

    public init(decision: Kind, reasonCode: RejectReason? = nil, message: String? = nil, fields: [String]? = nil) {
        self.decision = decision
        self.reasonCode = reasonCode
        self.message = message
        self.fields = fields
    }

    /// Fields a moderator may ask to change.
    public static let changeableFields: Set<String> = Set(ListingInput.CodingKeys.allCases.map(\.rawValue))
        .subtracting(["owner_id", "submit", "note", "direction", "kind"])

    public func validate() throws(DomainError) {
        var check = FieldValidator()
        switch decision {
        case .approve:
            if reasonCode != nil { check.add(FieldIssue("/reason_code", .notApplicable, ["allowed": "reject"])) }
            if fields != nil { check.add(FieldIssue("/fields", .notApplicable, ["allowed": "request_changes"])) }
            check.text(message, at: "/message", required: false, max: ListingLimits.message)
        case .reject:
            if reasonCode == nil { check.add(FieldIssue("/reason_code", .required)) }
            if fields != nil { check.add(FieldIssue("/fields", .notApplicable, ["allowed": "request_changes"])) }
            check.text(message, at: "/message", max: ListingLimits.message)
        case .requestChanges:
            if reasonCode != nil { check.add(FieldIssue("/reason_code", .notApplicable, ["allowed": "reject"])) }
            check.text(message, at: "/message", max: ListingLimits.message)
            let list = fields ?? []
            if list.isEmpty { check.add(FieldIssue("/fields", .required)) }
            for (index, field) in list.enumerated() where !Self.changeableFields.contains(field) {
                check.add(FieldIssue("/fields/\(index)", .invalidValue, ["allowed": Self.changeableFields.sorted().joined(separator: ", ")]))
            }
        }
        try check.finish()
    }

    /// The fields asked for must be ones a listing of `kind` has (helper 118: `skill_name` asked
    /// of an item, which the owner's edit could then never give: 422 `field.not_applicable`).
    public func checkFields(applicableTo kind: ListingKind) throws(DomainError) {
        var check = FieldValidator()
        for (index, field) in (fields ?? []).enumerated() {
            guard let key = ListingInput.CodingKeys(rawValue: field) else { continue }
            if let kinds = ListingInput.fieldKinds[key], !kinds.contains(kind) {
                check.add(FieldIssue("/fields/\(index)", .notApplicable, ["allowed": kinds.map(\.rawValue).sorted().joined(separator: ", ")]))
            } else if key == .photos, kind == .time {
                check.add(FieldIssue("/fields/\(index)", .notApplicable, ["reason": "listing.photos_not_for_time", "allowed": "item, skill"]))
            }
        }
        try check.finish()
    }
}
