import Foundation
import LinliDomain

/// Names the field of a number the decoder could not turn into its Swift type.
///
/// The JSON decoder parses numbers lazily; when one does not fit the field's type (4.5 for a star
/// rating, 9223372036854775808 for points) it throws its own internal error, which carries the
/// number's text but no coding path, so the answer said only "has an invalid format" at the
/// body's root (session 30 walk). The body is read again here, every number compared with the
/// one the decoder named, and the first field holding it is reported: a fraction where a whole
/// number belongs is `field.wrong_type` (expected integer), a whole number too large for any
/// field `field.out_of_range`.
enum UnrepresentableNumber {
    /// The issue for `error` when it is the decoder's unrepresentable-number error and the number
    /// is found in `container`; nil otherwise.
    static func issue(for error: any Error, in container: KeyedDecodingContainer<AnyKey>) -> FieldIssue? {
        guard let parsed = parsedText(error), let target = Decimal(string: parsed) else { return nil }
        for key in container.allKeys.sorted(by: { $0.stringValue < $1.stringValue }) {
            guard let value = try? container.decode(JSONNumbers.self, forKey: key), let path = value.path(to: target) else { continue }
            let pointer = FieldIssue.pointer([key.stringValue] + path)
            var target = target, rounded = Decimal()
            NSDecimalRound(&rounded, &target, 0, .plain)
            let whole = rounded == target  // 1e20 is a whole number, too large; 4.5 is not one
            return whole ? FieldIssue(pointer, .outOfRange) : FieldIssue(pointer, .wrongType, ["expected": "integer"])
        }
        return nil
    }

    /// The number's text in the decoder's error (`numberIsNotRepresentableInSwift(parsed: "4.5")`).
    static func parsedText(_ error: any Error) -> String? {
        let text = String(describing: error)
        guard let start = text.range(of: "numberIsNotRepresentableInSwift(parsed: \""),
            let end = text.range(of: "\"", range: start.upperBound..<text.endIndex)
        else { return nil }
        return String(text[start.upperBound..<end.lowerBound])
    }

    /// A JSON value reduced to where its numbers are.
    indirect enum JSONNumbers: Decodable {
        case number(Decimal)
        case array([JSONNumbers])
        case object([String: JSONNumbers])
        case other

        init(from decoder: any Decoder) throws {
            if let object = try? decoder.container(keyedBy: AnyKey.self) {
                var members: [String: JSONNumbers] = [:]
                for key in object.allKeys { members[key.stringValue] = (try? object.decode(JSONNumbers.self, forKey: key)) ?? .other }
                self = .object(members)
            } else if var array = try? decoder.unkeyedContainer() {
                var elements: [JSONNumbers] = []
                while !array.isAtEnd { elements.append((try? array.decode(JSONNumbers.self)) ?? .other) }
                self = .array(elements)
            } else if let single = try? decoder.singleValueContainer(), !single.decodeNil(), let number = try? single.decode(Decimal.self) {
                self = .number(number)
            } else {
                self = .other
            }
        }

        /// The path (below this value) to the first number equal to `target`.
        func path(to target: Decimal) -> [String]? {
            switch self {
            case .number(let value): return value == target ? [] : nil
            case .array(let elements):
                for (index, element) in elements.enumerated() {
                    if let rest = element.path(to: target) { return [String(index)] + rest }
                }
                return nil
            case .object(let members):
                for key in members.keys.sorted() {
                    if let rest = members[key]?.path(to: target) { return [key] + rest }
                }
                return nil
            case .other: return nil
            }
        }
    }
}
