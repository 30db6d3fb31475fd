/// How a decimal someone meant is written in a rule file, for the message that refuses what they
/// wrote: the suggestion must itself be accepted (helper 121: `.35` was told to write ".35", which
/// was then refused, and `“0.30”` to write "“0.30”").
enum DecimalSpelling {
    /// Quotes a word processor or a Chinese input method types: text to YAML.
    static let typographicQuotes: Set<Character> = ["\u{201C}", "\u{201D}", "\u{2018}", "\u{2019}", "\u{FF02}", "\u{FF07}", "\u{300C}", "\u{300D}"]

    static func hasTypographicQuotes(_ text: String) -> Bool {
        text.first.map(typographicQuotes.contains) == true || text.last.map(typographicQuotes.contains) == true
    }

    /// `text` without typographic quotes around it, a percentage as a fraction (`15%` → `0.15`),
    /// a leading point given its zero (`.35` → `0.35`), full-width digits made ASCII and a decimal
    /// comma or Chinese full stop made the point (`0,55`, `0。55` → `0.55`).
    static func suggestion(for text: String) -> String {
        var value = String(text.drop { typographicQuotes.contains($0) }.reversed().drop { typographicQuotes.contains($0) }.reversed())
        value = String(value.map { character -> Character in
            guard let scalar = character.unicodeScalars.first, character.unicodeScalars.count == 1 else { return character }
            switch scalar.value {
            case 0xFF10...0xFF19: return Character(Unicode.Scalar(scalar.value - 0xFF10 + 0x30)!)
            case 0xFF0E: return "."
            case 0xFF05: return "%"
            default: return character
            }
        })
        // A decimal comma (`0,55`, as much of Europe writes it) or a Chinese full stop or comma
        // typed for the point (`0。55`, `0，55`): one between digits is the point (helper 138).
        let separators: Set<Character> = [",", "\u{FF0C}", "\u{3002}"]
        let body = value.hasPrefix("-") ? value.dropFirst() : Substring(value)
        if body.filter({ separators.contains($0) }).count == 1, let first = body.first, first.isASCII, first.isNumber,
           let last = body.last, last.isASCII, last.isNumber, body.allSatisfy({ ($0.isASCII && $0.isNumber) || separators.contains($0) })
        {
            value = String(value.map { separators.contains($0) ? "." : $0 })
        }
        if value.hasPrefix(".") { value = "0" + value }
        if value.hasPrefix("-.") { value = "-0" + value.dropFirst() }
        if value.hasSuffix("%"), let percent = RuleDecimal(parsing: String(value.dropLast())) {
            // Exact: a two-place shift of the decimal text.
            value = percentAsFraction(percent.description)
        }
        return value
    }

    /// `15` → `0.15`, `7.5` → `0.075`, `150` → `1.5`: the decimal point moved two places left, in text.
    static func percentAsFraction(_ text: String) -> String {
        let negative = text.hasPrefix("-")
        let body = negative ? String(text.dropFirst()) : text
        let parts = body.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        var whole = String(parts[0])
        let fraction = parts.count > 1 ? String(parts[1]) : ""
        while whole.count < 3 { whole = "0" + whole }
        let integer = String(whole.dropLast(2))
        var decimals = String(whole.suffix(2)) + fraction
        while decimals.hasSuffix("0") { decimals.removeLast() }
        let trimmedInteger = String(integer.drop { $0 == "0" })
        let result = (trimmedInteger.isEmpty ? "0" : trimmedInteger) + (decimals.isEmpty ? "" : "." + decimals)
        return negative ? "-" + result : result
    }
}
