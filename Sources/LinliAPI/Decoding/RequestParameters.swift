import Crypto
import Foundation
import HTTPTypes
import Hummingbird
import LinliDomain
import LinliStore

/// Path ids, query parameters, cursors and `If-Match` versions, each failing with its own code.
enum RequestParameters {
    /// The `{id}` (or other) path parameter as a typed identifier, or 400 `id.malformed` showing
    /// what one looks like (helper 185 #7: a listing's id pasted into a member's URL was told only
    /// that it was not well formed, while a body's id already named its prefix).
    static func id<K: IdentifierKind>(_ context: LinliRequestContext, _ name: String = "id") throws -> Identifier<K> {
        let raw = context.parameters.get(name) ?? ""
        guard let id = Identifier<K>(raw) else { throw malformedID(raw, example: K.prefix + "_01JD5Q0Z6W8K3M2N4P5R6S7T8V") }
        return id
    }

    /// 400 `id.malformed` for `raw`, with `example`, the form it should have had.
    static func malformedID(_ raw: String, example: String) -> DomainError {
        DomainError(code: "id.malformed", category: .invalidInput, parameters: ["id": String(raw.prefix(80)), "example": example])
    }

    /// `limit` and `cursor` from the query string, validated against the settings.
    static func page(_ request: Request, settings: APISettings) throws -> PageRequest {
        let query = request.uri.queryParameters
        var limit: Int?
        if let raw = query["limit"] {
            guard let value = Int(String(raw)) else { throw invalidQuery("limit", example: String(settings.defaultPageSize)) }
            limit = value
        }
        let after = try query["cursor"].map { try Cursor.decode(String($0), scope: Cursor.scope(of: request)) }
        do {
            return try PageRequest.make(after: after, limit: limit, defaultLimit: settings.defaultPageSize, maxLimit: settings.maxPageSize)
        } catch {
            throw outOfRange("limit", 1...settings.maxPageSize)
        }
    }

    /// 400 `query.out_of_range` for a number outside `range`, naming its bounds.
    static func outOfRange(_ name: String, _ range: ClosedRange<Int>) -> DomainError {
        DomainError(
            code: "query.out_of_range", category: .invalidInput,
            parameters: ["name": name, "min": String(range.lowerBound), "max": String(range.upperBound)])
    }

    /// An optional enumeration query parameter.
    static func enumeration<E: RawRepresentable & CaseIterable>(_ request: Request, _ name: String) throws -> E? where E.RawValue == String {
        guard let raw = request.uri.queryParameters[Substring(name)] else { return nil }
        guard let value = E(rawValue: String(raw)) else { throw invalidQuery(name, allowed: AllowedValues.of(E.self)) }
        return value
    }

    /// `format=json` (default) or `format=csv`.
    static func wantsCSV(_ request: Request) throws -> Bool {
        guard let raw = request.uri.queryParameters["format"] else { return false }
        switch String(raw) {
        case "json": return false
        case "csv": return true
        default: throw invalidQuery("format", allowed: "json, csv")
        }
    }

    static func bool(_ request: Request, _ name: String) throws -> Bool? {
        guard let raw = request.uri.queryParameters[Substring(name)] else { return nil }
        switch String(raw) {
        case "true": return true
        case "false": return false
        default: throw invalidQuery(name, allowed: "true, false")
        }
    }

    static func identifier<K: IdentifierKind>(_ request: Request, _ name: String) throws -> Identifier<K>? {
        guard let raw = request.uri.queryParameters[Substring(name)] else { return nil }
        guard let id = Identifier<K>(String(raw)) else { throw invalidQuery(name, example: "\(K.prefix)_01JD5Q0Z6W8K3M2N4P5R6S7T8V") }
        return id
    }

    /// `If-Match: "3"` (or `3`) → 3; absent → nil (last write wins, as the client chose). `*`
    /// (RFC 9110: any current version) is the same as no condition, since every object here exists
    /// before it can be written.
    static func expectedVersion(_ request: Request) throws -> Int? {
        guard let raw = request.headers[.ifMatch] else { return nil }
        if raw.trimmingCharacters(in: .whitespaces) == "*" { return nil }
        let trimmed = raw.trimmingCharacters(in: CharacterSet(charactersIn: "\" W/"))
        guard let version = Int(trimmed), version > 0 else {
            // Saying the form it takes: one version, the `ETag` a read answered (helper 185 #10;
            // a list of several is not taken either).
            throw DomainError(code: "header.invalid", category: .invalidInput, parameters: ["name": "If-Match", "example": "\"3\""])
        }
        return version
    }

    /// 400 `query.invalid`; with `allowed` (the values it takes) or `example` (its form, e.g. `7d`)
    /// when there is something to say, so the message tells a client how to mend it.
    /// A free-text query value read as a form does: `+` is a space (`q=字典+新华` from
    /// `URLSearchParams` or a form, helper 124, found nothing for the two words), `%2B` a plus
    /// (`C%2B%2B`). From the raw query, since percent-decoding first makes the two alike. Nil when
    /// the parameter is absent or its encoding is broken (the decoded value is read then).
    static func formText(_ request: Request, _ name: String) -> String? {
        guard let query = request.uri.query else { return nil }
        for pair in query.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard parts[0].replacingOccurrences(of: "+", with: " ").removingPercentEncoding == name else { continue }
            let value = parts.count > 1 ? String(parts[1]) : ""
            return value.replacingOccurrences(of: "+", with: " ").removingPercentEncoding
        }
        return nil
    }

    static func invalidQuery(_ name: String, allowed: String? = nil, example: String? = nil) -> DomainError {
        var parameters = ["name": name]
        parameters["allowed"] = allowed
        parameters["example"] = example
        return DomainError(code: "query.invalid", category: .invalidInput, parameters: parameters)
    }
}

