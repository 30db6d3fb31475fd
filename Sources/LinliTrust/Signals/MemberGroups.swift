import LinliDomain

/// Union–find over small integer ids: used to group reporters into independent groups, a member's
/// counterparties into independent ones, and ratings into rings.
struct MemberGroups {
    private var parent: [Int]

    init(count: Int) { parent = Array(0..<count) }

    mutating func root(_ x: Int) -> Int {
        var x = x
        while parent[x] != x {
            parent[x] = parent[parent[x]]
            x = parent[x]
        }
        return x
    }

    mutating func join(_ x: Int, _ y: Int) {
        let rx = root(x), ry = root(y)
        if rx != ry { parent[max(rx, ry)] = min(rx, ry) }
    }

    /// The group of each of `members` (an index into `members`, the same for all of one group) when
    /// one household or one shared device/IP fingerprint joins them, transitively: one family, or
    /// one person's several accounts on one phone, is one group. An unknown member (nil) is a group
    /// of its own.
    static func related(_ members: [TrustMember?]) -> [Int] {
        var groups = MemberGroups(count: members.count)
        var byHousehold: [HouseholdID: Int] = [:]
        var byFingerprint: [String: Int] = [:]
        for (index, member) in members.enumerated() {
            guard let member else { continue }
            if let household = member.householdID {
                if let other = byHousehold[household] { groups.join(index, other) } else { byHousehold[household] = index }
            }
            for print in member.fingerprints {
                if let other = byFingerprint[print] { groups.join(index, other) } else { byFingerprint[print] = index }
            }
        }
        return members.indices.map { groups.root($0) }
    }
}
