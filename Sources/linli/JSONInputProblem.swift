import Foundation
import LinliDomain
import LinliRules

/// A JSON command-line input that cannot be decoded (`rules explain --listing`, `rules diff
/// --listings FILE`), said in one line: where in the document and what is wrong, instead of
/// Swift's dump of the `DecodingError` value (`keyNotFound(CodingKeys(stringValue: …`) or its
/// type names ("Expected to decode String but found number instead", "Cannot initialize
/// ListingKind from invalid String value boat").
enum JSONInputProblem {
    /// `input`: the document, to tell a syntax error from a number that does not fit (Foundation
    /// says "The given data was not valid JSON." for both).
    static func text(_ error: any Error, input: Data) -> String {
        guard let error = error as? DecodingError else { return "\(error)" }
        switch error {
        case .typeMismatch(let type, let context):
            return place(context) + expected(type, key: context.codingPath.last?.stringValue)
        case .valueNotFound(let type, let context):
            return place(context) + expected(type, key: context.codingPath.last?.stringValue) + ", not null"
        case .dataCorrupted(let context) where context.codingPath.isEmpty && context.debugDescription == "The given data was not valid JSON.":
            // Foundation's text for a syntax error and for a number it cannot hold in the field
            // (2.5 or 1e30 for a whole number), raised without the field's path.
            do {
                _ = try JSONSerialization.jsonObject(with: input, options: [.fragmentsAllowed])
                return "a number does not fit its field (a fraction where a whole number is expected, or a number too large)"
            } catch {
                return "not JSON: " + (((error as NSError).userInfo[NSDebugDescriptionErrorKey] as? String) ?? "a syntax error")
            }
        case .dataCorrupted(let context):
            return place(context) + (notOneOf(context) ?? context.debugDescription)
        case .keyNotFound(let key, let context):
            return place(context) + "the key \"\(key.stringValue)\" is missing"
        @unknown default:
            return "\(error)"
        }
    }

    /// The decoder for these inputs: dates as RFC 3339 date-times, refused with the field's path
    /// (Foundation's `.iso8601` strategy said only "Expected date string to be ISO8601-formatted.").
    static func decoder() -> JSONDecoder {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .custom { decoder in
            let container = try decoder.singleValueContainer()
            let text = try container.decode(String.self)
            guard RFC3339DateTime.isReal(text), let date = ISO8601DateFormatter().date(from: text) else {
                throw DecodingError.dataCorruptedError(
                    in: container, debugDescription: "expected a date-time such as \"2026-12-01T09:00:00+08:00\", found \(text)")
            }
            return date
        }
        return decoder
    }

    /// "at /0/input/kind: " (a JSON Pointer to the value), or nothing for the document itself.
    static func place(_ context: DecodingError.Context) -> String {
        guard !context.codingPath.isEmpty else { return "" }
        return "at /" + context.codingPath.map { $0.intValue.map(String.init) ?? $0.stringValue }.joined(separator: "/") + ": "
    }

    /// What the value should have been, in JSON's words. Amounts and dates are strings (an amount
    /// as a JSON number could lose a digit to binary floating point), which is the likeliest slip.
    static func expected(_ type: Any.Type, key: String?) -> String {
        switch (type, key) {
        case (_, "declared_cost"): return "expected an amount in quotes, e.g. \"300.00\""
        case (_, "purchase_date"): return "expected a date in quotes, e.g. \"2024-03-15\""
        case (_, "start"), (_, "end"): return "expected a date-time in quotes, e.g. \"2026-12-01T09:00:00+08:00\""
        case (is String.Type, _): return "expected a string in quotes"
        case (is Int.Type, _): return "expected a whole number"
        case (is Bool.Type, _): return "expected true or false"
        case (is Double.Type, _): return "expected a number"
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
        "ListingKind": AllowedValues.of(LinliRules.ListingKind.self), "ListingDirection": AllowedValues.of(LinliRules.ListingDirection.self),
        "ItemCondition": AllowedValues.of(LinliRules.ItemCondition.self), "TimeIntensity": AllowedValues.of(LinliRules.TimeIntensity.self),
        "SkillLevel": AllowedValues.of(LinliRules.SkillLevel.self), "SkillCertification": AllowedValues.of(LinliRules.SkillCertification.self),
    ]
}
