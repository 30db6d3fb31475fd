import Foundation
import LinliTestSupport
import Testing
@testable import LinliDomain

/// Found by review 9a (each test failed first): the statement CSV export.
///
/// `StatementCSV.quote` decides whether to quote a field with
/// `field.contains(where: { $0 == "," || $0 == "\"" || … })`, comparing Swift `Character`s —
/// grapheme clusters. A comma or quote that is part of a larger cluster is not equal to `","` or
/// `"\""`: a comma after a Unicode "Prepend" character (U+0600 ARABIC NUMBER SIGN: `"\u{600},"` is
/// one `Character`), or a comma or quote followed by a combining mark (`",\u{301}"`). Such a field
/// is written unquoted (or its quote is not doubled), so the comma splits it into a new column —
/// shifting `amount` and `balance_after` — and the new cell's text is not neutralised (`text`
/// only looks at the field's first scalar), so it can start with `=`. `FieldValidator.text`
/// refuses only control characters (Cc), not U+0600 (Cf) or combining marks, so a listing title
/// (it ends up in the exchange reasons `交换「…」` / `交换完成「…」` on the counterparty's
/// statement) or an organizer's memo can carry them.
///
/// Expected: quoting is decided on Unicode scalars (or bytes): every record has the header's 11
/// fields, text reads back as written, and no cell starts with a formula character.
@Suite struct StatementCSVUnicodeTests {
    static func entry(reason: String, memo: String? = nil) -> StatementEntry {
        StatementEntry(
            seq: 7, transferID: Fixture.transfer, kind: .hold, reason: reason, category: nil, memo: memo, reference: "exchange:exc_1",
            createdAt: LedgerTimestamp(milliseconds: 1_767_225_600_000), amount: -10, balanceAfter: -10, counterparties: [.escrow])
    }

    static func records(_ entries: [StatementEntry]) -> [[String]] {
        CSVReader.parse(String(StatementCSV.render(entries, timeZone: TimeZone(identifier: "Asia/Shanghai")!).dropFirst()))
    }

    @Test(arguments: [
        "交换「旧书\u{600},999」",  // a listing title with a prepend character before its comma
        "交换「旧书,\u{301}999」",  // a comma followed by a combining mark
        "\"\u{301}折叠梯",  // a leading quote followed by a combining mark: unquoted field opening a quote
        "交换「a,\"\u{301}b」",  // quoted for the plain comma, but the inner quote is not doubled
    ])
    func textWithCommasOrQuotesInsideGraphemeClustersStaysInItsCell(reason: String) throws {
        let records = Self.records([Self.entry(reason: reason), Self.entry(reason: "下一行")])
        #expect(records.count == 3, "rows merged or split: \(records)")
        for record in records { #expect(record.count == StatementCSV.header.count, "\(record)") }
        try #require(records.count >= 2)
        let line = Dictionary(zip(records[0], records[1]), uniquingKeysWith: { first, _ in first })
        #expect(line["reason"] == reason)
        #expect(line["amount"] == "-10")
        #expect(line["balance_after"] == "-10")
    }

    /// The column split also defeats the formula neutralisation: the injected cell starts with `=`.
    @Test func aCellInjectedPastAHiddenCommaIsNotAFormula() {
        let records = Self.records([Self.entry(reason: "旧书\u{600},=1+2", memo: "备注\u{600},+cmd")])
        for record in records.dropFirst() {
            for cell in record {
                #expect(!(cell.first.map { "=+-@".contains($0) } ?? false) || cell == "-10", "formula cell \(cell) in \(record)")
            }
        }
    }
}

/// Found by review 9a (each test failed first): ledger text limits. `LedgerTextLimits.reason` is 500 characters, checked by
/// `FieldValidator.text`, which calls a text too long only when *both* its UTF-8 length and its
/// `Character` (grapheme cluster) count exceed the limit. One base character followed by
/// thousands of combining marks is a single `Character`, so a transfer reason (or memo, or a
/// listing title that becomes the exchange's hold and release reasons) of any size up to the
/// 64 KiB body limit passes as "1 character" and is stored, hashed and exported on every
/// statement. Expected: a reason whose scalars (or bytes) far exceed the limit is refused.
@Suite struct TextLimitScalarTests {
    @Test func aReasonOfOneGraphemeWithThousandsOfCombiningMarksIsNotWithinFiveHundredCharacters() {
        let reason = "奖" + String(repeating: "\u{0301}", count: 20_000)
        #expect(reason.count == 1)
        #expect(reason.utf8.count > 40_000)
        var legs = PostingBuilder()
        legs.move(10, from: .rewards, to: .member(Fixture.alice))
        var refused = false
        do {
            _ = try TransferDraft(kind: .reward, legs: legs.legs, reason: reason, category: "event_help", idempotencyKey: "k")
        } catch {
            refused = true
        }
        #expect(refused, "a 40 KB reason passes the 500-character limit")
    }
}
