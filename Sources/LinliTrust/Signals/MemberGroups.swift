/// Union–find over small integer ids: used to group reporters into independent groups and ratings
/// into rings.
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
}
