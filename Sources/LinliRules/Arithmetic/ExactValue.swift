/// A non-negative exact rational `numerator / denominator` in 128-bit integers: the running value
/// of the valuation pipeline.
///
/// Every step multiplies by an exact factor, so no intermediate rounding ever happens; the single
/// rounding is `rounded(_:)` at the end. Factors are reduced fractions prepared at compile time
/// (`0.85` → 17/20), which keeps the denominator small. If a product would still overflow, both
/// sides are first reduced by their greatest common divisor; only a value whose exact fraction does
/// not fit 128 bits after reduction is reported as out of range.
struct ExactValue: Sendable, Hashable {
    private(set) var numerator: Int128
    private(set) var denominator: Int128

    init(numerator: Int128, denominator: Int128) {
        self.numerator = numerator
        self.denominator = denominator
    }

    init(_ decimal: RuleDecimal) {
        self.init(numerator: Int128(decimal.units), denominator: Int128(RuleDecimal.scale))
    }

    static let zero = ExactValue(numerator: 0, denominator: 1)

    /// Multiplies by `factor` exactly; returns false (leaving the value unchanged) on overflow.
    @inline(__always)
    mutating func multiply(by factor: Fraction) -> Bool {
        multiply(numerator: Int128(factor.numerator), denominator: Int128(factor.denominator))
    }

    /// Multiplies by `num / den` exactly; returns false on overflow after a gcd reduction.
    @inline(__always)
    mutating func multiply(numerator num: Int128, denominator den: Int128) -> Bool {
        let (n, o1) = numerator.multipliedReportingOverflow(by: num)
        let (d, o2) = denominator.multipliedReportingOverflow(by: den)
        if !o1 && !o2 {
            numerator = n
            denominator = d
            return true
        }
        return multiplySlowly(numerator: num, denominator: den)
    }

    private mutating func multiplySlowly(numerator num: Int128, denominator den: Int128) -> Bool {
        let g1 = Self.gcd(numerator, den)
        let g2 = Self.gcd(num, denominator)
        let a = numerator / g1, b = den / g1, c = num / g2, e = denominator / g2
        let (n, o1) = a.multipliedReportingOverflow(by: c)
        let (d, o2) = e.multipliedReportingOverflow(by: b)
        guard !o1, !o2 else { return false }
        let g = Self.gcd(n, d)
        numerator = n / g
        denominator = d / g
        return true
    }

    static func gcd(_ a: Int128, _ b: Int128) -> Int128 {
        var x = a.magnitude, y = b.magnitude
        while y != 0 { (x, y) = (y, x % y) }
        return x == 0 ? 1 : Int128(x)
    }

    /// Compares with a decimal without division.
    @inline(__always)
    func compare(to decimal: RuleDecimal) -> Int {
        let lhs = numerator.multipliedFullWidth(by: Int128(RuleDecimal.scale))
        let rhs = Int128(decimal.units).multipliedFullWidth(by: denominator)
        if lhs.high != rhs.high { return lhs.high < rhs.high ? -1 : 1 }
        if lhs.low != rhs.low { return lhs.low < rhs.low ? -1 : 1 }
        return 0
    }

    /// Compares with `other` exactly (cross-multiplied in 256 bits).
    func compare(to other: ExactValue) -> Int {
        let lhs = numerator.multipliedFullWidth(by: other.denominator)
        let rhs = other.numerator.multipliedFullWidth(by: denominator)
        if lhs.high != rhs.high { return lhs.high < rhs.high ? -1 : 1 }
        if lhs.low != rhs.low { return lhs.low < rhs.low ? -1 : 1 }
        return 0
    }

    /// The most points the pipeline carries: a trillion, far beyond any real valuation (a whole
    /// community's points are millions) and small enough that every later step — rounding to
    /// `Int`, `RuleDecimal(integer:)` of the points, the four-decimal display — stays inside 64
    /// bits. A value above it is `valuation.out_of_range`, never an overflow trap: an accepted rule
    /// file (factors up to 100, no cap) with a large lot reached 10^17 and took the process down.
    static let pipelineLimit = RuleDecimal(integer: 1_000_000_000_000)

