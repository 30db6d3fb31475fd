import GRDB
import LinliDomain

/// Typed reads of stored values that fail loudly (as `StoreError.corruptRow`) instead of
/// crashing when a row holds a value the code does not know.
extension Row {
    func identifier<K: IdentifierKind>(_ column: String, table: String) throws -> Identifier<K> {
        let raw: String = self[column]
        guard Identifier<K>.isWellFormed(raw) else {
            throw StoreError.corruptRow(table: table, id: self["id"] ?? "?", reason: "\(column) = \(raw)")
        }
        return Identifier(trusted: raw)
    }

    func optionalIdentifier<K: IdentifierKind>(_ column: String, table: String) throws -> Identifier<K>? {
        guard let raw: String = self[column] else { return nil }
        guard Identifier<K>.isWellFormed(raw) else {
            throw StoreError.corruptRow(table: table, id: self["id"] ?? "?", reason: "\(column) = \(raw)")
        }
        return Identifier(trusted: raw)
    }

    func enumeration<E: RawRepresentable>(_ column: String, table: String) throws -> E where E.RawValue == String {
        let raw: String = self[column]
        guard let value = E(rawValue: raw) else {
            throw StoreError.corruptRow(table: table, id: self["id"] ?? "?", reason: "\(column) = \(raw)")
        }
        return value
    }
}
