/// Keys repeated within one mapping of a YAML text, each at the repeat (the one to delete or
/// rename) with where the first stood: the rule files' check (`YAMLEventPrecheck`), offered to
/// the service's other YAML, the configuration file. Yams reports only the first mapping with a
/// repeat, at where that mapping starts, so `port` written twice under `server:` was reported at
/// the first `port` line without the repeat's (helper 113).
public enum YAMLRepeatedKeys {
    public struct Repeat: Sendable, Equatable {
        public let line: Int
        public let column: Int
        /// In English: `key "port" appears more than once in the same mapping (first at line 2)`.
        public let message: String
    }

    /// Every repeat in `text`, in file order; empty for a text without one, and for one libyaml
    /// cannot parse (its syntax error is Yams' to report).
    public static func find(in text: String) -> [Repeat] {
        let sink = DiagnosticSink(file: "")
        _ = YAMLEventPrecheck.check(text, maximumNodes: .max, maximumDepth: .max, into: sink)
        return sink.sorted.filter { $0.code == .duplicateKey }.map { Repeat(line: $0.line, column: $0.column, message: $0.messageEN) }
    }
}
