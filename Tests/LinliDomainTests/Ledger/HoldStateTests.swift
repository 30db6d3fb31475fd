import Testing
@testable import LinliDomain

@Suite("Hold state machine")
struct HoldStateTests {
    static let allowed: Set<String> = [
        "held→frozen", "held→released", "held→refunded", "frozen→held", "frozen→released", "frozen→refunded",
    ]

    @Test("exactly the documented transitions are allowed", arguments: HoldState.allCases)
    func transitions(from: HoldState) {
        for to in HoldState.allCases {
            #expect(from.canTransition(to: to) == Self.allowed.contains("\(from.rawValue)→\(to.rawValue)"), "\(from) → \(to)")
        }
    }

    @Test("released and refunded are final; held and frozen keep the points in escrow")
    func finality() {
        #expect(HoldState.allCases.filter(\.isOpen) == [.held, .frozen])
    }
}
