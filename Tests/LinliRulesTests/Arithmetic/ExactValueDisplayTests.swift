import Testing
@testable import LinliRules

/// Helper 115: a breakdown showed 10.50 and awarded 11 (the exact value was 10.5000075), and
/// showed 10.00 before "rounded up → 11". The value shown rounds, by the file's own mode, to the
/// points awarded; away from a boundary it is the nearest four-place value.
@Suite struct ExactValueDisplayTests {
    /// (numerator, denominator, mode, shown)
    @Test(arguments: [
        (105_000_075, 10_000_000, RoundingMode.halfEven, "10.5001"),
        (1_149_997, 100_000, .halfEven, "11.4999"),
        (1_149_997, 100_000, .halfUp, "11.4999"),
        (1_000_001, 100_000, .up, "10.0001"),
        (1_999_999, 100_000, .down, "19.9999"),
        (1_025, 100, .halfEven, "10.25"),
        (25, 10, .halfEven, "2.5"),
        (1, 3, .halfEven, "0.3333"),
        (1_049_999, 100_000, .down, "10.5"),  // nearest; rounds down to 10 like the exact value
        (0, 1, .up, "0"),
    ] as [(Int, Int, RoundingMode, String)])
    func shownValueRoundsLikeTheExactOne(numerator: Int, denominator: Int, mode: RoundingMode, shown: String) throws {
        let exact = ExactValue(numerator: Int128(numerator), denominator: Int128(denominator))
        let display = exact.displayDecimal(roundingLike: mode)
        #expect(display == RuleDecimal(parsing: shown))
        #expect(ExactValue(display).rounded(mode) == exact.rounded(mode))
    }

    /// Every mode, values around every boundary of a small range: the shown value always rounds like
    /// the exact one and is within a unit of the fourth place.
    @Test(arguments: RoundingMode.allCases)
    func nearBoundariesEverywhere(mode: RoundingMode) {
        for whole in 0..<20 {
            for offset in [-15, -10, -5, -1, 0, 1, 5, 10, 15] {
                // whole + 0.5 + offset / 10^6, and whole + offset / 10^6
                for base in [Int128(whole) * 2_000_000 + 1_000_000, Int128(whole) * 2_000_000] where base + Int128(offset) * 2 >= 0 {
                    let exact = ExactValue(numerator: base + Int128(offset) * 2, denominator: 2_000_000)
                    let display = exact.displayDecimal(roundingLike: mode)
                    #expect(ExactValue(display).rounded(mode) == exact.rounded(mode), "\(exact) \(mode)")
                    let units = ExactValue(numerator: (base + Int128(offset) * 2) * 10_000, denominator: 2_000_000)
                    #expect(abs(Int128(display.units) - Int128(units.rounded(.halfEven))) <= 1, "\(exact) \(mode)")
                }
            }
        }
    }
}
