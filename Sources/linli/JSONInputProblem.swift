import Foundation
import LinliRules

/// A JSON command-line input that cannot be decoded (`rules explain --listing`, `rules diff
/// --listings FILE`), said in one line: where in the document and what is wrong, instead of
/// Swift's dump of the `DecodingError` value (`keyNotFound(CodingKeys(stringValue: …`) or its
/// type names ("Expected to decode String but found number instead", "Cannot initialize
/// ListingKind from invalid String value boat").
enum JSONInputProblem {
    static func text(_ error: any Error) -> String {
        guard let error = error as? DecodingError else { return "\(error)" }
        switch error {
        case .typeMismatch(let type, let context):
            return place(context) + expected(type)
        case .valueNotFound(let type, let context):
            return place(context) + expected(type) + ", not null"
        case .dataCorrupted(let context):
            return place(context) + (notOneOf(context) ?? context.debugDescription)
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

    /// What the value should have been, in JSON's words. Amounts and dates are strings (an amount
    /// as a JSON number could lose a digit to binary floating point), which is the likeliest slip.
    static func expected(_ type: Any.Type) -> String {
        switch type {
        case is String.Type: return "expected a string in quotes (amounts too, e.g. \"300.00\"; dates like \"2024-03-15\")"
        case is Int.Type: return "expected a whole number"
        case is Bool.Type: return "expected true or false"
        case is Double.Type: return "expected a number"
        default:
            let name = String(describing: type)
            if name.hasPrefix("Array") { return "expected an array" }
            if name.hasPrefix("Dictionary") { return "expected an object" }
            return "expected a string in quotes"
        }
    }

    /// "\"boat\" is not one of item, time, skill" for a word outside an enumeration.
    static func notOneOf(_ context: DecodingError.Context) -> String? {
        let text = context.debugDescription
        guard text.hasPrefix("Cannot initialize "), let from = text.range(of: " from invalid String value ") else { return nil }
        let name = String(text[text.index(text.startIndex, offsetBy: "Cannot initialize ".count)..<from.lowerBound])
        guard let allowed = enumerations[name] else { return nil }
        return "\"\(text[from.upperBound...])\" is not one of \(allowed)"
    }

    static let enumerations: [String: String] = [
        "ListingKind": values(ListingKind.self), "ListingDirection": values(ListingDirection.self),
        "ItemCondition": values(ItemCondition.self), "TimeIntensity": values(TimeIntensity.self),
        "SkillLevel": values(SkillLevel.self), "SkillCertification": values(SkillCertification.self),
    ]

    static func values<E: CaseIterable & RawRepresentable>(_ type: E.Type) -> String where E.RawValue == String {
        E.allCases.map(\.rawValue).joined(separator: ", ")
    }
}
