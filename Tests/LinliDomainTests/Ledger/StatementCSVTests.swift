import Foundation
import LinliTestSupport
import Testing
@testable import LinliDomain

@Suite("Statement CSV export")
struct StatementCSVTests {
    static let entries = [
        StatementEntry(
            seq: 3, transferID: Fixture.transfer, kind: .reward, reason: "社区清洁，含\"垃圾分类\"宣讲\n第二行", category: "community_cleaning",
            memo: nil, reference: nil, createdAt: LedgerTimestamp(milliseconds: 1_767_225_600_250), amount: 20, balanceAfter: 20,
            counterparties: [.rewards]),
        StatementEntry(
            seq: 9, transferID: TransferID("trf_00000000000000000000000009")!, kind: .exchange, reason: "=HYPERLINK(\"http://x\")",
            category: nil, memo: "+1 @home", reference: "exchange:abc, def", createdAt: LedgerTimestamp(milliseconds: 1_767_312_000_000),
            amount: -35, balanceAfter: -15, counterparties: [.member(Fixture.bob)]),
    ]

    @Test("the export parses back to the same values")
    func roundTrip() throws {
        let csv = StatementCSV.render(Self.entries, timeZone: TimeZone(identifier: "Asia/Shanghai")!)
        #expect(csv.hasPrefix(StatementCSV.byteOrderMark))
        let records = CSVReader.parse(String(csv.dropFirst()))
        try #require(records.count == 3)
        #expect(records[0] == StatementCSV.header)
        for record in records { #expect(record.count == StatementCSV.header.count) }
        let first = Dictionary(uniqueKeysWithValues: zip(records[0], records[1]))
        #expect(first["seq"] == "3")
        #expect(first["transfer_id"] == Fixture.transfer.rawValue)
        #expect(first["reason"] == "社区清洁，含\"垃圾分类\"宣讲\n第二行")
        #expect(first["amount"] == "20")
        #expect(first["balance_after"] == "20")
        #expect(first["created_at"] == "2026-01-01T08:00:00.250+08:00")
        #expect(first["counterparty"] == "system:rewards")
        let second = Dictionary(uniqueKeysWithValues: zip(records[0], records[2]))
        #expect(second["amount"] == "-35")
        #expect(second["balance_after"] == "-15")
        #expect(second["reference"] == "exchange:abc, def")
        #expect(second["counterparty"] == "member:\(Fixture.bob)")
        // The kind in words, last column, zh unless asked (session 20).
        #expect(first["kind_label"] == "社区奖励")
        let english = CSVReader.parse(String(StatementCSV.render(Self.entries, timeZone: .gmt, language: .en).dropFirst()))
        #expect(english[2].last == "Paid for an exchange")
    }

    @Test("text that a spreadsheet would execute is neutralised, numbers are not")
    func formulaInjection() {
        let records = CSVReader.parse(String(StatementCSV.render(Self.entries, timeZone: TimeZone(identifier: "UTC")!).dropFirst()))
        let second = Dictionary(uniqueKeysWithValues: zip(records[0], records[2]))
        #expect(second["reason"] == "'=HYPERLINK(\"http://x\")")
        #expect(second["memo"] == "'+1 @home")
        #expect(second["amount"] == "-35")
    }

    @Test("an empty statement is just the header")
    func empty() {
        #expect(StatementCSV.render([], timeZone: .gmt) == StatementCSV.byteOrderMark + StatementCSV.header.joined(separator: ",") + "\r\n")
    }
}
