/// Finds a quoted scalar that was still open when a YAML syntax error was noticed.
///
/// A quote left open (`name_zh: "物品`) does not fail where it is: the scalar runs on to the next
/// quote in the file, often many lines down, and libyaml reports the nonsense that follows there
/// ("did not find expected key" 17 lines later, with a context that points elsewhere). Rule-file
/// values are one line each, so a quoted scalar still open at the start of the line the error
/// is on is the mistake to show.
enum UnclosedQuoteScan {
    /// Where a quote opened on an earlier line than `line` (1-based) and was still open at its
    /// start, as 1-based line and column; nil when none was.
    static func openQuote(before line: Int, in text: String) -> (line: Int, column: Int)? {
        var open: (quote: Character, line: Int, column: Int)?
        var currentLine = 1
        for content in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if currentLine == line { break }
            var column = 0
            var previous: Character = " "
            // The last character that was not a space: a quote starts a quoted scalar only where
            // a value starts (line start, after `:`, `-`, `?`, `[`, `{` or `,`); elsewhere it is
            // a literal character of a plain scalar ("Children's books").
            var lastSolid: Character? = nil
            let characters = Array(content)
            var index = 0
            while index < characters.count {
                let character = characters[index]
                index += 1
                // Columns count code points, as libyaml and every other diagnostic do (helper 115:
                // `❤️` is one Character of two scalars, and the quote after it was two columns off).
                column += character.unicodeScalars.count
                let next = index < characters.count ? characters[index] : nil
                if let quote = open?.quote {
                    // Escapes: `\"` inside double quotes, `''` inside single quotes.
                    if (quote == "\"" && character == "\\") || (quote == "'" && character == "'" && next == "'") {
                        column += next?.unicodeScalars.count ?? 0
                        index += 1
                    } else if character == quote {
                        open = nil
                    }
                } else if character == "#" && (previous == " " || previous == "\t" || column == 1) {
                    break
                } else if (character == "\"" || character == "'"), lastSolid.map({ ":-?[{,".contains($0) }) ?? true {
                    open = (character, currentLine, column)
                }
                previous = character
                if character != " " && character != "\t" { lastSolid = character }
            }
            currentLine += 1
        }
        guard let open, open.line < line else { return nil }
        return (open.line, open.column)
    }
}
