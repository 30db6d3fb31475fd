/// Collects diagnostics while a file is read, so one pass reports every problem at once.
final class DiagnosticSink {
    let file: String
    private(set) var diagnostics: [RuleDiagnostic] = []
    /// Stops keeping more than this many of each severity, so a pathological file cannot produce
    /// megabytes of output. Errors and warnings are kept apart: a file with hundreds of warnings
    /// (unquoted holiday dates) had its errors dropped once the list was full, and was accepted
    /// with a failing golden test (helper 160 #1).
    static let maximumDiagnostics = 200
    private var kept: [RuleDiagnosticSeverity: Int] = [:]
    private var omitted: [RuleDiagnosticSeverity: Int] = [:]
    /// Where the first diagnostic not kept was, in the order they were found (checks run section by
    /// section, so not always the earliest line): the summary line points there.
    private var firstOmitted: SourceLocation?
    /// Counts every error reported, kept or not: one error refuses the file.
    private(set) var errorCount = 0

    init(file: String) { self.file = file }

    var hasErrors: Bool { errorCount > 0 }

    func report(
        _ code: RuleDiagnosticCode, at location: SourceLocation, severity: RuleDiagnosticSeverity = .error,
        en: String, zh: String
    ) {
        if severity == .error { errorCount += 1 }
        guard kept[severity, default: 0] < Self.maximumDiagnostics else {
            omitted[severity, default: 0] += 1
            if firstOmitted == nil { firstOmitted = location }
            return
        }
        kept[severity, default: 0] += 1
        diagnostics.append(RuleDiagnostic(
            code: code, severity: severity, file: file, line: location.line, column: location.column,
            en: en, zh: zh))
    }

    /// Diagnostics in file order (errors and warnings interleaved as they occur in the text), then
    /// how many were not kept, when some were not.
    var sorted: [RuleDiagnostic] {
        let inOrder = diagnostics.enumerated().sorted { a, b in
            (a.element.line, a.element.column, a.offset) < (b.element.line, b.element.column, b.offset)
        }.map(\.element)
        guard let from = firstOmitted else { return inOrder }
        let errors = omitted[.error, default: 0]
        let warnings = omitted[.warning, default: 0]
        return inOrder + [RuleDiagnostic(
            code: .tooManyDiagnostics, severity: errors > 0 ? .error : .warning, file: file, line: from.line, column: from.column,
            en: "\(errors) more error(s) and \(warnings) more warning(s) not shown (the first of them is here); mend those listed and check again",
            zh: "还有 \(errors) 个错误和 \(warnings) 个警告未列出（第一个在此处）；请先修改已列出的问题再检查")]
    }
}
