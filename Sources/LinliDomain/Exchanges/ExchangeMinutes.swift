/// Whose word settles the duration of a time exchange.
///
/// The points held at acceptance pay for the listing's duration. Fewer minutes pay the provider
/// less (when the rule file recomputes from actual hours) and always count fewer hours served, so
/// a shorter duration needs the provider's own word: the provider reports the minutes they
/// worked (`POST /v1/exchanges/{id}/report-minutes`), and the payer's confirmation may not go
/// below that report, or below the listing's duration when there is none. A payer who disagrees
/// opens a dispute and a moderator decides. Confirming more minutes is the payer's to give.
///
/// Before this rule the payer alone stated the minutes: confirming 1 minute of a 60-minute
/// service paid 1 minute, and the completed exchange left the provider no recourse.
public enum ExchangeMinutes {
    /// The fewest minutes the payer may confirm: the provider's report, else the listing's
    /// duration (what the hold was valued on).
    public static func agreed(reported: Int?, listed: Int) -> Int {
        reported ?? listed
    }

    /// Refuses a confirmation below `agreed(reported:listed:)` with 409
    /// `exchange.minutes_below_agreed`, naming both figures and whose word the floor is.
    public static func checkConfirmation(actual: Int, reported: Int?, listed: Int) throws(DomainError) {
        let floor = agreed(reported: reported, listed: listed)
        guard actual < floor else { return }
        throw DomainError(
            code: "exchange.minutes_below_agreed", category: .conflict,
            parameters: [
                "actual_minutes": String(actual), "agreed_minutes": String(floor),
                "agreed_by": reported == nil ? "listing" : "provider",
            ])
    }

    /// The minutes an exchange nobody confirmed settles on (automatic confirmation, a dispute
    /// resolved by payment, an overturned no-show): the scheduled window, but no more than the
    /// listing's duration (what the hold was valued on, so a long or backdated window cannot
    /// inflate the hours served), or the provider's report when that is shorter (their own word).
    /// A longer report is not paid without the payer's confirmation.
    public static func automatic(reported: Int?, scheduled: Int, listed: Int) -> Int {
        min(reported ?? .max, scheduled, listed)
    }
}
