import Foundation
import LinliDomain

/// How the command line reports a refused operation: the catalogued message in Chinese and in
/// English, with one line per invalid field or document position, instead of a Swift dump of the
/// error value (`DomainError(code: …, category: LinliDomain.DomainError.Category…)`).
enum CommandLineError {
    static func text(_ error: DomainError) -> String {
        Language.allCases.map { language in
            let message = ErrorCatalog.message(for: error, in: language)
            var lines = ["linli: \(message.title): \(message.detail) [\(error.code)]"]
            lines += error.fieldIssues.map { "  \($0.pointer.isEmpty ? "/" : $0.pointer): \(ErrorCatalog.message(for: $0, in: language))" }
            lines += error.diagnostics.map { "  \($0.location): \($0.message(in: language))" }
            return lines.joined(separator: "\n")
        }.joined(separator: "\n") + "\n"
    }
}
