import LinliDomain

/// Fixed, well-formed identifiers for pure ledger tests.
enum Fixture {
    static let alice = MemberID("mem_0000000000000000000000000A")!
    static let bob = MemberID("mem_0000000000000000000000000B")!
    static let carol = MemberID("mem_0000000000000000000000000C")!
    static let community = CommunityID("cmt_00000000000000000000000001")!
    static let hold = HoldID("hold_00000000000000000000000001")!
    static let transfer = TransferID("trf_00000000000000000000000001")!
}
