/// A small set of kinds, for steps and categories limited to some kinds.
public struct KindSet: OptionSet, Sendable, Hashable, Codable {
    public let rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }

    public static let item = KindSet(rawValue: 1)
    public static let time = KindSet(rawValue: 2)
    public static let skill = KindSet(rawValue: 4)
    public static let all: KindSet = [.item, .time, .skill]

    public init(_ kind: ListingKind) {
        switch kind {
        case .item: self = .item
        case .time: self = .time
        case .skill: self = .skill
        }
    }

    @inline(__always) public func contains(_ kind: ListingKind) -> Bool { contains(KindSet(kind)) }

    public var kinds: [ListingKind] { ListingKind.allCases.filter { contains($0) } }
}
