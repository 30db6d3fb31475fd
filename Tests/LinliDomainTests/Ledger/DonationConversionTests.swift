import LinliDomain
import Testing

/// A donation's points are ⌊value in yuan × the rule file's `donation_points_per_yuan`⌋, exactly;
/// the organizer may state the points shown to them, which must then be that conversion.
@Suite struct DonationConversionTests {
    static func limits(rateUnits: Int64) -> LedgerLimits {
        var limits = LedgerLimits.standard
        limits.donationPointsPerYuanUnits = rateUnits
        return limits
    }

    @Test(arguments: [
        // value, points per yuan (1/10,000), points
        ("250", Int64(1_000), 25),  // default rules: 0.10 point per yuan
        ("259.99", 1_000, 25),  // 25.999 → 25, never rounded up
        ("0.5", 20_000, 1),  // 0.5 yuan × 2 = exactly 1
        ("100", 10_000, 100),
        ("1000000", 1_000, 100_000),  // exactly the largest transfer
        ("12.3", 3_333, 4),  // 12.30 × 0.3333 = 4.09959
    ])
    func convertsExactly(value: String, rateUnits: Int64, points: Int) throws {
        let input = DonationInput(donor: "幸福超市", valueYuan: value, reason: "商户捐赠")
        if points <= LedgerLimits.standard.donationConfirmAbovePoints {
            #expect(try input.validatedPoints(limits: Self.limits(rateUnits: rateUnits)) == points)
        }
        let stated = DonationInput(donor: "幸福超市", valueYuan: value, points: points, reason: "商户捐赠")
        #expect(try stated.validatedPoints(limits: Self.limits(rateUnits: rateUnits)) == points)
    }

    @Test(arguments: [
        (String?.none, Int?.none, FieldIssue("/value_yuan", .required)),
        ("9", nil, FieldIssue("/value_yuan", .outOfRange, ["reason": "donation.below_one_point", "min_points": "1", "points_per_yuan": "0.1"])),  // 0.9 point
        ("1000010", nil, FieldIssue("/value_yuan", .outOfRange, ["reason": "donation.above_max", "max_points": "100000"])),
        ("250", 26, FieldIssue("/points", .invalidValue, ["allowed": "25", "reason": "donation.points_mismatch", "value_yuan": "250", "points_per_yuan": "0.1"])),
        // Well formed but above a billion yuan: said so (session 27 review: it was "not an amount").
        ("2000000000", nil, FieldIssue("/value_yuan", .outOfRange, ["reason": "donation.yuan_too_large", "max_yuan": "1000000000"])),
        ("1000000000.01", nil, FieldIssue("/value_yuan", .outOfRange, ["reason": "donation.yuan_too_large", "max_yuan": "1000000000"])),
    ])
    func refuses(value: String?, points: Int?, issue: FieldIssue) {
        let input = DonationInput(donor: "幸福超市", valueYuan: value, points: points, reason: "商户捐赠")
        #expect(throws: DomainError.validation([issue])) { try input.validatedPoints(limits: Self.limits(rateUnits: 1_000)) }
    }

    @Test(arguments: ["", "-5", "+5", "1e3", "1,000", "12.345", ".5", "5.", "０５", "0", "0.00", "12 ", "12345678901234"])
    func refusesWhatIsNotAnAmountOfYuan(value: String) {
        let input = DonationInput(donor: "幸福超市", valueYuan: value, reason: "商户捐赠")
        #expect(throws: DomainError.validation([
            FieldIssue("/value_yuan", .invalidFormat, ["reason": "donation.yuan_format"])
        ])) { try input.validatedPoints(limits: Self.limits(rateUnits: 1_000)) }
    }

    @Test func theRateIsShownAsTheRuleFileWritesIt() {
        #expect(DonationInput.rateText(Self.limits(rateUnits: 1_000)) == "0.1")
        #expect(DonationInput.rateText(Self.limits(rateUnits: 10_000)) == "1")
        #expect(DonationInput.rateText(Self.limits(rateUnits: 12_345)) == "1.2345")
    }

    /// Helper 125: 1,000,001 yuan typed for 1,000 went into the pool as 100,000 points with no
    /// second look. Above `donation_confirm_above_points` (1,000 unless the rule file says) the
    /// points must be stated, and the refusal names them.
    @Test(arguments: [(1_000, true), (1_001, false), (5_000, false)])
    func aLargeConversionIsConfirmedByStatingItsPoints(points: Int, withoutStating: Bool) throws {
        let limits = Self.limits(rateUnits: 10_000)  // one point per yuan
        let bare = DonationInput(donor: "幸福超市", valueYuan: String(points), reason: "商户捐赠")
        if withoutStating {
            #expect(try bare.validatedPoints(limits: limits) == points)
        } else {
            let refused = try #require(throws: DomainError.self) { try bare.validatedPoints(limits: limits) }
            #expect(refused.fieldIssues == [FieldIssue("/points", .required, [
                "reason": "donation.confirm_points", "points": String(points), "above": "1000",
            ])])
        }
        let stated = DonationInput(donor: "幸福超市", valueYuan: String(points), points: points, reason: "商户捐赠")
        #expect(try stated.validatedPoints(limits: limits) == points)
        var lenient = limits
        lenient.donationConfirmAbovePoints = 100_000
        #expect(try bare.validatedPoints(limits: lenient) == points)
    }
}
