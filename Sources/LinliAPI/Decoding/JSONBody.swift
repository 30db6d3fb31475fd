import Foundation
import Hummingbird
import LinliDelivery
import LinliDomain

/// Strict JSON request decoding with one precise problem per kind of mistake:
/// wrong media type (415), too large (413), empty (400 `json.empty`), not JSON (400 `json.malformed`), not an object
/// (400 `json.not_object`), unknown fields, wrong types, missing fields and fields given twice
/// (422 with pointers; every wrongly shaped field, `ShapeIssues`).
enum JSONBody {
    static func decode<T: StrictInput>(
        _ type: T.Type, from request: Request, limit: Int, allowEmpty: Bool = false
    ) async throws -> T {
        let buffer = try await BodyReader.collectJSON(request, limit: limit)
        return try decode(type, from: Data(buffer: buffer), contentType: request.headers[.contentType], allowEmpty: allowEmpty)
    }

    /// The body `data` sent with `contentType`, decoded as for `decode(_:from:limit:allowEmpty:)`.
    static func decode<T: StrictInput>(_ type: T.Type, from data: Data, contentType: String?, allowEmpty: Bool) throws -> T {
        var data = data
        if data.allSatisfy({ $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }) {
            guard allowEmpty else {
                throw DomainError(code: "json.empty", category: .invalidInput)
            }
            data = Data("{}".utf8)
        } else if let contentType, !isJSON(contentType) {
            throw DomainError(code: "body.unsupported_media_type", category: .unsupportedMedia, parameters: ["expected": "application/json"])
        }
        return try decode(type, from: data)
    }

    static func isJSON(_ contentType: String) -> Bool {
        let media = MediaType.of(contentType)
        return media == "application/json" || (media.hasPrefix("application/") && media.hasSuffix("+json"))
    }

    /// Parses the body once: the top-level field names are checked inside the same decode
    /// (`Checked`) before the input itself is decoded, so unknown fields are still reported
    /// first, and only a body the parser refuses goes through `JSONSerialization`, whose
    /// messages say where the syntax error is. (A separate key-only parse had cost every request a
    /// second pass over the body.)
    static func decode<T: StrictInput>(_ type: T.Type, from data: Data) throws -> T {
        do {
            return try decodeChecked(type, from: data)
        } catch let error as DomainError where error.code != "json.malformed" {
            // A comma before `}` or `]` is a syntax error, which comes before anything said of
            // the fields (helper 111: `{"name":42,}` was a wrong type).
            if let offset = JSONDuplicateKeys.trailingComma(in: data) { throw trailingCommaProblem(offset) }
            throw error
        }
    }

    /// Its own code, in both languages: it is Linli's finding, not the parser's English words that
    /// `json.malformed` quotes (helper 185 #10: the Chinese message said "the parser's English
    /// hint" of a sentence Linli wrote).
    static func trailingCommaProblem(_ offset: Int) -> DomainError {
        DomainError(code: "json.trailing_comma", category: .invalidInput, parameters: ["offset": String(offset)])
    }

    /// The decoder every body goes through; `ignoringUnknownNames` decodes the known fields
    /// although others are present.
    static func bodyDecoder<T: StrictInput>(for type: T.Type, ignoringUnknownNames: Bool = false) -> JSONDecoder {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = ClientDates.decodingStrategy
        if ignoringUnknownNames { decoder.userInfo[Checked<T>.ignoringUnknownNames] = true }
        return decoder
    }

    /// Every wrongly shaped field, starting from `first` (`ShapeIssues`), decoding again with `decoder`.
    static func shapeIssues<T: StrictInput>(_ type: T.Type, first: DecodingError, data: Data, decoder: JSONDecoder) -> [FieldIssue] {
        ShapeIssues.collect(first: first, data: data) { next in
            do {
                _ = try decoder.decode(Checked<T>.self, from: next)
            } catch Checked<T>.Failure.field(let later) {
                throw later
            }
        }
    }

