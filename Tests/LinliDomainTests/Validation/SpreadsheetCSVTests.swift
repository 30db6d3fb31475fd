import LinliDomain
import Testing

/// Every character a spreadsheet would start a formula with gets the leading apostrophe, and
/// nothing else does (helper 184 #5: only `=` and `+` were tested, through a statement).
@Suite struct SpreadsheetCSVTests {
    @Test("formula starts are neutralised", arguments: [
        ("=1+1", "'=1+1"), ("+86 138", "'+86 138"), ("-35 points", "'-35 points"), ("@home", "'@home"),
        ("\tTAB", "'\tTAB"), ("\rCR", "'\rCR"), ("", ""), ("旧书架 = 好", "旧书架 = 好"), (" =1", " =1"),
        ("＝全角", "＝全角"), ("'already", "'already"), ("1-2", "1-2"),
    ])
    func formulaStarts(_ value: String, _ expected: String) {
        #expect(SpreadsheetCSV.text(value) == expected)
    }

    @Test func aMissingTextIsAnEmptyCell() {
        #expect(SpreadsheetCSV.text(nil) == "")
    }

    /// A neutralised cell still quotes as any other: the apostrophe goes inside the quotes, so a
    /// spreadsheet reads one cell, not two.
    @Test func neutralisedCellsAreQuotedAsAnyOther() {
        #expect(SpreadsheetCSV.line([SpreadsheetCSV.text("=A1,B1"), "-35"]) == "\"'=A1,B1\",-35\r\n")
        #expect(SpreadsheetCSV.line([SpreadsheetCSV.text("\rCR")]) == "\"'\rCR\"\r\n")
    }
}
