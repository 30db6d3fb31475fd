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

    /// Binds the values of `contentColumns`, in that order, for INSERT and UPDATE alike: bound by
    /// type straight into SQLite (`RawBindings`) rather than as an array of existentials turned
    /// into `DatabaseValue`s, which with the dates' `DateFormatter` was a tenth of the writer's
    /// Swift time per listing created.
    static func bindContent(_ content: ListingContent, _ valuation: ListingValuation, into bind: inout RawBindings) {
        bind.bind(content.direction.rawValue)
        bind.bind(content.kind.rawValue)
        bind.bind(content.categoryCode)
        bind.bind(content.title)
        bind.bind(content.description)
        bind.bind(content.area)
        bind.bind(json(content.photos))
        bind.bind(content.declaredCost)
        bind.bind(content.declaredCost.flatMap(DeclaredCost.cents))
        bind.bind(content.purchaseDate)
        bind.bind(content.ageMonths)
        bind.bind(content.condition?.rawValue)
        bind.bind(content.quantity)
        bind.bind(StoredTime.text(content.startAt))
        bind.bind(StoredTime.text(content.endAt))
        bind.bind(content.availability.map(encode))
        bind.bind(content.durationMinutes)
        bind.bind(content.intensity?.rawValue)
        bind.bind(content.place)
        bind.bind(content.skillName)
        bind.bind(content.level?.rawValue)
        bind.bind(content.certification?.rawValue)
        bind.bind(content.evidenceRef)
        bind.bind(valuation.points)
        bind.bind(valuation.ruleSetVersion)
        bind.bind(valuation.ruleSetHash)
        bind.bind(valuation.breakdownJSON)
    }

    /// A list of strings (photo hashes, requested fields) as `encode` writes it, without an encoder.
    static func json(_ texts: [String]) -> String {
        if texts.isEmpty { return "[]" }
        var out = JSONBytes(capacity: 16 + texts.count * 72)
        out.strings(texts)
        return String(decoding: out.bytes, as: UTF8.self)
    }

    /// A string map (a pre-screen signal's parameters) as `encode` writes it; written directly
    /// when its keys are plain (`JSONBytes.sortedObject`), through the encoder otherwise.
    static func json(_ fields: [String: String]) -> String {
        var out = JSONBytes(capacity: 64 * max(1, fields.count))
        return out.sortedObject(fields) ? String(decoding: out.bytes, as: UTF8.self) : encode(fields)
    }

    static func encode<T: Encodable>(_ value: T) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        return String(decoding: (try? encoder.encode(value)) ?? Data("null".utf8), as: UTF8.self)
    }

    /// A column holding a list of strings (photos, requested fields), read from its bytes: the
    /// plain shape the store writes is read directly (`PlainJSONArray`), anything else through the
    /// decoder, which also reports what is wrong with it.
    static func strings(_ bytes: UnsafeBufferPointer<UInt8>?) throws -> [String]? {
        guard let bytes else { return nil }
        return try PlainJSONArray.strings(bytes) ?? decode([String].self, String(decoding: bytes, as: UTF8.self))
    }

    /// A weekly availability column, read like `strings`.
    static func slots(_ bytes: UnsafeBufferPointer<UInt8>?) throws -> [WeeklySlot]? {
        guard let bytes else { return nil }
        return try PlainJSONArray.slots(bytes) ?? decode([WeeklySlot].self, String(decoding: bytes, as: UTF8.self))
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
