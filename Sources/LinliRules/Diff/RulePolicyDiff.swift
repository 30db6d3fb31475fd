import Foundation

/// What a candidate changes besides prices: every policy value (ledger caps and rates, exchange
/// periods and penalties, listing limits, review, moderation, credit score, fraud and event
/// settings, each category's flags, holidays, rounding) that differs from the version in force,
/// as the service reads them, defaults included.
///
/// Helper 129: `rules diff` of a file that deleted `organizer_daily_grant_cap` (500 by default
/// instead of 300) and `donation_points_per_yuan` (ten times more) said "unchanged 4": the report
/// only valued listings, and the group reviewing it was told nothing changes.
public enum RulePolicyDiff {
    /// The changed values, by key, in key order; a key only one side has reads nil on the other.
    /// `needsAdmin` marks the ledger raises an organizer may not put in force
    /// (`LedgerPolicy.raises`).
    ///
    /// With `valuationBefore` / `valuationAfter` (`ValuationSourceValues`), the pricing section's
    /// values as written are compared too (`valuation.base.item.rate`): listings none of which a
    /// change touched show no price moving, and the group must still see it (helper 160 #3).
    public static func changes(
        current: RuleSet, candidate: RuleSet, valuationBefore: [String: String] = [:], valuationAfter: [String: String] = [:]
    ) -> [RuleSetDiffReport.PolicyChange] {
        let before = values(current).merging(valuationBefore) { policy, _ in policy }
        let after = values(candidate).merging(valuationAfter) { policy, _ in policy }
        let raised = Set(candidate.ledger.raises(over: current.ledger))
        return Set(before.keys).union(after.keys).sorted().compactMap { key in
            guard before[key] != after[key] else { return nil }
            return RuleSetDiffReport.PolicyChange(key: key, before: before[key], after: after[key], needsAdmin: raised.contains(key))
        }
    }

    /// Every policy value of `rules` by dotted key (`ledger.organizer_daily_grant_cap`,
    /// `categories.elder_care.needs_verified_provider`, `holidays`). Where a value sits in the
    /// file (`location`) is not a value: moving a line changes nothing.
    static func values(_ rules: RuleSet) -> [String: String] {
        var flat: [String: String] = ["rounding": rules.rounding.rawValue, "scarcity_window_days": String(rules.scarcityWindowDays)]
        flat["holidays"] = rules.holidays.map(\.description).sorted().joined(separator: ", ")
        // The zone every time slot, holiday and start is read in (helper 179 #4: a file moved to
        // UTC paid "night" in the Beijing afternoon, and the diff said "unchanged").
        flat["timezone"] = rules.header.timezone
        let sections: [(String, any Encodable)] = [
            ("listing", rules.listing), ("review", rules.review), ("ledger", rules.ledger), ("exchange", rules.exchange),
            ("moderation", rules.moderation), ("credit_score", rules.creditScore), ("fraud", rules.fraud), ("events", rules.events),
        ]
        for (name, policy) in sections { flatten(json(policy), prefix: name, into: &flat) }
        for category in rules.categories {
            flatten(json(category), prefix: "categories.\(category.id)", into: &flat)
            // The kinds by name, not the bit set they are kept in (helper 130: "1 → 5").
            flat["categories.\(category.id).kinds"] = category.kinds.kinds.map(\.rawValue).joined(separator: ", ")
        }
        // Their order is what the category list shows.
        flat["categories"] = rules.categories.map(\.id).joined(separator: ", ")
        return flat
    }

    /// An encoded policy read back as plain values, in key order.
    private indirect enum Plain: Decodable {
        case object([String: Plain]), array([Plain]), text(String), flag(Bool), number(String), none

        init(from decoder: any Decoder) throws {
            let single = try decoder.singleValueContainer()
            if single.decodeNil() { self = .none }
            else if let flag = try? single.decode(Bool.self) { self = .flag(flag) }
            else if let whole = try? single.decode(Int.self) { self = .number(String(whole)) }
            else if let number = try? single.decode(Decimal.self) { self = .number("\(number)") }
            else if let text = try? single.decode(String.self) { self = .text(text) }
            else if let array = try? single.decode([Plain].self) { self = .array(array) }
            else { self = .object(try single.decode([String: Plain].self)) }
        }

        /// The `id` field of an entry.
        var id: String? {
            if case .object(let fields) = self, case .text(let id)? = fields["id"] { return id }
            return nil
        }

        var isScalar: Bool {
            switch self {
            case .object, .array: false
            default: true
            }
        }

        /// Without its place in the file.
        var stripped: Plain {
            switch self {
            case .object(let fields): .object(fields.filter { $0.key != "location" }.mapValues(\.stripped))
            case .array(let items): .array(items.map(\.stripped))
            default: self
            }
        }

        var text: String {
            switch self {
            case .object(let fields): "{" + fields.keys.sorted().map { "\($0): \(fields[$0]!.text)" }.joined(separator: ", ") + "}"
            case .array(let items): "[" + items.map(\.text).joined(separator: ", ") + "]"
            case .text(let text): text
            case .flag(let flag): flag ? "true" : "false"
            case .number(let number): number
            case .none: "null"
            }
        }
    }

    private static func json(_ value: any Encodable) -> Plain? {
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        guard let data = try? encoder.encode(value) else { return nil }
        return try? JSONDecoder().decode(Plain.self, from: data)
    }

    private static func flatten(_ value: Plain?, prefix: String, into flat: inout [String: String]) {
        switch value {
        case .object(let fields)?:
            for (key, child) in fields where key != "location" { flatten(child, prefix: "\(prefix).\(key)", into: &flat) }
        case .array(let items)? where items.isEmpty:
            // No entries is no value (helper 132: rewards added read "" → nothing).
            break
        case .array(let items)? where items.allSatisfy({ $0.id != nil }):
            // Entries with an id (ledger rewards) are a mapping in the file: each by its id, so a
            // raise of one reward shows as that (helper 130: the whole list as one text, and
            // reordering it read as a change).
            for item in items { flatten(item, prefix: "\(prefix).\(item.id ?? "")", into: &flat) }
        case .array(let items)? where items.allSatisfy(\.isScalar):
            // A list of words (hotwords) is a set: its order is no change.
            flat[prefix] = items.map(\.text).sorted().joined(separator: ", ")
        case .array(let items)?:
            // A list of entries reads as one value: its order and members are the setting (credit levels).
            flat[prefix] = items.map(\.stripped.text).joined(separator: "; ")
        case let plain?:
            flat[prefix] = plain.text
        case nil:
            break
        }
    }
}
