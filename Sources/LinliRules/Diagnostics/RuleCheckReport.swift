/// The outcome of checking a rule file without throwing.
public struct RuleCheckReport: Sendable {
    /// Errors and warnings in file order.
    public let diagnostics: [RuleDiagnostic]
    /// Present when the file was accepted.
    public let compiled: CompiledRuleSet?

    public var isAccepted: Bool { compiled != nil }
    public var errors: [RuleDiagnostic] { diagnostics.filter { $0.severity == .error } }
    public var warnings: [RuleDiagnostic] { diagnostics.filter { $0.severity == .warning } }
}
