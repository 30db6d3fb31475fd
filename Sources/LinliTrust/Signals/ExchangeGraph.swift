import Foundation
import LinliDomain

/// The exchange graph in dense form: members are node numbers, exchanges are edge numbers, and every
/// node keeps its outgoing and incoming edges sorted by time.
///
/// Why this shape: the incremental path must answer "which exchanges did X make in the last N days"
/// in a few hundred nanoseconds with a million past exchanges. Sorted per-node edge lists give that
/// with one binary search, and plain arrays keep a million edges in tens of megabytes.
public struct ExchangeGraph: Sendable {
    private(set) var nodeOf: [MemberID: Int] = [:]
    private(set) var memberIDs: [MemberID] = []
    /// Per node: interned household (-1 when none), interned fingerprints, account creation (seconds).
    private(set) var household: [Int] = []
    private(set) var fingerprints: [[Int]] = []
    private(set) var createdAt: [Int64] = []
    private var householdNumbers: [HouseholdID: Int] = [:]
    private var fingerprintNumbers: [String: Int] = [:]

    private(set) var from: [Int] = []
    private(set) var to: [Int] = []
    private(set) var time: [Int64] = []
    private(set) var points: [Int] = []
    private(set) var exchangeIDs: [String] = []
    private(set) var outgoing: [[Int]] = []
    private(set) var incoming: [[Int]] = []

    public init(members: [TrustMember] = []) {
        for member in members { upsert(member) }
    }

    public var edgeCount: Int { from.count }
    public var nodeCount: Int { memberIDs.count }

    /// Adds or updates what the graph knows about a member (household, fingerprints, age).
    public mutating func upsert(_ member: TrustMember) {
        let node = node(for: member.id)
        if let id = member.householdID {
            let next = householdNumbers.count
            household[node] = householdNumbers[id] ?? { householdNumbers[id] = next; return next }()
        } else {
            household[node] = -1
        }
        fingerprints[node] = member.fingerprints.sorted().map { print in
            let next = fingerprintNumbers.count
            return fingerprintNumbers[print] ?? { fingerprintNumbers[print] = next; return next }()
        }.sorted()
        createdAt[node] = Self.seconds(member.createdAt)
    }

    /// Adds an exchange and returns its edge number. Exchanges normally arrive in time order (an
    /// append); an older one is inserted at its place in the two edge lists it belongs to.
    @discardableResult
    public mutating func add(_ exchange: TrustExchange) -> Int {
        let edge = from.count
        let a = node(for: exchange.payer), b = node(for: exchange.provider)
        from.append(a)
        to.append(b)
        time.append(Self.seconds(exchange.at))
        points.append(exchange.points)
        exchangeIDs.append(exchange.id)
        // Position first, then mutate: passing `&outgoing[a]` to a method of `self` would copy the
        // whole array of lists on every add (overlapping access), making a load quadratic.
        let out = insertionPoint(of: edge, in: outgoing[a])
        outgoing[a].insert(edge, at: out)
        let inc = insertionPoint(of: edge, in: incoming[b])
        incoming[b].insert(edge, at: inc)
        return edge
    }

    /// The node of a member, created (with no household, fingerprints or age) when unknown.
    mutating func node(for member: MemberID) -> Int {
        if let node = nodeOf[member] { return node }
        let node = memberIDs.count
        nodeOf[member] = node
        memberIDs.append(member)
        household.append(-1)
        fingerprints.append([])
        createdAt.append(Int64.min)
        outgoing.append([])
        incoming.append([])
        return node
    }

    /// Whether edge `x` comes before edge `y`: earlier time, or the same time and added earlier.
    @inline(__always)
    func precedes(_ x: Int, _ y: Int) -> Bool {
        time[x] < time[y] || (time[x] == time[y] && x < y)
    }

    /// The positions in `list` of the edges at or after `start` seconds and before edge `edge`.
    @inline(__always)
    func window(_ list: [Int], from start: Int64, before edge: Int) -> Range<Int> {
        var low = 0, high = list.count
        while low < high {
            let mid = (low + high) / 2
            if time[list[mid]] < start { low = mid + 1 } else { high = mid }
        }
        let first = low
        var end = list.count
        while low < end {
            let mid = (low + end) / 2
            if precedes(list[mid], edge) { low = mid + 1 } else { end = mid }
        }
        return first..<end
    }

    /// Where `edge` goes in a time-sorted list: normally the end.
    private func insertionPoint(of edge: Int, in list: [Int]) -> Int {
        var position = list.count
        while position > 0, precedes(edge, list[position - 1]) { position -= 1 }
        return position
    }

    static func seconds(_ date: Date) -> Int64 { Int64(date.timeIntervalSince1970.rounded(.down)) }
}
