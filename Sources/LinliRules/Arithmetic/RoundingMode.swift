/// How the exact pipeline result becomes integer points. Applied exactly once, at the end.
public enum RoundingMode: String, Sendable, Codable, CaseIterable {
    /// Banker's rounding: ties go to the even neighbour, so ties do not drift upward across a
    /// community's many listings.
    case halfEven = "half_even"
    /// Ties away from zero (the school rule).
    case halfUp = "half_up"
    /// Toward zero.
    case down
    /// Away from zero.
    case up
}
