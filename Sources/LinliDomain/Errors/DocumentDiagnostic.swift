/// A problem in an uploaded document (e.g. a rule file) at a line and column, with its own stable
/// code and messages in both languages — the API shows the one the client asked for.
public struct DocumentDiagnostic: Sendable, Equatable, Codable {
    public enum Severity: String, Sendable, Codable { case error, warning }

    public let code: String
    public let severity: Severity
    public let file: String
    public let line: Int
    public let column: Int
    public let messageZH: String
    public let messageEN: String

    public init(code: String, severity: Severity, file: String, line: Int, column: Int, messageZH: String, messageEN: String) {
        self.code = code
        self.severity = severity
        self.file = file
        self.line = line
        self.column = column
        self.messageZH = messageZH
        self.messageEN = messageEN
    }

    public func message(in language: Language) -> String { language == .zhCN ? messageZH : messageEN }

    /// `file:line:column`, or the file alone for a finding about the whole file (line 0).
    public var location: String { line == 0 ? file : "\(file):\(line):\(column)" }
}
