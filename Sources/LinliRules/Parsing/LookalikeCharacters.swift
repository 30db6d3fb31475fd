/// Characters that look like YAML's own but are not, found where a file stopped parsing: a
/// full-width colon after a key (`min_events：5`, typed with a Chinese input method), a full-width
/// or no-break space in the indentation or after a colon, a tab in the indentation.
///
/// Why: libyaml reports these where the text stops making sense, often the line after, in its
/// own words ("could not find expected ':'"), which the Chinese message could only quote
/// (helper 121: `min_events：5` on line 176 was reported at 177:5). They are looked for only once
/// parsing has failed, on the lines next to where libyaml stopped, so the same characters in
/// text of a file that parses, or far from its error, are never questioned.
enum LookalikeCharacters {
    struct Finding: Equatable {
        let line: Int
        /// 1-based, in Unicode scalars (as libyaml counts).
        let column: Int
        let en: String
        let zh: String
    }

    static let fullWidthColon: Unicode.Scalar = "\u{FF1A}"
    static let oddSpaces: [Unicode.Scalar: (en: String, zh: String)] = [
        "\u{3000}": ("a full-width space (U+3000)", "全角空格（U+3000）"),
        "\u{00A0}": ("a no-break space (U+00A0)", "不换行空格（U+00A0）"),
    ]

    /// A lookalike on line `line` (1-based, where libyaml stopped), the line before it, or the
    /// line of libyaml's context mark (where the construct it was reading began): only there, so
    /// a full-width colon in a valid list item far above (`- wx：加微信`) never takes the place of
    /// another error (helper 123). The text reaches here with LF line breaks.
    static func find(in text: String, atOrBefore line: Int, context: Int? = nil) -> Finding? {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        for candidate in Set([line, line - 1, context ?? line]).sorted(by: >) where candidate >= 1 && candidate <= lines.count {
            if let finding = inspect(lines[candidate - 1], line: candidate) { return finding }
        }
        return nil
    }

    static func inspect(_ content: Substring, line: Int) -> Finding? {
        let scalars = Array(content.unicodeScalars)
        // Indentation: spaces, and what is mistaken for them.
        var column = 0
        while column < scalars.count, scalars[column] == " " || scalars[column] == "\t" || oddSpaces[scalars[column]] != nil {
            let scalar = scalars[column]
            if scalar == "\t" {
                return Finding(
                    line: line, column: column + 1, en: "the indentation holds a tab; YAML indents with spaces only",
                    zh: "缩进中有制表符（Tab），YAML 只能用空格缩进")
            }
            if let name = oddSpaces[scalar] {
                return Finding(
                    line: line, column: column + 1, en: "the indentation holds \(name.en); indent with ordinary spaces",
                    zh: "缩进中有\(name.zh)，请只用半角空格缩进")
            }
            column += 1
        }
        guard column < scalars.count, scalars[column] != "#" else { return nil }
        if scalars[column] == "-", column + 1 < scalars.count, scalars[column + 1] == " " { column += 2 }
        // A key as rule files spell them (ASCII letters, digits, `_`, `-`), then the colon it
        // should end with; text such as `- 说明：…` in a list is left alone.
        let keyStart = column
        while column < scalars.count, scalars[column].isASCII,
            scalars[column].properties.isAlphabetic || ("0"..."9").contains(scalars[column]) || scalars[column] == "_" || scalars[column] == "-"
        {
            column += 1
        }
        guard column > keyStart else { return nil }
        let key = String(String.UnicodeScalarView(scalars[keyStart..<column]))
        while column < scalars.count, scalars[column] == " " { column += 1 }
        guard column < scalars.count else { return nil }
        if scalars[column] == fullWidthColon {
            return Finding(
                line: line, column: column + 1,
                en: "the key \"\(key)\" is followed by a full-width colon “：”; YAML needs the ASCII colon “:” (switch the input method to half-width)",
                zh: "键“\(key)”后面是全角冒号“：”，YAML 需要半角冒号“:”（请把输入法切换到半角后重新输入）")
        }
        if scalars[column] == ":", column + 1 < scalars.count, let name = oddSpaces[scalars[column + 1]] {
            return Finding(
                line: line, column: column + 2, en: "the colon after \"\(key)\" is followed by \(name.en); YAML needs an ordinary space after “:”",
                zh: "键“\(key)”的冒号后面是\(name.zh)，冒号后面需要半角空格")
        }
        // `rounding:half_even`: without the space the line is one plain text, not a key and its
        // value, and libyaml stops on a later line (helper 138: line 15 reported at 17:1). A
        // clock time (`- 22:00`) is not a key.
        if scalars[column] == ":", column + 1 < scalars.count, !" \t#".unicodeScalars.contains(scalars[column + 1]),
           !key.allSatisfy(\.isNumber)
        {
            let value = String(String.UnicodeScalarView(scalars[(column + 1)...]))
            return Finding(
                line: line, column: column + 2,
                en: "the colon after \"\(key)\" needs a space after it: write \(key): \(value)",
                zh: "键“\(key)”的冒号后面缺少空格：请写成 \(key): \(value)")
        }
        return flowLookalike(scalars, line: line)
    }

    /// A full-width comma or colon inside `{ … }`, or a full-width comma right after a quoted
    /// value in `[ … ]`, outside quotes (helper 138: `{ ratio: "2"， factor: "1.15" }` was "a flow
    /// mapping opened here and never closed"). In `[代购，微商]` the comma is text, one item (the
    /// hotwords warn of it), and parses: it is not blamed for another error.
    static func flowLookalike(_ scalars: [Unicode.Scalar], line: Int) -> Finding? {
        var quote: Unicode.Scalar?
        var open: [Unicode.Scalar] = []
        var afterQuote = false
        for (index, scalar) in scalars.enumerated() {
            if let opening = quote {
                if scalar == opening {
                    quote = nil
                    afterQuote = true
                }
                continue
            }
            defer { if scalar != " " { afterQuote = false } }
            switch scalar {
            case "\"", "'": quote = scalar
            case "#" where index > 0 && scalars[index - 1] == " ": return nil
            case "{", "[": open.append(scalar)
            case "}", "]": _ = open.popLast()
            case "\u{FF0C}" where open.last == "{" || (open.last == "[" && afterQuote):
                return Finding(
                    line: line, column: index + 1,
                    en: "a full-width comma “，” inside \(open.last == "{" ? "{ }" : "[ ]"); YAML separates items with the ASCII comma “,” (switch the input method to half-width)",
                    zh: "\(open.last == "{" ? "{ }" : "[ ]") 中用了全角逗号“，”，YAML 要用半角逗号“,”分隔（请把输入法切换到半角后重新输入）")
            case fullWidthColon where open.last == "{":
                return Finding(
                    line: line, column: index + 1,
                    en: "a full-width colon “：” inside { }; YAML needs the ASCII colon “:” followed by a space (switch the input method to half-width)",
                    zh: "{ } 中用了全角冒号“：”，YAML 需要半角冒号“:”并在其后加空格（请把输入法切换到半角后重新输入）")
            default: break
            }
        }
        return nil
    }
}
