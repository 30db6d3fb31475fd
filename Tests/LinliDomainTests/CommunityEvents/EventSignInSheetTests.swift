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

    @Test func englishSheetUsesTheStateCodes() {
        let csv = EventSignInSheet.render(Array(Self.rows.prefix(1)), language: .en, timeZoneID: "UTC")
        #expect(csv.contains("no,name,state,waiting_position,household,registered_at,checked_in_at,signature\r\n"))
        #expect(csv.contains("1,王秀英,checked_in,,1号楼 2单元 101,2027-01-15 08:00,2027-01-15 08:30,\r\n"))
    }
}
