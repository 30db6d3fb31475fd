import Testing
@testable import LinliRules

/// Where a quote that ran on past its line opened (and what is not such a quote).
@Suite struct UnclosedQuoteScanTests {
    @Test(arguments: [
        ("a: \"x\nb: 1\nc: \"y\" z\n", 3, 1, 4),            // opened on line 1, still open on line 3
        ("a: 'it''s\nb: 1\n", 2, 1, 4),                     // '' is an escaped quote, not a close
        ("a: \"x \\\" y\nb: 1\n", 2, 1, 4),                 // \" is escaped in double quotes
        ("- \"x\n- y\n", 2, 1, 3),
        // Columns count code points (helper 115): ❤️ is two (U+2764 U+FE0F), é written with a
        // combining accent two; the quote is at code point 17, not at Character 11.
        ("h: [❤️❤️, \"刷单]\nb: 1\n", 2, 1, 11),
        ("a: [e\u{301}e\u{301}, ❤️❤️, \"x]\nb: 1\n", 2, 1, 17),
    ])
    func anOpenQuoteIsFound(text: String, errorLine: Int, line: Int, column: Int) throws {
        let found = try #require(UnclosedQuoteScan.openQuote(before: errorLine, in: text))
        #expect(found.line == line && found.column == column)
    }

    @Test(arguments: [
        ("a: \"x\"\nb: 'y'\nc: [\"1\", '2']\n", 3),
        ("name_en: Children's books\nb: 1\n", 2),           // an apostrophe inside a plain scalar
        ("a: 1 # it's a comment\nb: 2\n", 2),               // a quote in a comment
        ("a: \"x\nb: 1\n", 1),                              // opened on the error's own line
    ])
    func nothingOpenIsReported(text: String, errorLine: Int) {
        #expect(UnclosedQuoteScan.openQuote(before: errorLine, in: text) == nil)
    }
}
