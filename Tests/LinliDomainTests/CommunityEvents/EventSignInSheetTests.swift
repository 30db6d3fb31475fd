import Foundation
import LinliDomain
import Testing

/// The printed sheet for the door: language of the reader, local times, the waiting line after the
/// seats, and the spreadsheet rules every export follows (quoting, formula injection).
@Suite struct EventSignInSheetTests {
    static let at = Date(timeIntervalSince1970: 1_800_000_000)  // 2027-01-15 16:00 in Shanghai

    static let rows = [
        EventSignInSheet.Row(name: "王秀英", state: .checkedIn, waitingPosition: nil, household: "1号楼 2单元 101", registeredAt: at, checkedInAt: at.addingTimeInterval(1_800)),
        EventSignInSheet.Row(name: "=HYPERLINK(\"x\")", state: .registered, waitingPosition: nil, household: nil, registeredAt: at, checkedInAt: nil),
        EventSignInSheet.Row(name: "李建国", state: .waitlisted, waitingPosition: 1, household: "2号楼,302", registeredAt: at, checkedInAt: nil),
    ]

    @Test func chineseSheet() {
        let csv = EventSignInSheet.render(Self.rows, language: .zhCN, timeZoneID: "Asia/Shanghai")
        let lines = csv.dropFirst().components(separatedBy: "\r\n")
        #expect(csv.hasPrefix(SpreadsheetCSV.byteOrderMark))
        #expect(lines[0] == "序号,姓名,状态,候补顺序,户,报名时间,签到时间,签名")
        #expect(lines[1] == "1,王秀英,已签到,,1号楼 2单元 101,2027-01-15 16:00,2027-01-15 16:30,")
        #expect(lines[2] == #"2,"'=HYPERLINK(""x"")",已报名,,,2027-01-15 16:00,,"#, "a formula is shown, never run")
        #expect(lines[3] == #"3,李建国,候补,1,"2号楼,302",2027-01-15 16:00,,"#)
        #expect(lines.count == 5 && lines[4].isEmpty, "every line ends with CRLF")
    }

    /// Helper 114: a cancelled event's sheet listed everyone as registered, with no hint.
    @Test func aCancelledEventsSheetSaysSo() {
        let csv = EventSignInSheet.render(Self.rows, language: .zhCN, timeZoneID: "Asia/Shanghai", cancellation: "暴雨预警")
        let lines = csv.dropFirst().components(separatedBy: "\r\n")
        #expect(lines[1] == ",本活动已取消，以下报名均不再有效。原因：暴雨预警,,,,,,")
        #expect(lines[2].contains(",已签到,"), "what happened at the door stays as it was")
        #expect(lines[3].contains(",已报名（活动已取消）,") && lines[4].contains(",候补（活动已取消）,"))
        let english = EventSignInSheet.render(Array(Self.rows.suffix(1)), language: .en, timeZoneID: "UTC", cancellation: "")
        #expect(english.contains(",This event was cancelled; none of these registrations stands,"))
        #expect(english.contains(",waiting (event cancelled),") || english.contains(" (event cancelled),"))
    }

    @Test func englishSheetUsesStateWords() {
        let csv = EventSignInSheet.render(Array(Self.rows.prefix(1)), language: .en, timeZoneID: "UTC")
        #expect(csv.contains("no,name,state,waiting_position,household,registered_at,checked_in_at,signature\r\n"))
        #expect(csv.contains("1,王秀英,checked in,,1号楼 2单元 101,2027-01-15 08:00,2027-01-15 08:30,\r\n"))
    }

    /// A suspended or banned member keeps their registration but the door refuses them: the sheet
    /// says so next to the state, in the reader's language; a checked-in row is left as it is.
    @Test(arguments: [
        (EventRegistration.State.registered, Language.zhCN, "已报名（账号停用，不能签到）"),
        (.waitlisted, .zhCN, "候补（账号停用，不能签到）"),
        (.registered, .en, "registered (account not active: cannot check in)"),
        (.checkedIn, .zhCN, "已签到"),
    ])
    func aMemberWhoCannotBeCheckedInIsMarked(state: EventRegistration.State, language: Language, expected: String) {
        let row = EventSignInSheet.Row(
            name: "赵大妈", state: state, waitingPosition: state == .waitlisted ? 1 : nil, household: nil, registeredAt: Self.at,
            checkedInAt: state == .checkedIn ? Self.at : nil, memberActive: false)
        let line = EventSignInSheet.render([row], language: language, timeZoneID: "Asia/Shanghai").components(separatedBy: "\r\n")[1]
        #expect(line.split(separator: ",").map(String.init)[2] == expected, "\(line)")
    }

    /// A sheet cut at `maxRows` says how many in line it leaves out; a whole sheet says nothing more.
    @Test func aCutSheetSaysHowManyItLeavesOut() {
        let cut = EventSignInSheet.render(Self.rows, omitted: 12, language: .zhCN, timeZoneID: "Asia/Shanghai")
        let lines = cut.dropFirst().components(separatedBy: "\r\n")
        #expect(lines[4] == ",另有 12 人在候补中，本表未列出，请在系统中查看,,,,,,")
        #expect(lines.count == 6)
        let english = EventSignInSheet.render(Self.rows, omitted: 1, language: .en, timeZoneID: "UTC")
        #expect(english.contains(",1 more in the waiting line are not on this sheet; see the service,,,,,,\r\n"))
        let whole = EventSignInSheet.render(Self.rows, language: .zhCN, timeZoneID: "Asia/Shanghai")
        #expect(!whole.contains("另有"))
    }
}
