import Foundation
import LinliDomain

/// Every field of a JSON body whose shape is wrong, not only the first: the decoder stops at the
/// first wrong field, so a client mending one met the next on its next try (README: "`errors[]`
/// with a JSON Pointer per invalid field"). On the error path only, the body is decoded again
/// with each wrong field given a stand-in of the kind the decoder wanted (an empty string, 0,
/// false, an empty list or object, an enumeration's first word, a well-formed id or date), or
/// left out where no stand-in is known, until the decode gets through or finds nothing new.
///
/// Stand-ins never reach a command: they only let the decoder look past a field already
/// reported. A refusal of the input's own (`DomainError`) met on a later pass may be caused by a
/// stand-in, so it ends the search and is not reported; the client meets it, if real, after
/// mending the shapes.
enum ShapeIssues {
    /// Passes at most (each a serialisation and a decode of the body): a body has few fields.
    static let maxPasses = 20
    /// Bytes decoded again at most, all passes together: a small body gets every pass, a larger
    /// one fewer (helper 105: 40 passes over a 61 KB body of nested arrays took 2 s of CPU).
    static let byteBudget = 131_072
    /// Larger bodies (an operator may allow up to 16 MiB) get their first issue only.
    static let maxBodyBytes = 16_384
    /// Issues reported at most: enough for any real form.
    static let maxIssues = 20

    /// Values tried for a field the input requires but the body lacks, in turn.
    static var requiredStandIns: [Any] { ["", 0, false, [Any](), [String: Any]()] }

    /// The issues of `first` and of every other wrongly shaped field `decode` meets.
    static func collect(
        first: DecodingError, data: Data, decode: (Data) throws -> Void
    ) -> [FieldIssue] {
        var issues = [JSONBody.issue(for: first)]
        // A body with a repeated key is told so once its shapes are right; the round trip below
        // would keep a different copy of the key than the decoder read.
        guard data.count <= maxBodyBytes, JSONDuplicateKeys.firstRepeated(in: data) == nil,
            var root = try? JSONSerialization.jsonObject(with: data), root is [String: Any]
        else { return issues }
        var current = first
        var attempts: [String: Int] = [:]
        // Fields given an empty object or list as a stand-in: what the decoder then misses inside
        // them is the stand-in's doing, not the client's (helper 105: `availability: [5]` also
        // reported `/availability/0/weekday`, `/from` and `/to` as missing).
        var filled: [String] = []
        for _ in 0..<min(maxPasses, byteBudget / max(1, data.count)) {
            let path = fullPath(of: current)
            let pointer = JSONBody.pointer(path)
            // Counted per field and kind of error: `5` for an enumeration is first a wrong type
            // (stand-in ""), then a word outside it (its first word), each tried once.
            let key = pointer + " " + kind(of: current)
            let attempt = attempts[key, default: 0]
            attempts[key] = attempt + 1
            guard !path.isEmpty, let standIn = standIn(for: current, attempt: attempt),
                set(standIn, at: path[...], in: &root),
                let next = try? JSONSerialization.data(withJSONObject: root)
            else { break }
            if standIn is [String: Any] || standIn is [Any] { filled.append(pointer) }
            do {
                try decode(next)
                break
            } catch let error as DecodingError {
                let issue = JSONBody.issue(for: error)
                let inside = filled.contains { issue.pointer.hasPrefix($0 + "/") }
                if !inside, !issues.contains(where: { $0.pointer == issue.pointer }) {
                    issues.append(issue)
                    if issues.count >= maxIssues { break }
                }
                current = error
            } catch let error as DomainError where error.code == "validation_failed" && error.fieldIssues.allSatisfy({ $0.code == .unknown }) {
                // Unknown names inside a nested object, met once the fields before it were
                // stood in for: the client's, not a stand-in's (an empty `{}` or `[]` has no
                // names), so named too (helper 111: whether they were depended on field order).
                for issue in error.fieldIssues where !issues.contains(where: { $0.pointer == issue.pointer }) {
                    issues.append(issue)
                }
                break
            } catch {
                break
            }
        }
        return issues
    }

    static func kind(of error: DecodingError) -> String {
        switch error {
        case .keyNotFound: return "missing"
        case .valueNotFound: return "null"
        case .typeMismatch: return "type"
        case .dataCorrupted: return "value"
        @unknown default: return "other"
        }
    }

    /// The coding path of the value a decoding error is about (a missing key's included).
    static func fullPath(of error: DecodingError) -> [any CodingKey] {
        switch error {
        case .keyNotFound(let key, let context): return context.codingPath + [key]
        case .typeMismatch(_, let context), .valueNotFound(_, let context), .dataCorrupted(let context): return context.codingPath
        @unknown default: return []
        }
    }

    /// What to put where the error is (`Removal` to leave the field out), or nil when nothing is
    /// left to try. The first attempt at a field is the stand-in its error asks for; a field
    /// refused again is left out, then given each of `requiredStandIns` (a field the input
    /// requires), then given up.
    static func standIn(for error: DecodingError, attempt: Int) -> Any? {
        if attempt > 0 {
            if case .keyNotFound = error { return required(attempt - 1) }
            if case .valueNotFound = error { return required(attempt - 1) }
            return attempt == 1 ? Removal() : required(attempt - 2)
        }
        switch error {
        case .typeMismatch(let type, _):
            switch JSONBody.jsonTypeName(type) {
            case "boolean": return false
            case "integer", "number": return 0
            case "array": return [Any]()
            case "object": return [String: Any]()
            default: return ""
            }
        case .dataCorrupted(let context):
            if let allowed = JSONBody.allowedValues(context), let word = allowed.split(separator: ",").first {
                return word.trimmingCharacters(in: .whitespaces)
            }
            let parameters = JSONBody.formatParameters(context)
            if let prefix = parameters["prefix"] { return prefix + "_" + String(repeating: "0", count: 26) }
            if parameters["reason"] == "json.date_time_format" { return "2026-01-01T00:00:00Z" }
            return Removal()
        case .keyNotFound, .valueNotFound:
            return required(0)
        @unknown default:
            return nil
        }
    }

    static func required(_ index: Int) -> Any? {
        let standIns = requiredStandIns
        return standIns.indices.contains(index) ? standIns[index] : nil
    }

    /// Marks a field to leave out.
    struct Removal {}

    /// Puts `value` at `path` inside `node` (objects and arrays, as parsed); false when the path
    /// does not lead there.
    static func set(_ value: Any, at path: ArraySlice<any CodingKey>, in node: inout Any) -> Bool {
        guard let key = path.first else { return false }
        if var object = node as? [String: Any] {
            let name = key.stringValue
            if path.count == 1 {
                if value is Removal { object.removeValue(forKey: name) } else { object[name] = value }
            } else {
                guard var child = object[name], set(value, at: path.dropFirst(), in: &child) else { return false }
                object[name] = child
            }
            node = object
            return true
        }
        guard var array = node as? [Any], let index = key.intValue, array.indices.contains(index) else { return false }
        if path.count == 1 {
            guard !(value is Removal) else { return false }
            array[index] = value
        } else {
            var child = array[index]
            guard set(value, at: path.dropFirst(), in: &child) else { return false }
            array[index] = child
        }
        node = array
        return true
    }
}
