/// Cuts text to byte budgets without breaking a character.
///
/// Chat platforms count UTF-8 *bytes* (a Chinese character is 3, an emoji with modifiers can be
/// 20+), and a message cut inside a grapheme shows up as mojibake or is refused. So the unit of
/// cutting is Swift's `Character` (an extended grapheme cluster), and a cut prefers the last line
/// break in the final quarter of the budget so paragraphs stay whole when possible.
public enum TextSplitter {
    /// The cost of a character in the budget's unit. Default: UTF-8 bytes.
    public typealias Cost = @Sendable (Character) -> Int

    public static let utf8Bytes: Cost = { $0.utf8.count }

    /// Cost of a character once placed inside a JSON string literal (quotes, backslashes and
    /// control characters grow when escaped): used for whole-body limits like Feishu's 20 KB.
    public static let jsonEscapedUTF8Bytes: Cost = { character in
        switch character {
        case "\"", "\\", "\n", "\r", "\t": return 2
        default:
            if character.unicodeScalars.contains(where: { $0.value < 0x20 }) {
                return character.unicodeScalars.reduce(0) { $0 + ($1.value < 0x20 ? 6 : String($1).utf8.count) }
            }
            return character.utf8.count
        }
    }

    /// Splits `text` into pieces each costing at most `budget`. A single character above the
    /// budget (only possible with absurd budgets) is dropped rather than looping forever.
    public static func split(_ text: String, budget: Int, cost: Cost = utf8Bytes) -> [String] {
        precondition(budget > 0, "budget must be positive")
        var pieces: [String] = []
        var current: [Character] = []
        var currentCost = 0
        var lastBreak: Int? = nil  // index in `current` just after the last "\n"
        var costAtBreak = 0
        for character in text {
            let characterCost = cost(character)
            guard characterCost <= budget else { continue }
            while currentCost + characterCost > budget, !current.isEmpty {
                if let lastBreak, costAtBreak * 4 >= budget * 3, lastBreak < current.count {
                    pieces.append(String(current[..<lastBreak]))
                    current = Array(current[lastBreak...])
                    currentCost -= costAtBreak
                } else {
                    pieces.append(String(current))
                    current = []
                    currentCost = 0
                }
                lastBreak = nil
                costAtBreak = 0
            }
            current.append(character)
            currentCost += characterCost
            if character == "\n" || character == "\r\n" {
                lastBreak = current.count
                costAtBreak = currentCost
            }
        }
        if !current.isEmpty || pieces.isEmpty { pieces.append(String(current)) }
        return pieces
    }

    /// `text` cut to at most `budget`, ending with `ellipsis` when something was removed.
    public static func truncate(_ text: String, budget: Int, ellipsis: String = "…", cost: Cost = utf8Bytes) -> String {
        let total = text.reduce(0) { $0 + cost($1) }
        if total <= budget { return text }
        let ellipsisCost = ellipsis.reduce(0) { $0 + cost($1) }
        var kept = ""
        var keptCost = 0
        for character in text {
            let characterCost = cost(character)
            if keptCost + characterCost + ellipsisCost > budget { break }
            kept.append(character)
            keptCost += characterCost
        }
        return ellipsisCost <= budget ? kept + ellipsis : kept
    }

    /// Total cost of `text`.
    public static func cost(of text: String, cost: Cost = utf8Bytes) -> Int {
        text.reduce(0) { $0 + cost($1) }
    }
}
