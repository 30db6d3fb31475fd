/// A business or institution donation converted into points in the donations pool.
///
/// The points come from the donation's value and the rule file's `donation_points_per_yuan`, not
/// from the organizer: the rate is the norm-revision group's decision, and the points are
/// issued into the community's shared pool. A client may send the `points` it showed the
/// organizer; they must then be exactly the conversion.
public struct DonationInput: Decodable, Sendable, Equatable {
    /// Who gave, e.g. 幸福超市.
    public var donor: String
    /// What the donation is worth, in yuan: `"250"` or `"250.50"` (at most two decimals, fen).
    public var valueYuan: String?
    /// The points the client expects; optional, checked against the conversion.
    public var points: Int?
    public var reason: String
    /// What was given, e.g. 20 箱矿泉水.
    public var memo: String?

    public enum CodingKeys: String, CodingKey, CaseIterable { case donor, valueYuan = "value_yuan", points, reason, memo }

    public init(donor: String, valueYuan: String?, points: Int? = nil, reason: String, memo: String? = nil) {
        self.donor = donor
        self.valueYuan = valueYuan
        self.points = points
        self.reason = reason
        self.memo = memo
    }

    /// Largest value accepted, in yuan (a billion; keeps the arithmetic far inside 64 bits).
    public static let maximumYuan: Int64 = 1_000_000_000

    /// Validates the input and returns the points to credit: ⌊value in yuan × rate⌋, rounded
    /// down so the pool never receives more than the rule file gives for the donation.
    public func validatedPoints(limits: LedgerLimits) throws(DomainError) -> Int {
        var check = FieldValidator()
        check.line(donor, at: "/donor", max: LedgerTextLimits.reference)
        check.text(reason, at: "/reason", max: LedgerTextLimits.reason)
        check.text(memo, at: "/memo", required: false, max: LedgerTextLimits.memo)
        var converted: Int?
        if let valueYuan {
            if let fen = Self.fen(valueYuan) {
                // fen × (points per yuan × 10,000) ÷ (100 fen × 10,000): exact, then floored
                // (at most 10¹¹ × 10⁷, well inside 64 bits, once the amount is within the maximum).
                let points = fen <= Self.maximumYuan * 100 ? fen * limits.donationPointsPerYuanUnits / 1_000_000 : 0
                if fen > Self.maximumYuan * 100 {
                    // Well formed, too large: said so, not "must be an amount in yuan" (session 27 review).
                    check.add(FieldIssue("/value_yuan", .outOfRange, ["reason": "donation.yuan_too_large", "max_yuan": String(Self.maximumYuan)]))
                } else if points < 1 {
                    check.add(FieldIssue("/value_yuan", .outOfRange, ["reason": "donation.below_one_point", "min_points": "1", "points_per_yuan": Self.rateText(limits)]))
                } else if points > Int64(limits.maxTransferAmount) {
                    check.add(FieldIssue("/value_yuan", .outOfRange, ["reason": "donation.above_max", "max_points": String(limits.maxTransferAmount)]))
                } else {
                    converted = Int(points)
                }
            } else {
                check.add(FieldIssue("/value_yuan", .invalidFormat, ["reason": "donation.yuan_format"]))
            }
        } else {
            check.add(FieldIssue("/value_yuan", .required))
        }
        if let points, let converted, points != converted {
            // Why that figure (helper 133: "invalid value, allowed: 10" left the organizer guessing).
            check.add(FieldIssue("/points", .invalidValue, [
                "allowed": String(converted), "reason": "donation.points_mismatch", "value_yuan": valueYuan ?? "",
                "points_per_yuan": Self.rateText(limits),
            ]))
        }
        // A large conversion is confirmed by stating its points: a slip of the keyboard in
        // `value_yuan` is caught before the pool holds it (helper 125).
        if points == nil, let converted, converted > limits.donationConfirmAbovePoints {
            check.add(FieldIssue("/points", .required, [
                "reason": "donation.confirm_points", "points": String(converted), "above": String(limits.donationConfirmAbovePoints),
            ]))
        }
        try check.finish()
        guard let converted else { throw DomainError.validation([FieldIssue("/value_yuan", .required)]) }
        return converted
    }

    /// `"250"`, `"250.5"`, `"250.50"` → 25,050 fen; nil for anything else (signs, exponents,
    /// separators, more than two decimals, zero, more than 13 digits). The caller compares it with
    /// `maximumYuan`, so a well-formed amount that is too large is told as such.
    public static func fen(_ text: String) -> Int64? {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count), let whole = parts.first, (1...13).contains(whole.count),
            whole.allSatisfy({ $0.isASCII && $0.isNumber }), let yuan = Int64(whole)
        else { return nil }
        var fen = yuan * 100
        if parts.count == 2 {
            let fraction = parts[1]
            guard (1...2).contains(fraction.count), fraction.allSatisfy({ $0.isASCII && $0.isNumber }), let digits = Int64(fraction) else {
                return nil
            }
            fen += fraction.count == 1 ? digits * 10 : digits
        }
        return fen > 0 ? fen : nil
    }

    /// The rate as the rule file writes it (`0.1`), for messages.
    public static func rateText(_ limits: LedgerLimits) -> String {
        let units = limits.donationPointsPerYuanUnits
        let whole = units / 10_000
        var fraction = String(units % 10_000)
        fraction = String(repeating: "0", count: 4 - fraction.count) + fraction
        while fraction.hasSuffix("0") { fraction.removeLast() }
        return fraction.isEmpty ? String(whole) : "\(whole).\(fraction)"
    }
}
