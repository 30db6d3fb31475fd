/// Whether a finding blocks activation.
public enum RuleDiagnosticSeverity: String, Sendable, Codable {
    /// The file is refused.
    case error
    /// Worth a human look; the file can still be activated.
    case warning
}
