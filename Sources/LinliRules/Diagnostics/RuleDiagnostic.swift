/// One finding about a rule file, pinned to `file:line:column`, in both languages the community
/// uses. Rule files are written by residents, not programmers: messages say what is wrong and what
/// is expected, in plain words.
public struct RuleDiagnostic: Sendable, Hashable, Codable, CustomStringConvertible {
    public let code: RuleDiagnosticCode
    public let severity: RuleDiagnosticSeverity
    public let file: String
    /// 1-based line; 0 when the finding concerns the file as a whole.
    public let line: Int
    /// 1-based column counted in Unicode scalars (as libYAML does); 0 for the whole file.
    public let column: Int
    public let messageEN: String
    public let messageZH: String

    public init(
        code: RuleDiagnosticCode, severity: RuleDiagnosticSeverity = .error, file: String,
        line: Int, column: Int, en: String, zh: String
    ) {
        self.code = code
        self.severity = severity
        self.file = file
        self.line = line
        self.column = column
        self.messageEN = en
        self.messageZH = zh
    }

    /// `file:line:column` as compilers print it; the file alone for a finding about the whole file
    /// (line 0: an empty file, one too large), which has no line to point at.
    public var location: String { line == 0 ? file : "\(file):\(line):\(column)" }

    /// `default.yaml:12:5: error: [rules.unknown_key] unknown key "rat"` (English).
    public var description: String { rendered(in: .en) }

    /// The one-line form in the given language.
    public func rendered(in language: ExplainLanguage) -> String {
        let message = language == .zh ? messageZH : messageEN
        return "\(location): \(severity.rawValue): [\(code.rawValue)] \(message)"
    }
}
