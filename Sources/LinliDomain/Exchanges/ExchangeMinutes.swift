/// Whose word settles the duration of a time exchange.
///
/// Fewer minutes pay the provider less (when the rule file recomputes from actual hours) and
/// always count fewer hours served. What both sides agreed is the booking: the scheduled window,
/// and no more than the listing's duration (what the hold was valued on). Below that, only the
/// provider's own word counts: the provider reports the minutes they worked
/// (`POST /v1/exchanges/{id}/report-minutes`). So an exchange settles, without the payer's word,
/// on the least of the window, the listed duration and the provider's report (`automatic`), and the
/// payer's confirmation may not go below that either (`checkConfirmation`): confirming is never
/// worse for the provider than staying silent, nor for the payer. A payer who disagrees opens a
/// dispute and a moderator decides. More minutes are the payer's to give, up to four times the
/// booking (`ceiling`, which bounds the provider's report too); a provider's longer report raises
/// nothing by itself.
///
/// Before this rule the payer alone stated the minutes: confirming 1 minute of a 60-minute
/// service paid 1 minute, and the completed exchange left the provider no recourse.
public enum ExchangeMinutes {
    /// The minutes an exchange settles on without the payer's word (automatic confirmation, a
    /// dispute resolved by payment, an overturned no-show), and the fewest the payer may confirm:
    /// the least of the scheduled window, the listed duration (so a long or backdated window
    /// cannot inflate the hours served) and the provider's report.
    public static func automatic(reported: Int?, scheduled: Int, listed: Int) -> Int {
        min(reported ?? .max, scheduled, listed)
    }

    /// How long a service may have run by either side's word: four times the booking (the least
    /// of the window and the listed duration). A clinic visit booked for an hour may take the
    /// morning; not a month (session 30 walk: 44,640 minutes confirmed for a one-hour booking
    /// counted a month of hours served and received; the review: a provider's report of a month,
    /// confirmed, did the same).
    public static func ceiling(scheduled: Int, listed: Int) -> Int {
        min(scheduled, listed) * overrunFactor
    }

    /// 422 at `pointer` (reason `exchange.minutes_above_booking`, with `max`) above `ceiling`.
    public static func checkWithinCeiling(_ minutes: Int, at pointer: String, scheduled: Int, listed: Int) throws(DomainError) {
        let most = ceiling(scheduled: scheduled, listed: listed)
        guard minutes > most else { return }
        throw DomainError.validation([FieldIssue(pointer, .outOfRange, ["reason": "exchange.minutes_above_booking", "max": String(most)])])
    }

    /// Times the booking a service may run long (`ceiling`).
    public static let overrunFactor = 4

    /// Refuses a confirmation above `ceiling` (422 at `/actual_minutes`, reason
    /// `exchange.minutes_above_booking`, with the most) or below `automatic` with 409 `exchange.minutes_below_agreed`, naming
    /// both figures and whose word the floor is (`provider`: their report; `agreement`: the
    /// booking and the listing).
    public static func checkConfirmation(actual: Int, reported: Int?, scheduled: Int, listed: Int) throws(DomainError) {
        let agreed = min(scheduled, listed)
        try checkWithinCeiling(actual, at: "/actual_minutes", scheduled: scheduled, listed: listed)
        let floor = automatic(reported: reported, scheduled: scheduled, listed: listed)
        guard actual < floor else { return }
        throw DomainError(
            code: "exchange.minutes_below_agreed", category: .conflict,
            parameters: [
                "actual_minutes": String(actual), "agreed_minutes": String(floor),
                "agreed_by": floor < agreed ? "provider" : "agreement",
            ])
    }
}