    private static func decodeChecked<T: StrictInput>(_ type: T.Type, from data: Data) throws -> T {
        let decoder = bodyDecoder(for: type)
        do {
            let value = try decoder.decode(Checked<T>.self, from: data).value
            let found = JSONDuplicateKeys.findings(in: data)
            if let offset = found.trailingComma { throw trailingCommaProblem(offset) }
            if let pointer = found.repeated { throw DomainError.validation([FieldIssue(pointer, .repeated)]) }
            if let pointer = found.fraction { throw DomainError.validation([FieldIssue(pointer, .wrongType, ["expected": "integer"])]) }
            return value
        } catch Checked<T>.Failure.notAnObject {
            // The parser's own refusal (a lone surrogate in a key) also ends up here: not JSON.
            try refuseUnlessJSON(data)
            throw DomainError(code: "json.not_object", category: .invalidInput)
        } catch Checked<T>.Failure.unparsed(let context) {
            // The decoder's internal error for text it parses lazily: a string that is not text
            // (a lone UTF-16 surrogate, high or low) is not JSON (RFC 8259 §8.2); anything else
            // stays a field problem.
            try refuseUnlessJSON(data)
            throw DomainError.validation([issue(for: .dataCorrupted(context))])
        } catch Checked<T>.Failure.unknown(let names) {
            // The other fields are checked too, so one unknown name does not hide what else is
            // wrong (helper 110: a client fixed the body in two rounds).
            let unknown = names.map { FieldIssue(FieldIssue.pointer([$0]), .unknown) }
            let lenient = bodyDecoder(for: type, ignoringUnknownNames: true)
            do {
                _ = try lenient.decode(Checked<T>.self, from: data)
            } catch Checked<T>.Failure.field(let error) {
                throw DomainError.validation(unknown + shapeIssues(type, first: error, data: data, decoder: lenient))
            } catch let error as DomainError where error.code == "validation_failed" {
                throw DomainError.validation(unknown + error.fieldIssues)
            } catch {}
            throw DomainError.validation(unknown)
        } catch Checked<T>.Failure.field(let error) {
            throw DomainError.validation(shapeIssues(type, first: error, data: data, decoder: decoder))
        } catch is DecodingError {
            try refuseUnlessJSON(data)
            throw DomainError(code: "json.not_object", category: .invalidInput)
        }
    }

