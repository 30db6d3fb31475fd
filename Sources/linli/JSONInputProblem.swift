import Foundation

/// A JSON command-line input that cannot be decoded (`rules explain --listing`, `rules diff
/// --listings FILE`), said in one line: where in the document and what is wrong, instead of
/// Swift's dump of the `DecodingError` value (`keyNotFound(CodingKeys(stringValue: …`).
enum JSONInputProblem {
    static func text(_ error: any Error) -> String {
        guard let error = error as? DecodingError else { return "\(error)" }
        switch error {
        case .typeMismatch(_, let context), .valueNotFound(_, let context), .dataCorrupted(let context):
            return place(context) + context.debugDescription
        case .keyNotFound(let key, let context):
            return place(context) + "the key \"\(key.stringValue)\" is missing"
        @unknown default:
            return "\(error)"
        }
    }

    /// "at /0/input/kind: " (a JSON Pointer to the value), or nothing for the document itself.
    static func place(_ context: DecodingError.Context) -> String {
        guard !context.codingPath.isEmpty else { return "" }
        return "at /" + context.codingPath.map { $0.intValue.map(String.init) ?? $0.stringValue }.joined(separator: "/") + ": "
    }
}
