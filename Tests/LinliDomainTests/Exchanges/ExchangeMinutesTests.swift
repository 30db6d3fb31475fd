import LinliDomain
import Testing

/// Whose word settles a time exchange's minutes, as a table: without the payer's word an exchange
/// settles on the scheduled window, capped at the listed duration, or a shorter report of the
/// provider's, never a longer one; the payer may confirm that or more, never fewer.
@Suite struct ExchangeMinutesTests {
    struct Confirmation: Sendable, CustomTestStringConvertible {
        let actual: Int, reported: Int?, scheduled: Int, listed: Int
        /// nil: accepted; otherwise the floor named in the refusal and whose word it is.
        let refused: (agreed: Int, by: String)?
        var testDescription: String {
            "actual \(actual), reported \(reported.map(String.init) ?? "none"), window \(scheduled), listed \(listed)"
        }
    }

    static let confirmations: [Confirmation] = [
        Confirmation(actual: 60, reported: nil, scheduled: 60, listed: 60, refused: nil),
        Confirmation(actual: 90, reported: nil, scheduled: 60, listed: 60, refused: nil),  // the payer gives more
        Confirmation(actual: 59, reported: nil, scheduled: 60, listed: 60, refused: (60, "agreement")),
        Confirmation(actual: 1, reported: nil, scheduled: 60, listed: 60, refused: (60, "agreement")),
        // A one-hour booking of a two-hour listing: the hour is what was agreed, as silence would settle.
        Confirmation(actual: 60, reported: nil, scheduled: 60, listed: 120, refused: nil),
        Confirmation(actual: 59, reported: nil, scheduled: 60, listed: 120, refused: (60, "agreement")),
        // A long window: no more than listed.
        Confirmation(actual: 60, reported: nil, scheduled: 600, listed: 60, refused: nil),
        Confirmation(actual: 30, reported: 30, scheduled: 60, listed: 60, refused: nil),  // the provider said 30 themselves
        Confirmation(actual: 45, reported: 30, scheduled: 60, listed: 60, refused: nil),
        Confirmation(actual: 29, reported: 30, scheduled: 60, listed: 60, refused: (30, "provider")),
        // A longer report raises nothing by itself.
        Confirmation(actual: 60, reported: 90, scheduled: 60, listed: 60, refused: nil),
        Confirmation(actual: 59, reported: 90, scheduled: 60, listed: 60, refused: (60, "agreement")),
        Confirmation(actual: 59, reported: 60, scheduled: 60, listed: 60, refused: (60, "agreement")),
    ]

    @Test(arguments: confirmations)
    func confirmation(_ row: Confirmation) {
        let check = { try ExchangeMinutes.checkConfirmation(actual: row.actual, reported: row.reported, scheduled: row.scheduled, listed: row.listed) }
        if let refused = row.refused {
            let expected = DomainError(
                code: "exchange.minutes_below_agreed", category: .conflict,
                parameters: ["actual_minutes": String(row.actual), "agreed_minutes": String(refused.agreed), "agreed_by": refused.by])
            #expect(throws: expected) { try check() }
        } else {
            #expect(throws: Never.self) { try check() }
        }
        // The floor is what the exchange settles on without the payer's word.
        let floor = ExchangeMinutes.automatic(reported: row.reported, scheduled: row.scheduled, listed: row.listed)
        #expect((row.actual < floor) == (row.refused != nil))
    }

    /// Session 30 walk: more minutes are the payer's to give, up to four times the booking;
    /// 44,640 for a one-hour booking is refused at the field, whatever the provider reported.
    @Test(arguments: [
        (240, nil, 60, 60, true), (241, nil, 60, 60, false), (44_640, nil, 60, 60, false),
        (240, nil, 600, 60, true), (241, nil, 600, 60, false),  // a long window: four times the listed hour
        (120, nil, 30, 60, true), (121, nil, 30, 60, false),  // a half-hour booking of an hour's listing
        (240, 240, 60, 60, true), (241, 240, 60, 60, false),
    ] as [(Int, Int?, Int, Int, Bool)])
    func confirmationCeiling(actual: Int, reported: Int?, scheduled: Int, listed: Int, accepted: Bool) {
        let check = { try ExchangeMinutes.checkConfirmation(actual: actual, reported: reported, scheduled: scheduled, listed: listed) }
        if accepted {
            #expect(throws: Never.self) { try check() }
        } else {
            let most = String(min(scheduled, listed) * 4)
            #expect(throws: DomainError.validation([
                FieldIssue("/actual_minutes", .outOfRange, ["reason": "exchange.minutes_above_booking", "max": most])
            ])) { try check() }
        }
    }

    /// (reported, scheduled window, listed duration) → settled
    @Test(arguments: [
        (nil, 60, 60, 60), (30, 60, 60, 30), (60, 60, 60, 60), (90, 60, 60, 60), (1, 120, 120, 1),
        (nil, 30, 60, 30),  // a shorter window than listed
        (nil, 7_200, 60, 60),  // a long or backdated window: no more than listed
        (90, 120, 60, 60), (45, 7_200, 60, 45),
    ] as [(Int?, Int, Int, Int)])
    func automatic(reported: Int?, scheduled: Int, listed: Int, settled: Int) {
        #expect(ExchangeMinutes.automatic(reported: reported, scheduled: scheduled, listed: listed) == settled)
    }
}
