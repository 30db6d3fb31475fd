import Foundation
import GRDB
import LinliDomain

/// A table's columns in table order (what `SELECT *` returns), so rows can be read by position.
///
/// Reading by position skips GRDB's `Row`, which builds a name index and hashes every looked-up
/// name per row. Each conforming enum has a test against `PRAGMA table_info`, so a migration that
/// reorders or inserts columns fails that test instead of mixing fields up; columns added at the
/// end (what `ALTER TABLE … ADD COLUMN` does) keep every position valid.
protocol TableColumn: RawRepresentable, CaseIterable where RawValue == Int32, AllCases == [Self] {
    /// The table, for error messages.
    static var table: String { get }
    /// The column that names a row in error messages.
    static var id: Self { get }
    /// Every column's name, in order (`allCases.map(\.name)`, kept once).
    static var names: [String] { get }
}

extension TableColumn {
    /// The column's SQL name: the case name in snake case (`communityID` → `community_id`).
    var name: String {
        String(describing: self).reduce(into: "") { name, character in
            if character.isUppercase {
                name += "_" + character.lowercased()
            } else {
                name.append(character)
            }
        }
        .replacingOccurrences(of: "_i_d", with: "_id").replacingOccurrences(of: "_j_s_o_n", with: "_json")
    }

    /// Refuses a statement whose leading columns are not this layout, since decoding it by
    /// position would put values in the wrong fields.
    static func checkLayout(_ statement: Statement) throws {
        let found = statement.columnNames
        guard found.count >= names.count, zip(names, found).allSatisfy(==) else {
            throw StoreError.corruptRow(table: table, id: "?", reason: "unexpected column layout \(found.prefix(4))…")
        }
    }

    /// Every row of `statement` (laid out as this table), decoded by `decode`.
    static func fetchAll<T>(
        _ statement: Statement, arguments: StatementArguments, _ decode: (ColumnRow<Self>) throws -> T
    ) throws -> [T] {
        try checkLayout(statement)
        let cursor = try Row.fetchCursor(statement, arguments: arguments)
        let row = ColumnRow<Self>(raw: RawColumns(statement))
        var values: [T] = []
        while try cursor.next() != nil {
            values.append(try decode(row))
        }
        return values
    }

    /// The first row of `statement`, decoded by `decode`; nil when there is none.
    static func fetchOne<T>(
        _ statement: Statement, arguments: StatementArguments, _ decode: (ColumnRow<Self>) throws -> T
    ) throws -> T? {
        try checkLayout(statement)
        let cursor = try Row.fetchCursor(statement, arguments: arguments)
        guard try cursor.next() != nil else { return nil }
        return try decode(ColumnRow<Self>(raw: RawColumns(statement)))
    }
}

/// The current row of a statement laid out as `Column`, read by position with the checks a
/// record decoder makes: required columns present, identifiers well formed, enumerations known.
/// A failed check is a `corruptRow` error naming the table, the row and the column.
struct ColumnRow<Column: TableColumn> {
    let raw: RawColumns

    func text(_ column: Column) -> String? { raw.string(column.rawValue) }

    func bytes(_ column: Column) -> UnsafeBufferPointer<UInt8>? { raw.bytes(column.rawValue) }

    func required(_ column: Column) throws -> String {
        guard let value = text(column) else { throw corrupt(column, "NULL") }
        return value
    }

    func int(_ column: Column) -> Int? { raw.optionalInt(column.rawValue) }

    func requiredInt(_ column: Column) throws -> Int {
        guard let value = int(column) else { throw corrupt(column, "NULL") }
        return value
    }

    func date(_ column: Column) -> Date? { raw.date(column.rawValue) }

    func requiredDate(_ column: Column) throws -> Date {
        guard let value = date(column) else { throw corrupt(column, text(column) ?? "NULL") }
        return value
    }

    func identifier<K: IdentifierKind>(_ column: Column) throws -> Identifier<K>? {
        guard let raw = text(column) else { return nil }
        guard Identifier<K>.isWellFormed(raw) else { throw corrupt(column, raw) }
        return Identifier(trusted: raw)
    }

    func requiredIdentifier<K: IdentifierKind>(_ column: Column) throws -> Identifier<K> {
        guard let value: Identifier<K> = try identifier(column) else { throw corrupt(column, "NULL") }
        return value
    }

    func enumeration<E: RawRepresentable>(_ column: Column) throws -> E? where E.RawValue == String {
        guard let raw = text(column) else { return nil }
        guard let value = E(rawValue: raw) else { throw corrupt(column, raw) }
        return value
    }

    func requiredEnumeration<E: RawRepresentable>(_ column: Column) throws -> E where E.RawValue == String {
        guard let value: E = try enumeration(column) else { throw corrupt(column, "NULL") }
        return value
    }

    func corrupt(_ column: Column, _ value: String) -> StoreError {
        .corruptRow(table: Column.table, id: text(Column.id) ?? "?", reason: "\(column.name) = \(value)")
    }
}
