/// A request for one page of a list, keyed by the last identifier seen (keyset pagination).
///
/// Keyset cursors stay correct while rows are inserted, and cost the same on page 1 and page 1000,
/// unlike offsets.
public struct PageRequest: Sendable, Equatable {
    /// Return rows strictly after this sort key; nil for the first page.
    public let after: String?
    public let limit: Int

    public init(after: String?, limit: Int) {
        self.after = after
        self.limit = limit
    }

    /// Validates a client's `limit` against the configured bounds.
    public static func make(after: String?, limit: Int?, defaultLimit: Int, maxLimit: Int) throws(DomainError) -> PageRequest {
        let chosen = limit ?? defaultLimit
        guard chosen >= 1, chosen <= maxLimit else {
            throw DomainError.validation([
                FieldIssue("/limit", .outOfRange, ["min": "1", "max": String(maxLimit)])
            ])
        }
        return PageRequest(after: after, limit: chosen)
    }
}

/// One page of results and the cursor for the next one (nil on the last page).
public struct Page<Item: Sendable>: Sendable {
    public let items: [Item]
    public let nextAfter: String?

    public init(items: [Item], nextAfter: String?) {
        self.items = items
        self.nextAfter = nextAfter
    }

    /// Builds a page from `limit + 1` fetched rows: the extra row only proves there is a next page.
    public static func fromOverfetch(_ rows: [Item], limit: Int, key: (Item) -> String) -> Page<Item> {
        if rows.count > limit {
            let items = Array(rows.prefix(limit))
            return Page(items: items, nextAfter: items.last.map(key))
        }
        return Page(items: rows, nextAfter: nil)
    }
}
