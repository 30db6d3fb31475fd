import Foundation
import GRDB
import LinliDomain

/// Reads listings from a statement whose columns are `ListingColumn`'s layout, by position, with
/// the statement's column names checked once per query instead of looked up once per field.
///
/// Every listing read in the store goes through here (`SELECT *` from `listings`, the browse
/// projections). A statement of any other shape is refused loudly, since decoding it by position
/// would put values in the wrong fields.
enum ListingRowReader {
    static func fetchAll(_ statement: Statement, arguments: StatementArguments) throws -> [Listing] {
        try checkLayout(statement)
        let cursor = try Row.fetchCursor(statement, arguments: arguments)
        let columns = RawColumns(statement)
        var listings: [Listing] = []
        while try cursor.next() != nil {
            listings.append(try listing(columns))
        }
        return listings
    }

    static func fetchOne(_ statement: Statement, arguments: StatementArguments) throws -> Listing? {
        try checkLayout(statement)
        let cursor = try Row.fetchCursor(statement, arguments: arguments)
        guard try cursor.next() != nil else { return nil }
        return try listing(RawColumns(statement))
    }

    private static func checkLayout(_ statement: Statement) throws {
        let names = statement.columnNames
        guard names.count >= ListingColumn.names.count, zip(ListingColumn.names, names).allSatisfy(==)
        else {
            throw StoreError.corruptRow(table: "listings", id: "?", reason: "unexpected column layout \(names.prefix(4))…")
        }
    }

    /// The statement's current row as a listing.
    static func listing(_ row: RawColumns) throws -> Listing {
        func text(_ column: ListingColumn) -> String? { row.string(column.rawValue) }
        func required(_ column: ListingColumn) throws -> String {
            guard let value = text(column) else { throw corrupt(row, column, "NULL") }
            return value
        }
        func int(_ column: ListingColumn) -> Int? { row.optionalInt(column.rawValue) }
        func requiredInt(_ column: ListingColumn) throws -> Int {
            guard let value = int(column) else { throw corrupt(row, column, "NULL") }
            return value
        }
        func date(_ column: ListingColumn) -> Date? { row.date(column.rawValue) }
        func requiredDate(_ column: ListingColumn) throws -> Date {
            guard let value = date(column) else { throw corrupt(row, column, text(column) ?? "NULL") }
            return value
        }
        func identifier<K: IdentifierKind>(_ column: ListingColumn) throws -> Identifier<K>? {
            guard let raw = text(column) else { return nil }
            guard Identifier<K>.isWellFormed(raw) else { throw corrupt(row, column, raw) }
            return Identifier(trusted: raw)
        }
        func requiredIdentifier<K: IdentifierKind>(_ column: ListingColumn) throws -> Identifier<K> {
            guard let value: Identifier<K> = try identifier(column) else { throw corrupt(row, column, "NULL") }
            return value
        }
        func enumeration<E: RawRepresentable>(_ column: ListingColumn) throws -> E? where E.RawValue == String {
            guard let raw = text(column) else { return nil }
            guard let value = E(rawValue: raw) else { throw corrupt(row, column, raw) }
            return value
        }
        func requiredEnumeration<E: RawRepresentable>(_ column: ListingColumn) throws -> E where E.RawValue == String {
            guard let value: E = try enumeration(column) else { throw corrupt(row, column, "NULL") }
            return value
        }
        let content = ListingContent(
            direction: try requiredEnumeration(.direction), kind: try requiredEnumeration(.kind),
            categoryCode: try required(.categoryCode), title: try required(.title), description: try required(.description),
            area: text(.area), photos: try ListingRows.photos(text(.photosJSON)), declaredCost: text(.declaredCost),
            purchaseDate: text(.purchaseDate), ageMonths: int(.ageMonths), condition: try enumeration(.condition),
            quantity: int(.quantity), startAt: date(.startAt), endAt: date(.endAt),
            availability: try ListingRows.decode([WeeklySlot].self, text(.availabilityJSON)),
            durationMinutes: int(.durationMinutes), intensity: try enumeration(.intensity), place: text(.place),
            skillName: text(.skillName), level: try enumeration(.level), certification: try enumeration(.certification),
            evidenceRef: text(.evidenceRef))
        var original: ListingValuation?
        if let points = int(.originalPoints) {
            original = ListingValuation(
                points: points, ruleSetVersion: try required(.originalRuleSetVersion),
                ruleSetHash: try required(.originalRuleSetHash), breakdownJSON: try required(.originalBreakdownJSON))
        }
        return Listing(
            id: try requiredIdentifier(.id), communityID: try requiredIdentifier(.communityID),
            ownerID: try requiredIdentifier(.ownerID), createdBy: try requiredIdentifier(.createdBy),
            status: try requiredEnumeration(.status), content: content,
            valuation: ListingValuation(
                points: try requiredInt(.points), ruleSetVersion: try required(.ruleSetVersion),
                ruleSetHash: try required(.ruleSetHash), breakdownJSON: try required(.breakdownJSON)),
            originalValuation: original, originalInputsJSON: text(.originalInputsJSON),
            correctionReason: text(.correctionReason), correctedBy: try identifier(.correctedBy), correctedAt: date(.correctedAt),
            decisionReasonCode: try enumeration(.decisionReasonCode), decisionMessage: text(.decisionMessage),
            requestedFields: try ListingRows.decode([String].self, text(.requestedFieldsJSON)),
            publishedAt: date(.publishedAt), expiresAt: date(.expiresAt), createdAt: try requiredDate(.createdAt),
            updatedAt: try requiredDate(.updatedAt), version: try requiredInt(.version))
    }

    private static func corrupt(_ row: RawColumns, _ column: ListingColumn, _ value: String) -> StoreError {
        .corruptRow(table: "listings", id: row.string(ListingColumn.id.rawValue) ?? "?", reason: "\(column.name) = \(value)")
    }
}
