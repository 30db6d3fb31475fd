import Foundation
import LinliTestSupport
import Testing
@testable import LinliDomain

/// The passbook to print (`PassbookCSV`, helper 144 #13): headers, dates to the minute in the
/// community's time, in and out in their own columns, and names instead of account ids.
@Suite("Passbook CSV")
struct PassbookCSVTests {
    static let entries = StatementCSVTests.entries

    @Test(arguments: [
        (Language.zhCN, ["日期", "摘要", "说明", "收入", "支出", "余额", "对方"],
         ["2026-01-01 08:00", "社区奖励", "社区清洁，含\"垃圾分类\"宣讲\n第二行", "20", "", "20", "社区奖励"],
         ["2026-01-02 08:00", "支付交换积分", "'=HYPERLINK(\"http://x\")", "", "35", "-15", "李建国"]),
        (.en, ["Date", "Entry", "Note", "In", "Out", "Balance", "With"],
         ["2026-01-01 08:00", "Community reward", "社区清洁，含\"垃圾分类\"宣讲\n第二行", "20", "", "20", "community rewards"],
         ["2026-01-02 08:00", "Paid for an exchange", "'=HYPERLINK(\"http://x\")", "", "35", "-15", "李建国"]),
    ])
    func readsAsAPassbook(language: Language, header: [String], first: [String], second: [String]) throws {
        let csv = PassbookCSV.render(Self.entries, parties: PassbookParties(names: [Fixture.bob: "李建国"]), timeZoneID: "Asia/Shanghai", language: language)
        #expect(csv.hasPrefix(SpreadsheetCSV.byteOrderMark))
        let records = CSVReader.parse(String(csv.dropFirst()))
        try #require(records.count == 3)
        #expect(records[0] == header)
        #expect(records[1] == first)
        #expect(records[2] == second)
    }

    /// A line of an exchange names its other side, not the account the points were held in.
    @Test func anExchangeLineNamesTheOtherSide() {
        let held = StatementEntry(
            seq: 4, transferID: Fixture.transfer, kind: .hold, reason: "交换预留", category: nil, memo: nil, reference: "exchange:exc_1",
            createdAt: LedgerTimestamp(milliseconds: 1_767_225_600_000), amount: -12, balanceAfter: 8, counterparties: [.escrow])
        let parties = PassbookParties(others: ["exchange:exc_1": Fixture.bob], names: [Fixture.bob: "李建国"])
        let named = CSVReader.parse(String(PassbookCSV.render([held], parties: parties, timeZoneID: "Asia/Shanghai", language: .zhCN).dropFirst()))
        #expect(named[1].last == "李建国")
        let unknown = CSVReader.parse(String(PassbookCSV.render([held], parties: PassbookParties(), timeZoneID: "Asia/Shanghai", language: .zhCN).dropFirst()))
        #expect(unknown[1].last == "交换预留", "a reader who may not know the other side reads where the points went")
    }

    /// A no-show penalty and a refund name the exchange too, but the points went to the community
    /// or came back: they are not shown as paid to or by the other side (helper 147 #1).
    @Test(arguments: [
        (TransferKind.penalty, false, -5, AccountRef.penalties, "扣分"),
        (.release, true, 12, .escrow, "交换预留"),
        (.release, false, 12, .escrow, "李建国"),
        (.compensation, false, 3, .member(Fixture.bob), "李建国"),
    ])
    func onlyPaymentsBetweenTheSidesNameTheOtherSide(kind: TransferKind, refund: Bool, amount: Int, counterparty: AccountRef, expected: String) {
        let line = StatementEntry(
            seq: 4, transferID: Fixture.transfer, kind: kind, reason: "x", category: nil, memo: nil, reference: "exchange:exc_1",
            createdAt: LedgerTimestamp(milliseconds: 1_767_225_600_000), amount: amount, balanceAfter: 8, counterparties: [counterparty],
            refund: refund)
        let parties = PassbookParties(others: ["exchange:exc_1": Fixture.bob], names: [Fixture.bob: "李建国"])
        let rows = CSVReader.parse(String(PassbookCSV.render([line], parties: parties, timeZoneID: "Asia/Shanghai", language: .zhCN).dropFirst()))
        #expect(rows[1].last == expected)
    }

    /// On a line of an exchange the reader may not open, a member reads as "a neighbour": the
    /// passbook does not name a resident's partners to every desk (helper 148 #3).
    @Test func aClosedExchangesMemberIsANeighbour() {
        let paid = StatementEntry(
            seq: 5, transferID: Fixture.transfer, kind: .exchange, reason: "x", category: nil, memo: nil, reference: "exchange:exc_2",
            createdAt: LedgerTimestamp(milliseconds: 1_767_225_600_000), amount: -4, balanceAfter: 4, counterparties: [.member(Fixture.bob)])
        let closed = PassbookParties(names: [Fixture.bob: "李建国"], closed: ["exchange:exc_2"])
        #expect(CSVReader.parse(String(PassbookCSV.render([paid], parties: closed, timeZoneID: "Asia/Shanghai", language: .zhCN).dropFirst()))[1].last == "邻居")
        let open = PassbookParties(names: [Fixture.bob: "李建国"])
        #expect(CSVReader.parse(String(PassbookCSV.render([paid], parties: open, timeZoneID: "Asia/Shanghai", language: .zhCN).dropFirst()))[1].last == "李建国")
    }

    /// A member whose name was not read is shown by id rather than left out.
    @Test func anUnnamedMemberIsShownById() {
        let csv = PassbookCSV.render(Self.entries, parties: PassbookParties(), timeZoneID: "Asia/Shanghai", language: .zhCN)
        #expect(CSVReader.parse(String(csv.dropFirst()))[2].last == Fixture.bob.rawValue)
    }
}
