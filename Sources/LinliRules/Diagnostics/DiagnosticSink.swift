/// Collects diagnostics while a file is read, so one pass reports every problem at once.
final class DiagnosticSink {
    let file: String
    private(set) var diagnostics: [RuleDiagnostic] = []
    /// Stops collecting past this many, so a pathological file cannot produce megabytes of output.
    static let maximumDiagnostics = 200

    init(file: String) { self.file = file }

    var hasErrors: Bool { diagnostics.contains { $0.severity == .error } }

    func report(
        _ code: RuleDiagnosticCode, at location: SourceLocation, severity: RuleDiagnosticSeverity = .error,
        en: String, zh: String
    ) {
        guard diagnostics.count < Self.maximumDiagnostics else { return }
        diagnostics.append(RuleDiagnostic(
            code: code, severity: severity, file: file, line: location.line, column: location.column,
            en: en, zh: zh))
    }

    /// Diagnostics in file order (errors and warnings interleaved as they occur in the text).
    var sorted: [RuleDiagnostic] {
        diagnostics.enumerated().sorted { a, b in
            (a.element.line, a.element.column, a.offset) < (b.element.line, b.element.column, b.offset)
        }.map(\.element)
    }
}
