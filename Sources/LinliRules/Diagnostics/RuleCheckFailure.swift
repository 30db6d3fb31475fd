/// A rule file was refused. Carries every error found (not just the first) plus any warnings, so
/// an organizer fixes the file in one round trip.
public struct RuleCheckFailure: Error, Sendable, CustomStringConvertible {
    public let diagnostics: [RuleDiagnostic]

    public init(diagnostics: [RuleDiagnostic]) { self.diagnostics = diagnostics }

    public var errors: [RuleDiagnostic] { diagnostics.filter { $0.severity == .error } }

    public var description: String { diagnostics.map(\.description).joined(separator: "\n") }
}
