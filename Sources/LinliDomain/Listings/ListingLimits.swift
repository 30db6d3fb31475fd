/// Bounds on listing fields (DESIGN rule 6). Text lengths are in characters.
public enum ListingLimits {
    public static let titleMin = 2
    public static let title = 60
    public static let description = 2000
    public static let area = 40
    public static let place = 80
    public static let skillName = 40
    public static let evidenceRef = 200
    public static let maxPhotos = 9
    public static let quantity = 1...99
    public static let ageMonths = 0...600
    /// Per session; help longer than a working day is several sessions.
    public static let durationMinutes = 15...480
    public static let durationStep = 15
    public static let maxSlots = 14
    /// Declared replacement cost, yuan: at most 7 integer digits, 2 decimals.
    public static let maxDeclaredCost = 1_000_000
    public static let earliestPurchaseYear = 1950
    /// A one-off time slot may not be booked further ahead than this.
    public static let maxDaysAhead = 366
    /// Moderator messages and reasons.
    public static let message = 1000
}
