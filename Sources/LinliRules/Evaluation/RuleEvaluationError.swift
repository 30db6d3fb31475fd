/// Why a listing could not be valued: the input does not fit the rule file (a category the file
/// does not define, a missing condition, an impossible schedule). The API answers these as 422
/// problem details pointing at `field`.
public struct RuleEvaluationError: Error, Sendable, Hashable, CustomStringConvertible {
    public enum Code: String, Sendable, Codable {
        case unknownCategory = "valuation.unknown_category"
        case kindNotInCategory = "valuation.kind_not_in_category"
        case missingField = "valuation.missing_field"
        case invalidField = "valuation.invalid_field"
        case outOfRange = "valuation.out_of_range"
    }

    public let code: Code
    /// The input field at fault, as spelled in JSON (`declared_cost`).
    public let field: StaticString

    init(_ code: Code, field: StaticString) {
        self.code = code
        self.field = field
    }

    public var messageEN: String {
        switch code {
        case .unknownCategory: "the category is not defined in the rule file"
        case .kindNotInCategory: "this kind of listing is not allowed in the category"
        case .missingField: "\(field) is required for this kind of listing"
        case .invalidField: "\(field) is not valid (check that the end is after the start)"
        case .outOfRange: "\(field) is outside the range the rule file accepts"
        }
    }

    public var messageZH: String {
        switch code {
        case .unknownCategory: "规则文件中没有这个分类"
        case .kindNotInCategory: "该分类不允许这种类型的发布"
        case .missingField: "此类发布必须填写 \(field)"
        case .invalidField: "\(field) 无效（请检查结束时间是否晚于开始时间）"
        case .outOfRange: "\(field) 超出规则文件允许的范围"
        }
    }

    public var description: String { "[\(code.rawValue)] \(field): \(messageEN)" }

    public static func == (lhs: Self, rhs: Self) -> Bool {
        lhs.code == rhs.code && "\(lhs.field)" == "\(rhs.field)"
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(code)
        hasher.combine("\(field)")
    }
}
