import LinliDomain

/// Well-formed, deterministic identifiers for synthetic data: the number in the entropy part, so
/// `mem` #7 of every generated community is the same id and tests can name it.
enum SyntheticIDs {
    static func body(_ number: Int) -> String {
        CrockfordBase32.encodeBody(milliseconds: 1_767_225_600_000, entropyHigh: 0, entropyLow: UInt64(number))
    }

    static func member(_ number: Int) -> MemberID { MemberID(trusted: "mem_" + body(number)) }
    static func household(_ number: Int) -> HouseholdID { HouseholdID(trusted: "hh_" + body(number)) }
    static func listing(_ number: Int) -> ListingID { ListingID(trusted: "lst_" + body(number)) }
}

/// SplitMix64: a tiny seeded generator so a synthetic community is the same for the same seed.
public struct SyntheticRandom: RandomNumberGenerator, Sendable {
    private var state: UInt64

    public init(seed: UInt64) { state = seed }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
