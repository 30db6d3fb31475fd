import LinliDomain

/// The page key of a list ordered by a number, then an id (`priority|id`, `score|id`): written
/// by the list, read back from its cursor. Anything else is 400 `cursor.malformed`.
enum NumberedPageKey {
    static func text(_ number: Int, _ id: String) -> String { "\(number)|\(id)" }

    static func parse(_ after: String, idIsWellFormed: (String) -> Bool) throws -> (number: Int, id: String) {
        let parts = after.split(separator: "|", maxSplits: 1).map(String.init)
        guard parts.count == 2, let number = Int(parts[0]), idIsWellFormed(parts[1]) else {
            throw DomainError(code: "cursor.malformed", category: .invalidInput)
        }
        return (number, parts[1])
    }
}
