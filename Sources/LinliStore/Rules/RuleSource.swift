/// A rule file as text with the name diagnostics cite (e.g. `default.yaml:12:5`).
public struct RuleSource: Sendable, Equatable {
    public let fileName: String
    public let text: String

    public init(fileName: String, text: String) {
        self.fileName = fileName
        self.text = text
    }
}

import LinliRules

extension RuleSource {
    /// A preset shipped in `rules/` (embedded in the binary), e.g. `default`.
    public static func preset(_ name: String) -> RuleSource? {
        guard let text = RulePresets.text(named: name) else { return nil }
        return RuleSource(fileName: name.hasSuffix(".yaml") ? name : name + ".yaml", text: text)
    }
}
