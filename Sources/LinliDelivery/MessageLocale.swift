/// Language of the shipped default templates. zh-CN is the default: the groups are Chinese.
public enum MessageLocale: String, Sendable, Hashable, Codable, CaseIterable {
    case zhCN = "zh-CN"
    case en
}
