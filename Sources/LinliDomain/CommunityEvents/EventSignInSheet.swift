import Foundation

/// An event's registrations as a sheet to print for the door (`GET /v1/events/{id}/registrations
/// ?format=csv`): seated people first, then the waiting line in order, each with an empty column
/// for a signature. Station staff at swap markets work from paper when the phone signal in the
/// square is poor, and many elderly residents sign by hand.
///
/// Headers and states are in the reader's language; times are the community's local time.
public enum EventSignInSheet {
    public struct Row: Sendable, Equatable {
        public let name: String
        public let state: EventRegistration.State
        public let waitingPosition: Int?
        public let household: String?
        public let registeredAt: Date
        public let checkedInAt: Date?
        /// False when the member is suspended or banned now: the door will refuse them
        /// (`event.member_inactive`), so the sheet says so instead of listing them as seated.
        public let memberActive: Bool

        public init(
            name: String, state: EventRegistration.State, waitingPosition: Int?, household: String?, registeredAt: Date, checkedInAt: Date?,
            memberActive: Bool = true
        ) {
            self.name = name
            self.state = state
            self.waitingPosition = waitingPosition
            self.household = household
            self.registeredAt = registeredAt
            self.checkedInAt = checkedInAt
            self.memberActive = memberActive
        }
    }

    /// The most rows one sheet holds: every seat of the largest event and as long a line again.
    public static let maxRows = 2 * CommunityEventLimits.capacity.upperBound

    public static func header(_ language: Language) -> [String] {
        switch language {
        case .zhCN: ["序号", "姓名", "状态", "候补顺序", "户", "报名时间", "签到时间", "签名"]
        case .en: ["no", "name", "state", "waiting_position", "household", "registered_at", "checked_in_at", "signature"]
        }
    }

    /// The sheet. `omitted` is how many registrations did not fit (`maxRows`): the last line
    /// says so, so that nobody at the door takes a cut sheet for the whole line.
    /// `cancellation`: the reason when the event was cancelled. The sheet is still what staff
    /// call people from, but it says so first and on every seat (helper 114: a cancelled event's
    /// sheet listed everyone as registered, with no hint).
    public static func render(
        _ rows: [Row], omitted: Int = 0, language: Language, timeZoneID: String, cancellation: String? = nil
    ) -> String {
        var out = SpreadsheetCSV.byteOrderMark + SpreadsheetCSV.line(header(language))
        if let cancellation {
            let note = language == .zhCN
                ? "本活动已取消，以下报名均不再有效" + (cancellation.isEmpty ? "" : "。原因：") + cancellation
                : "This event was cancelled; none of these registrations stands" + (cancellation.isEmpty ? "" : ". Reason: ") + cancellation
            out += SpreadsheetCSV.line(["", SpreadsheetCSV.text(note), "", "", "", "", "", ""])
        }
        for (index, row) in rows.enumerated() {
            var state = stateName(row.state, language)
            if cancellation != nil, row.state == .registered || row.state == .waitlisted {
                state += language == .zhCN ? "（活动已取消）" : " (event cancelled)"
            } else if !row.memberActive, row.state == .registered || row.state == .waitlisted {
                state += language == .zhCN ? "（账号停用，不能签到）" : " (account not active: cannot check in)"
            }
            out += SpreadsheetCSV.line([
                String(index + 1), SpreadsheetCSV.text(row.name), state, row.waitingPosition.map(String.init) ?? "",
                SpreadsheetCSV.text(row.household), EventLocalTime.text(row.registeredAt, timeZoneID: timeZoneID),
                row.checkedInAt.map { EventLocalTime.text($0, timeZoneID: timeZoneID) } ?? "", "",
            ])
        }
        if omitted > 0 {
            let note = language == .zhCN
                ? "另有 \(omitted) 人在候补中，本表未列出，请在系统中查看"
                : "\(omitted) more in the waiting line are not on this sheet; see the service"
            out += SpreadsheetCSV.line(["", note, "", "", "", "", "", ""])
        }
        return out
    }

    static func stateName(_ state: EventRegistration.State, _ language: Language) -> String {
        switch (state, language) {
        case (.registered, .zhCN): "已报名"
        case (.waitlisted, .zhCN): "候补"
        case (.checkedIn, .zhCN): "已签到"
        case (.cancelled, .zhCN): "已取消"
        // Words, as the zh sheet has (session 32 walk: the en sheet printed `checked_in`).
        case (_, .en): ErrorTerms.registrationStates[state.rawValue]?.en ?? state.rawValue
        }
    }
}
