import Foundation
import GRDB
import LinliDomain

/// Column values of a listing, shared by INSERT and UPDATE. Listings are stored as flat columns
/// (so every field is filterable and checked by SQL constraints) and read back by
/// `ListingRowReader`.
enum ListingRows {
    static let contentColumns = [
        "direction", "kind", "category_code", "title", "description", "area", "photos_json", "declared_cost",
        "declared_cost_cents", "purchase_date", "age_months", "condition", "quantity", "start_at", "end_at",
        "availability_json", "duration_minutes", "intensity", "place", "skill_name", "level", "certification", "evidence_ref",
        "points", "rule_set_version", "rule_set_hash", "breakdown_json",
    ]

    static func contentValues(_ content: ListingContent, _ valuation: ListingValuation) -> [(any DatabaseValueConvertible)?] {
        [
            content.direction.rawValue, content.kind.rawValue, content.categoryCode, content.title, content.description,
            content.area, encode(content.photos), content.declaredCost, content.declaredCost.flatMap(DeclaredCost.cents),
            content.purchaseDate, content.ageMonths, content.condition?.rawValue, content.quantity, content.startAt,
            content.endAt, content.availability.map(encode), content.durationMinutes, content.intensity?.rawValue,
            content.place, content.skillName, content.level?.rawValue, content.certification?.rawValue, content.evidenceRef,
            valuation.points, valuation.ruleSetVersion, valuation.ruleSetHash, valuation.breakdownJSON,
        ]
    }

    static func encode<T: Encodable>(_ value: T) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        return String(decoding: (try? encoder.encode(value)) ?? Data("null".utf8), as: UTF8.self)
    }

    /// Photo lists are read on every browse row: the common empty list skips the JSON decoder.
    static func photos(_ text: String?) throws -> [String] {
        guard let text, text != "[]" else { return [] }
        return try decode([String].self, text) ?? []
    }

    static func decode<T: Decodable>(_ type: T.Type, _ text: String?) throws -> T? {
        guard let text else { return nil }
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        do {
            return try decoder.decode(T.self, from: Data(text.utf8))
        } catch {
            throw StoreError.corruptRow(table: "listings", id: "?", reason: "unreadable JSON column: \(error)")
        }
    }
}

extension Row {
    func optionalEnumeration<E: RawRepresentable>(_ column: String, table: String) throws -> E? where E.RawValue == String {
        guard let raw: String = self[column] else { return nil }
        guard let value = E(rawValue: raw) else {
            throw StoreError.corruptRow(table: table, id: self["id"] ?? "?", reason: "\(column) = \(raw)")
        }
        return value
    }
}
