/// Where something is in the rule file. Kept on every parsed value so that explanations and
/// diagnostics can cite the exact line that produced a number.
public struct SourceLocation: Sendable, Hashable, Codable {
    public let line: Int
    public let column: Int

    public init(line: Int, column: Int) {
        self.line = line
        self.column = column
    }

    public static let wholeFile = SourceLocation(line: 0, column: 0)
}