    /// 400 `json.malformed`, with where, unless `data` parses as JSON (`JSONSerialization`, whose
    /// messages say where the syntax error is).
    static func refuseUnlessJSON(_ data: Data) throws {
        do {
            _ = try JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed])
        } catch {
            throw DomainError(code: "json.malformed", category: .invalidInput, parameters: ["reason": syntaxReason(error)])
        }
    }

    /// An input decoded only from an object whose every field it knows.
    struct Checked<T: StrictInput>: Decodable {
        enum Failure: Error {
            case notAnObject
            case unknown([String])
            /// A field's value is missing or wrong (the decoder's own error, for its pointer).
            case field(DecodingError)
            /// The decoder's internal error, without a field (see `JSONBody.decode`).
            case unparsed(DecodingError.Context)
        }

        let value: T

        /// Set on a decoder that should decode the known fields although others are present
        /// (to report what else is wrong beside the unknown names).
        static var ignoringUnknownNames: CodingUserInfoKey { CodingUserInfoKey(rawValue: "linli.ignoringUnknownNames")! }

        init(from decoder: any Decoder) throws {
            let container: KeyedDecodingContainer<AnyKey>
            do {
                container = try decoder.container(keyedBy: AnyKey.self)
            } catch {
                throw Failure.notAnObject
            }
            let unknown = container.allKeys.map(\.stringValue).filter { T.CodingKeys(rawValue: $0) == nil }
            if !unknown.isEmpty, decoder.userInfo[Self.ignoringUnknownNames] as? Bool != true { throw Failure.unknown(unknown.sorted()) }
            do {
                value = try T(from: decoder)
            } catch let error as DecodingError {
                throw Failure.field(error)
            } catch let error as DomainError {
                throw error
            } catch {
                // The decoder's internal error for a value it parses lazily (a number that does
                // not fit its field, 1.5 for an integer): outside a nested decode it becomes this.
                if let issue = UnrepresentableNumber.issue(for: error, in: container) { throw DomainError.validation([issue]) }
                throw Failure.unparsed(.init(
                    codingPath: decoder.codingPath, debugDescription: "The given data was not valid JSON.", underlyingError: error))
            }
        }
    }

    /// One field issue for a decoding error, pointing at the offending field.
    static func issue(for error: DecodingError) -> FieldIssue {
        switch error {
        case .keyNotFound(let key, let context):
            return FieldIssue(pointer(context.codingPath + [key]), .required)
        case .valueNotFound(_, let context):
            return FieldIssue(pointer(context.codingPath), .required)
        case .typeMismatch(let type, let context):
            return FieldIssue(pointer(context.codingPath), .wrongType, ["expected": jsonTypeName(type)])
        case .dataCorrupted(let context):
            if let allowed = allowedValues(context) {
                return FieldIssue(pointer(context.codingPath), .invalidValue, ["allowed": allowed])
            }
            return FieldIssue(pointer(context.codingPath), .invalidFormat, formatParameters(context))
        @unknown default:
            return FieldIssue("", .invalidFormat, ["format": "JSON"])
        }
    }

    static func pointer(_ path: [any CodingKey]) -> String {
        FieldIssue.pointer(path.map { $0.intValue.map(String.init) ?? $0.stringValue })
    }

    static func jsonTypeName(_ type: Any.Type) -> String {
        switch type {
        case is String.Type: return "string"
        case is Bool.Type: return "boolean"
        case is Int.Type, is Int64.Type, is Int32.Type: return "integer"
        case is Double.Type, is Float.Type: return "number"
        case is [Any].Type: return "array"
        default:
            let name = String(describing: type)
            return name.hasPrefix("Array") ? "array" : (name.hasPrefix("Dictionary") ? "object" : "string")
        }
    }

    /// A value outside an enumeration is `field.invalid_value` listing the values it takes. The
    /// decoder names the type in its text ("Cannot initialize ListingKind from invalid String
    /// value boat"), a nested one by its last name only (`Kind`): the field tells those apart.
    /// Matched on the name itself, not anywhere in the text, which also holds the value sent
    /// (session 27 review: "update" matched the date-time reason, `ReviewDecision` never matched).
    static func allowedValues(_ context: DecodingError.Context) -> String? {
        let text = context.debugDescription
        guard text.hasPrefix("Cannot initialize "), let end = text.range(of: " from ") else { return nil }
        let name = String(text[text.index(text.startIndex, offsetBy: "Cannot initialize ".count)..<end.lowerBound])
        let field = context.codingPath.last?.stringValue ?? ""
        return enumerations[name + "." + field] ?? enumerations[name]
    }

    /// What a corrupted value should have been: dates and identifiers have their own reasons
    /// (`ErrorCatalog.inputReasonEntries`), anything else is a plain "invalid format" (the
    /// decoder's own English text is not shown).
    static func formatParameters(_ context: DecodingError.Context) -> [String: String] {
        // Matched on the decoders' own fixed words, not anywhere in the text, which also holds the
        // value sent (helper 105: `"declared_cost":"update"` read as a date-time).
        let text = context.debugDescription
        if text.hasPrefix("not a well-formed "), text.hasSuffix(" identifier") {
            // `Identifier`'s "not a well-formed mem_ identifier": the prefix is the word ending in "_".
            guard let word = text.split(separator: " ").first(where: { $0.count > 1 && $0.hasSuffix("_") }) else { return [:] }
            return ["reason": "json.id_format", "prefix": String(word.dropLast())]
        }
        if text.hasPrefix("Expected date string") { return ["reason": "json.date_time_format"] }
        return [:]
    }

    /// Allowed values of the request enumerations, by the type name Foundation puts in its
    /// message; a nested type's short name with the field it is read for (`Kind.decision`).
    static let enumerations: [String: String] = [
        "ListingDirection": AllowedValues.of(ListingDirection.self), "ListingKind": AllowedValues.of(ListingKind.self),
        "ItemCondition": AllowedValues.of(ItemCondition.self), "TimeIntensity": AllowedValues.of(TimeIntensity.self),
        "SkillLevel": AllowedValues.of(SkillLevel.self), "SkillCertification": AllowedValues.of(SkillCertification.self),
        "RejectReason": AllowedValues.of(RejectReason.self), "Kind.decision": AllowedValues.of(ReviewDecision.Kind.self),
        "ExchangeResolution": AllowedValues.of(ExchangeResolution.self), "NoShowContestOutcome": AllowedValues.of(NoShowContestOutcome.self),
        "ReportCategory": AllowedValues.of(ReportCategory.self), "ReportTargetType": AllowedValues.of(ReportTargetType.self),
        "CaseActionKind": AllowedValues.of(CaseActionKind.self), "MemberStatus": AllowedValues.of(MemberStatus.self), "Role": AllowedValues.of(Role.self),
        "Kind.kind": AllowedValues.of(CommunityEvent.Kind.self), "Source.source": AllowedValues.of(AdjustmentInput.Source.self),
        "EndpointFormat": AllowedValues.of(EndpointFormat.self), "ChatMessageStyle": AllowedValues.of(ChatMessageStyle.self),
        "MessageLocale": AllowedValues.of(MessageLocale.self),
    ]

    static func syntaxReason(_ error: any Error) -> String {
        let nsError = error as NSError
        return (nsError.userInfo[NSDebugDescriptionErrorKey] as? String) ?? "invalid JSON"
    }
}
