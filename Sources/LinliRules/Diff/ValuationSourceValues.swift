/// The `valuation:` section of a rule file as dotted keys and the values written there
/// (`valuation.base.item.rate` → `0.10`), for `rules diff`: its policy list left the pricing
/// section out, and a candidate raising the item rate fivefold, compared over listings none of
/// which it touched, was reported as changing nothing (helper 160 #3).
///
/// What the file says: a key left out reads as absent (its default then applies, which the
/// document names). A decimal (always quoted in a rule file) is compared by its value (`"0.1"`
/// and `"0.10"` are one rate); anything else, integers and names included, as written (helper 165
/// #4: `"01"` and `"1"` are two category ids). A list of plain values is a set (days, kinds,
/// exempt categories), in sorted order (helper 164 #3). List entries are named by their `name` or
/// `id` when they have one, else by their place; the order of named entries is a value of its own
/// (`….order`), since the first matching time-slot window wins (helper 165 #5).
enum ValuationSourceValues {
    static func values(of root: RuleNode) -> [String: String] {
        guard case .mapping(let entries) = root.content,
              let section = entries.first(where: { Self.text($0.key) == "valuation" })?.value
        else { return [:] }
        var flat: [String: String] = [:]
        flatten(section, prefix: "valuation", into: &flat)
        return flat
    }

    private static func flatten(_ node: RuleNode, prefix: String, into flat: inout [String: String]) {
        switch node.content {
        case .scalar(let value, let plain):
            flat[prefix] = plain ? value : canonical(value)
        case .mapping(let entries):
            for entry in entries { flatten(entry.value, prefix: prefix + "." + (text(entry.key) ?? "?"), into: &flat) }
        case .sequence(let items):
            let values = items.compactMap(text)
            if values.count == items.count {
                flat[prefix] = values.sorted().joined(separator: ", ")
                return
            }
            let names = items.compactMap(name(of:))
            if names.count == items.count { flat[prefix + ".order"] = names.joined(separator: ", ") }
            for (index, item) in items.enumerated() {
                flatten(item, prefix: prefix + "[" + (name(of: item) ?? String(index)) + "]", into: &flat)
            }
        }
    }

    /// A quoted decimal by its value; any other quoted text as written.
    private static func canonical(_ value: String) -> String {
        RuleDecimal(parsing: value).map(\.description) ?? value
    }

    private static func text(_ node: RuleNode) -> String? {
        if case .scalar(let value, _) = node.content { return value }
        return nil
    }

    private static func name(of node: RuleNode) -> String? {
        guard case .mapping(let entries) = node.content else { return nil }
        return entries.first { ["name", "id"].contains(text($0.key)) }.flatMap { text($0.value) }
    }
}