/// Opaque page cursors: clients must not build or parse them, so the encoding can change.
///
/// A cursor is bound to the list it came from (`scope`: the path without empty segments and the
/// filters, `scope(of:)`): every list pages by keys of its own, so another list's cursor, one for
/// another case's notes, or one from the same list under other filters was read as a key and
/// answered with a wrong or empty page, which a client takes for the end of the list. Now it is
/// 400 `cursor.malformed`. The scope is carried as a short hash, so long filters (a search
/// text) do not make long cursors.
enum Cursor {
    static let prefix = "c2:"
    /// Longest cursor accepted (a scope hash and a composite key, base64url).
    static let maxLength = 600

    /// The filters lists apply when none is given: spelling one out reads the same list, so its
    /// cursors are the same (helper 118: page 2 of `/v1/reviews` asked with `status=pending`,
    /// the default, was 400 `cursor.malformed`). Each matches the `?? default` of its handler.
    static let defaultFilters: [String: [String: String]] = [
        "/v1/reviews": ["status": "pending"],
        "/v1/cases": ["status": "open"],
        "/v1/appeals": ["status": "pending"],
        "/v1/fraud-signals": ["status": "open"],
        "/v1/no-show-contests": ["state": "open"],
        "/v1/events": ["when": "upcoming"],
        "/v1/notifications": ["unread": "false"],
        "/v1/audit": ["order": "oldest"],
    ]

    /// The list a request reads: its path without empty segments (the router ignores them, so
    /// `/v1/members/` is `/v1/members`) and its filters, sorted; `cursor` and `limit` are not
    /// filters, nor `format` (JSON and CSV are two spellings of one list: a statement's CSV
    /// export pages on with the cursor a JSON page gave, and `format=json` spelled out keeps it,
    /// helper 124), nor a filter given once with its default value (`defaultFilters`).
    static func scope(of request: Request) -> String {
        let path = "/" + request.uri.path.split(separator: "/").joined(separator: "/")
        let query = request.uri.queryParameters
        let defaults = defaultFilters[path] ?? [:]
        func isDefault(_ key: Substring, _ value: Substring) -> Bool {
            guard let fallback = defaults[String(key)], fallback == value else { return false }
            return query.getAll(String(key)).count == 1
        }
        // Keys sorted, each key's values in the order sent (a handler reads the first), every
        // part escaped, so `a=1&b=2` and `a=1%26b%3D2` are different lists.
        let filters = query.enumerated()
            .filter { !notFilters.contains($0.element.key) && !isDefault($0.element.key, $0.element.value) }
            .sorted { ($0.element.key, $0.offset) < ($1.element.key, $1.offset) }
            .map { escaped(String($0.element.key)) + "=" + escaped(String($0.element.value)) }
        return filters.isEmpty ? path : path + "?" + filters.joined(separator: "&")
    }

    /// Query parameters that choose how a page is read, not which list.
    static let notFilters: Set<Substring> = ["cursor", "limit", "format"]

    private static func escaped(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? text
    }

    /// 16 hex digits of the scope's SHA-256: enough to tell lists apart, short in a cursor.
    static func key(_ scope: String) -> String {
        String(HexDigits.text(SHA256.hash(data: Array(scope.utf8))).prefix(16))
    }

    /// Base64url without padding, mapped byte by byte (every page of a browse writes one, and
    /// three `replacingOccurrences` were about 2 % of a browse request's CPU).
    static func encode(_ after: String, scope: String) -> String {
        var out: [UInt8] = []
        for byte in Data((prefix + key(scope) + "\n" + after).utf8).base64EncodedString().utf8 {
            switch byte {
            case UInt8(ascii: "+"): out.append(UInt8(ascii: "-"))
            case UInt8(ascii: "/"): out.append(UInt8(ascii: "_"))
            case UInt8(ascii: "="): continue
            default: out.append(byte)
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    static func decode(_ cursor: String, scope: String) throws -> String {
        var bytes = cursor.utf8.map { byte -> UInt8 in
            switch byte {
            case UInt8(ascii: "-"): UInt8(ascii: "+")
            case UInt8(ascii: "_"): UInt8(ascii: "/")
            default: byte
            }
        }
        while bytes.count % 4 != 0 { bytes.append(UInt8(ascii: "=")) }
        let base64 = String(decoding: bytes, as: UTF8.self)
        let expected = prefix + key(scope) + "\n"
        guard cursor.utf8.count <= maxLength, let data = Data(base64Encoded: base64), let text = String(data: data, encoding: .utf8),
            text.hasPrefix(expected), text.utf8.count > expected.utf8.count
        else { throw DomainError(code: "cursor.malformed", category: .invalidInput) }
        return String(text.dropFirst(expected.count))
    }
}
