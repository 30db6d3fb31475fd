/// The rule files shipped in `rules/`, embedded at build time so `linli` can seed a new community
/// whatever its working directory.
public enum RulePresets {
    /// Preset names without extension (`default`, `timebank-equal`), sorted.
    public static var names: [String] {
        EmbeddedRulePresets.files.map { stripExtension($0.name) }.sorted()
    }

    /// All presets as (file name, exact text).
    public static var all: [(fileName: String, text: String)] {
        EmbeddedRulePresets.files.map { ($0.name, $0.contents) }
    }

    /// The text of a preset by name (`"default"` or `"default.yaml"`).
    public static func text(named name: String) -> String? {
        EmbeddedRulePresets.files.first { $0.name == name || stripExtension($0.name) == name }?.contents
    }

    /// Compiles a preset; presets are tested, so a failure here is a build defect worth throwing.
    public static func compiled(named name: String) throws(RuleCheckFailure) -> CompiledRuleSet {
        guard let text = text(named: name) else {
            throw RuleCheckFailure(diagnostics: [RuleDiagnostic(
                code: .emptyDocument, file: name, line: 0, column: 0,
                en: "no preset named \(name)", zh: "没有名为 \(name) 的预置规则")])
        }
        let fileName = name.hasSuffix(".yaml") ? name : name + ".yaml"
        return try RuleSetCompiler.compile(text, fileName: fileName)
    }

    private static func stripExtension(_ name: String) -> String {
        name.hasSuffix(".yaml") ? String(name.dropLast(5)) : name
    }
}