    /// Whether the value is above `pipelineLimit`.
    var exceedsPipelineLimit: Bool { compare(to: Self.pipelineLimit) > 0 }

    /// The single rounding of the pipeline (the value is within `pipelineLimit`, so it fits `Int`).
    @inline(__always)
    func rounded(_ mode: RoundingMode) -> Int {
        Int(roundedQuotient(mode))
    }

    /// The rounded quotient in 128 bits (it cannot overflow: the numerator does not).
    @inline(__always)
    private func roundedQuotient(_ mode: RoundingMode) -> Int128 {
        let (q, r) = numerator.quotientAndRemainder(dividingBy: denominator)
        if r == 0 { return q }
        let twice = r * 2
        switch mode {
        case .down: return q
        case .up: return q + 1
        case .halfUp: return twice >= denominator ? q + 1 : q
        case .halfEven:
            if twice > denominator { return q + 1 }
            if twice < denominator { return q }
            return q & 1 == 0 ? q : q + 1
        }
    }

    /// The value to four decimal places (half-even), for display in breakdowns and warnings
    /// only. A value beyond what a `RuleDecimal` holds (only the rule checker's worst-case
    /// products of absurd files get there) shows as the largest one instead of trapping.
    var displayDecimal: RuleDecimal {
        var scaled = self
        guard scaled.multiply(numerator: Int128(RuleDecimal.scale), denominator: 1) else { return RuleDecimal(units: .max) }
        let units = scaled.roundedQuotient(.halfEven)
        return units > Int128(Int64.max) ? RuleDecimal(units: .max) : RuleDecimal(units: Int64(units))
    }

    /// The value to four decimal places such that rounding it by `mode` gives the points that
    /// rounding the exact value gives: what a breakdown shows a resident, who checks the last
    /// step by rounding the figure she reads (helper 115: 10.5000075 showed as 10.50 and was
    /// awarded 11 under half-even; 10.00001 showed as 10.00 and was rounded up to 11). Usually
    /// that is `displayDecimal`; next to a rounding boundary it is the four-place neighbour on the
    /// exact value's side (10.5001, 10.0001), still within 0.0001 of it.
    func displayDecimal(roundingLike mode: RoundingMode) -> RuleDecimal {
        let nearest = displayDecimal
        guard !exceedsPipelineLimit else { return nearest }
        let points = rounded(mode)
        if ExactValue(nearest).rounded(mode) == points { return nearest }
        var scaled = self
        guard scaled.multiply(numerator: Int128(RuleDecimal.scale), denominator: 1) else { return nearest }
        // The exact value lies between these two, and no rounding boundary separates it from both.
        for neighbour in [scaled.roundedQuotient(.down), scaled.roundedQuotient(.up)] {
            let candidate = RuleDecimal(units: Int64(neighbour))
            if ExactValue(candidate).rounded(mode) == points { return candidate }
        }
        return nearest
    }
}

/// A reduced fraction prepared at compile time for one factor of the pipeline.
struct Fraction: Sendable, Hashable {
    let numerator: Int64
    let denominator: Int64

    init(_ decimal: RuleDecimal) {
        let g = Self.gcd(decimal.units, RuleDecimal.scale)
        numerator = decimal.units / g
        denominator = RuleDecimal.scale / g
    }

    init(numerator: Int64, denominator: Int64) {
        let g = Self.gcd(numerator, denominator)
        self.numerator = numerator / g
        self.denominator = denominator / g
    }

    static let one = Fraction(numerator: 1, denominator: 1)

    static func gcd(_ a: Int64, _ b: Int64) -> Int64 {
        var x = a.magnitude, y = b.magnitude
        while y != 0 { (x, y) = (y, x % y) }
        return x == 0 ? 1 : Int64(x)
    }
}
