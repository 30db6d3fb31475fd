/// The languages a breakdown or diagnostic can be rendered in.
public enum ExplainLanguage: String, Sendable, Codable, CaseIterable {
    case zh
    case en
}
