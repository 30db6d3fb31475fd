import Foundation

/// Reads one YAML mapping of the rule file: typed getters that report precise diagnostics, and a
/// `finish()` that reports every key nobody asked for as `rules.unknown_key` (a typo such as
/// `rat:` must never be silently ignored in a file that moves people's points).
///
/// Typing rules, chosen so that YAML 1.1 and YAML 1.2 readers agree on every value:
/// decimals are quoted strings (`"0.85"`); integers are plain (`15`, no leading zeros); booleans are
/// exactly `true` or `false`; text that YAML 1.1 would read as a boolean or null must be quoted;
/// clock times must be quoted (`"22:00"`, YAML 1.1 reads plain 22:00 as the number 1320).
final class MappingReader {
    let location: SourceLocation
    let path: String
    private let pairs: [(key: RuleNode, value: RuleNode)]
    private var requested: Set<String> = []
    let sink: DiagnosticSink

    /// Returns nil (after reporting) when `node` is not a mapping.
    init?(_ node: RuleNode, path: String, sink: DiagnosticSink) {
        guard case .mapping(let pairs) = node.content else {
            sink.report(.wrongType, at: node.location,
                        en: "\(path) must be a mapping (key: value), found \(node.kindNameEN)",
                        zh: "\(path) 应为映射（键: 值），实际为\(node.kindNameZH)")
            return nil
        }
        self.location = node.location
        self.path = path
        self.pairs = pairs
        self.sink = sink
    }

    /// Keys in file order (for mappings keyed by data, such as category weights).
    var keys: [Located<String>] {
        pairs.compactMap { pair in
            guard case .scalar(let text, _) = pair.key.content else { return nil }
            return Located(text, at: pair.key.location)
        }
    }

    func has(_ key: String) -> Bool { rawPair(key) != nil }

    private func rawPair(_ key: String) -> (key: RuleNode, value: RuleNode)? {
        for pair in pairs {
            if case .scalar(let text, _) = pair.key.content, text == key { return pair }
        }
        return nil
    }

    private func keyPath(_ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }

    /// The value node for `key`, marking the key as known. Reports `missing_key` if required,
    /// and whenever the key is written without a value (`half_life_months:`, `~`, `null`); warns
    /// of `Null` / `NULL`, read as text (`rules.null_spelling`).
    ///
    /// Why a key without a value is an error even where the key is optional: it reads as "absent",
    /// and an absent optional key takes its default or drops its step. `depreciation:
    /// { half_life_months: }` had dropped the whole depreciation step, and `weights: { elder_care: }`
    /// the category's weight, without a word; whoever wrote the key meant to set something.
    func node(_ key: String, required: Bool = false) -> RuleNode? {
        requested.insert(key)
        if let pair = rawPair(key) {
            let node = pair.value
            // `Null` and `NULL` are YAML's null to other readers of the same file, and text here
            // (helper 160 #8): a warning, so a version in force that says so stays readable
            // (helper 166 #3).
            if case .scalar(let text, let plain) = node.content, plain, ["Null", "NULL"].contains(text) {
                sink.report(.nullSpelling, at: node.location, severity: .warning,
                            en: "\(keyPath(key)) is \(text): read as the text \"\(text)\" here, but as no value by other YAML readers; quote it if you mean the text, or leave the key out",
                            zh: "\(keyPath(key)) 写作 \(text)：这里按文字“\(text)”读取，其他 YAML 工具会当作空值；如指文字请加引号，否则请删去这个键")
            }
            if case .scalar(let text, let plain) = node.content, plain, text.isEmpty || text == "~" || text == "null" {
                sink.report(.missingKey, at: pair.key.location,
                            en: "\(keyPath(key)) has no value: write one, or leave the key out" + (required ? "" : " to use its default"),
                            zh: "\(keyPath(key)) 没有填写值：请填写，或删去这个键" + (required ? "" : "以使用默认值"))
                return nil
            }
            return node
        }
        if required { reportMissing(key) }
        return nil
    }

    private func reportMissing(_ key: String) {
        sink.report(.missingKey, at: location,
                    en: "\(path.isEmpty ? "the file" : path) is missing the required key \"\(key)\"",
                    zh: (path.isEmpty ? "文件" : "\(path) ") + "缺少必填键“\(key)”")
    }

    /// Marks keys as consumed without reading them (used when a whole mapping is data).
    func accept(_ keys: [String]) { requested.formUnion(keys) }

    /// Reports every key that no getter asked for.
    func finish() {
        for pair in pairs {
            guard case .scalar(let text, _) = pair.key.content else {
                sink.report(.wrongType, at: pair.key.location,
                            en: "keys in \(path) must be plain names", zh: "\(path) 中的键必须是简单名称")
                continue
            }
            if !requested.contains(text), let colon = text.unicodeScalars.firstIndex(of: LookalikeCharacters.fullWidthColon) {
                // `{ ratio："2", … }`: in a flow mapping the full-width colon is no separator, and
                // the whole text was one unknown key beside "missing ratio" (helper 138).
                let name = String(text.unicodeScalars[..<colon]).trimmingCharacters(in: .whitespaces)
                let offset = text.unicodeScalars.distance(from: text.unicodeScalars.startIndex, to: colon)
                sink.report(.unknownKey, at: SourceLocation(line: pair.key.location.line, column: pair.key.location.column + offset),
                            en: "\"\(text)\" in \(path.isEmpty ? "the file" : path) is read as one key: the colon after \"\(name)\" is a full-width “：”; YAML needs the ASCII colon “:” and a space (switch the input method to half-width)",
                            zh: "\(path.isEmpty ? "文件" : path) 中的“\(text)”被当成了一个键：“\(name)”后面是全角冒号“：”，YAML 需要半角冒号“:”并在其后加一个空格（请把输入法切换到半角后重新输入）")
            } else if !requested.contains(text) {
                let hint = Self.closest(to: text, in: requested)
                sink.report(.unknownKey, at: pair.key.location,
                            en: "unknown key \"\(text)\" in \(path.isEmpty ? "the file" : path)" + (hint.map { "; did you mean \"\($0)\"?" } ?? ""),
                            zh: "\(path.isEmpty ? "文件" : path) 中有未知的键“\(text)”" + (hint.map { "；是否想写“\($0)”？" } ?? ""))
            }
        }
    }

    /// A known key within edit distance 2, to turn a typo into a one-glance fix.
    static func closest(to text: String, in candidates: Set<String>) -> String? {
        var best: (String, Int)?
        for candidate in candidates.sorted() {
            let distance = EditDistance.between(text, candidate)
            if distance <= 2, distance < (best?.1 ?? .max) { best = (candidate, distance) }
        }
        return best?.0
    }


    // MARK: Typed getters

    func child(_ key: String, required: Bool = false) -> MappingReader? {
        guard let node = node(key, required: required) else { return nil }
        return MappingReader(node, path: keyPath(key), sink: sink)
    }

    /// A list; with `nonEmpty`, an empty one is `missing_key` at the list (a list of time windows
    /// or credit levels that names none would otherwise fall back to no windows or to the
    /// default levels without a word).
    func list(_ key: String, required: Bool = false, nonEmpty: Bool = false) -> [RuleNode]? {
        guard let node = node(key, required: required) else { return nil }
        guard case .sequence(let items) = node.content else {
            sink.report(.wrongType, at: node.location,
                        en: "\(keyPath(key)) must be a list, found \(node.kindNameEN)",
                        zh: "\(keyPath(key)) 应为列表，实际为\(node.kindNameZH)")
            return nil
        }
        if nonEmpty, items.isEmpty {
            sink.report(.missingKey, at: node.location,
                        en: "\(keyPath(key)) must list at least one entry (leave the key out to use the default)",
                        zh: "\(keyPath(key)) 至少要列出一项（删去这个键则使用默认值）")
            return nil
        }
        return items
    }

    func string(_ key: String, required: Bool = false) -> Located<String>? {
        guard let node = node(key, required: required) else { return nil }
        return Self.text(node, path: keyPath(key), sink: sink)
    }

    /// A name shown on one line (a category's, a reward's: in lists, statements and chat
    /// notices). A line break in it, or a tab (a block scalar `|`, an escaped `\n`), is warned
    /// of: the member apps refuse them in every name people type (helper 186 #3), and the file
    /// is kept as written.
    func name(_ key: String, required: Bool = false) -> Located<String>? {
        guard let name = string(key, required: required) else { return nil }
        if name.value.unicodeScalars.contains(where: { [0x09, 0x0A, 0x0B, 0x0C, 0x0D, 0x85, 0x2028, 0x2029].contains($0.value) }) {
            sink.report(
                .nameNotOneLine, at: name.location, severity: .warning,
                en: "\(keyPath(key)) has a line break or tab in it; a name is shown on one line (write it on one line, or use `>-`)",
                zh: "\(keyPath(key)) 含有换行或制表符；名称显示为一行（请写在一行内，或用 `>-`）")
        }
        return name
    }

    func decimal(_ key: String, required: Bool = false, in range: ClosedRange<RuleDecimal>? = nil) -> Located<RuleDecimal>? {
        guard let node = node(key, required: required) else { return nil }
        return Self.decimal(node, path: keyPath(key), in: range, sink: sink)
    }

    func decimal(_ key: String, default value: RuleDecimal, in range: ClosedRange<RuleDecimal>? = nil) -> Located<RuleDecimal> {
        decimal(key, in: range) ?? Located(value, at: location)
    }

    func integer(_ key: String, required: Bool = false, in range: ClosedRange<Int>) -> Located<Int>? {
        guard let node = node(key, required: required) else { return nil }
        return Self.integer(node, path: keyPath(key), in: range, sink: sink)
    }

    func integer(_ key: String, default value: Int, in range: ClosedRange<Int>) -> Int {
        integer(key, in: range)?.value ?? value
    }

    func bool(_ key: String, default value: Bool) -> Bool {
        guard let node = node(key) else { return value }
        return Self.bool(node, path: keyPath(key), sink: sink) ?? value
    }

    func enumeration<E: RawRepresentable & CaseIterable>(_ key: String, as type: E.Type, required: Bool = false) -> Located<E>? where E.RawValue == String {
        guard let node = node(key, required: required) else { return nil }
        return Self.enumeration(node, path: keyPath(key), as: type, sink: sink)
    }

    /// A list of texts. An item spelled as YAML's null (`null`, `Null`, `NULL`, `~`) is read as
    /// that text, with `rules.null_spelling` (helper 160 #8: `hotwords: [NULL]` held every listing
    /// that says "null", and other YAML readers see no item at all); a warning, as for a key's
    /// value, so a version in force that says so stays readable.
    func stringList(_ key: String, required: Bool = false) -> [Located<String>]? {
        guard let items = list(key, required: required) else { return nil }
        let path = keyPath(key)
        for (index, item) in items.enumerated() {
            if case .scalar(let text, let plain) = item.content, plain, ["null", "Null", "NULL", "~"].contains(text) {
                sink.report(.nullSpelling, at: item.location, severity: .warning,
                            en: "\(path)[\(index)] is \(text): read as the text \"\(text)\" here, but as no value by other YAML readers; quote it if you mean the text, or remove the item",
                            zh: "\(path)[\(index)] 写作 \(text)：这里按文字“\(text)”读取，其他 YAML 工具会当作空值；如指文字请加引号，否则请删去这一项")
            }
        }
        return items.compactMap { Self.text($0, path: path, sink: sink) }
    }

    // MARK: Scalar conversions (also used for list items)

    static let yaml11Booleans: Set<String> = ["y", "yes", "n", "no", "on", "off", "true", "false"]

    static func text(_ node: RuleNode, path: String, sink: DiagnosticSink) -> Located<String>? {
        guard case .scalar(let text, let plain) = node.content else {
            sink.report(.wrongType, at: node.location,
                        en: "\(path) must be text, found \(node.kindNameEN)",
                        zh: "\(path) 应为文本，实际为\(node.kindNameZH)")
            return nil
        }
        if plain, yaml11Booleans.contains(text.lowercased()) {
            sink.report(.ambiguousBoolean, at: node.location,
                        en: "\(path): plain \(text) is a boolean to some YAML readers; write \"\(text)\" in quotes",
                        zh: "\(path)：不带引号的 \(text) 在部分 YAML 解析器中是布尔值，请写成带引号的 \"\(text)\"")
            return nil
        }
        if plain, looksLikeDate(text) {
            // A warning, not an error: files stored before this check keep compiling (an error
            // would leave a community's rules in force unreadable after an upgrade). YAML 1.1
            // readers (PyYAML, many editors' linters) turn a plain 2027-01-01 into a date object
            // and 2027-01-01 08:00 into a timestamp (helper 129).
            sink.report(.unquotedDate, at: node.location, severity: .warning,
                        en: "\(path): write dates in quotes, \"\(text)\": some YAML readers turn a plain \(text) into a date object",
                        zh: "\(path)：日期请加引号写成 \"\(text)\"：部分 YAML 解析器会把不带引号的 \(text) 读成日期对象")
        }
        return Located(text, at: node.location)
    }

    /// `YYYY-MM-DD`: what a YAML 1.1 reader takes for a date (a date-time without seconds stays
    /// text to them, helper 132).
    static func looksLikeDate(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        func digits(_ range: Range<Int>) -> Bool { range.allSatisfy { bytes[$0] >= 0x30 && bytes[$0] <= 0x39 } }
        return bytes.count == 10 && digits(0..<4) && bytes[4] == 0x2D && digits(5..<7) && bytes[7] == 0x2D && digits(8..<10)
    }

    static func decimal(_ node: RuleNode, path: String, in range: ClosedRange<RuleDecimal>?, sink: DiagnosticSink) -> Located<RuleDecimal>? {
        guard case .scalar(let text, let plain) = node.content else {
            sink.report(.wrongType, at: node.location,
                        en: "\(path) must be a decimal in quotes such as \"0.85\", found \(node.kindNameEN)",
                        zh: "\(path) 应为带引号的小数（如 \"0.85\"），实际为\(node.kindNameZH)")
            return nil
        }
        if plain {
            // A suggestion is made only when it is itself accepted (helper 123: `12.345%` was told
            // to write "0.12345", five decimals).
            let candidate = DecimalSpelling.suggestion(for: text)
            let suggested = RuleDecimal(parsing: candidate) != nil ? candidate : "0.85"
            if RuleDecimal(parsing: candidate) == nil, !DecimalSpelling.hasTypographicQuotes(text) {
                sink.report(.unquotedDecimal, at: node.location,
                            en: "\(path): decimals are written in quotes with at most 4 digits after the point, e.g. \"0.85\" (found \(text))",
                            zh: "\(path)：小数必须加引号，小数点后最多 4 位，例如 \"0.85\"（实际为 \(text)）")
                return nil
            }
            if DecimalSpelling.hasTypographicQuotes(text) {
                // A word processor's quotes (WPS, Word) are text to YAML, not quotes (helper 121:
                // "write “0.30” in quotes, e.g. "“0.30”"" told the user to do what they had done).
                sink.report(.unquotedDecimal, at: node.location,
                            en: "\(path): \(text) is in typographic (curly or full-width) quotes, which YAML reads as text; use straight quotes: \"\(suggested)\"",
                            zh: "\(path)：\(text) 用的是中文（弯）引号或全角引号，YAML 不把它当作引号；请改用半角直引号：\"\(suggested)\"")
            } else {
                sink.report(.unquotedDecimal, at: node.location,
                            en: "\(path): decimals are written in quotes, e.g. \"\(suggested)\"",
                            zh: "\(path)：小数必须加引号，例如 \"\(suggested)\"")
            }
            return nil
        }
        guard let value = RuleDecimal(parsing: text) else {
            if Self.isTooLargeDecimal(text) {
                // Well written but too large to hold (helper 129: told it had too many decimals).
                sink.report(.outOfRange, at: node.location,
                            en: "\(path): \"\(text)\" is too large" + (range.map { " (allowed \($0.lowerBound)…\($0.upperBound))" } ?? ""),
                            zh: "\(path)：“\(text)”数值过大" + (range.map { "（允许范围 \($0.lowerBound)…\($0.upperBound)）" } ?? ""))
                return nil
            }
            let suggested = DecimalSpelling.suggestion(for: text)
            let hint = suggested != text && RuleDecimal(parsing: suggested) != nil ? (en: "; write \"\(suggested)\"", zh: "；请写成 \"\(suggested)\"") : (en: "", zh: "")
            sink.report(.invalidDecimal, at: node.location,
                        en: "\(path): \"\(text)\" is not a decimal with at most 4 digits after the point\(hint.en)",
                        zh: "\(path)：“\(text)”不是有效小数（小数点后最多 4 位）\(hint.zh)")
            return nil
        }
        if let range, !range.contains(value) {
            sink.report(.outOfRange, at: node.location,
                        en: "\(path): \(value) is outside \(range.lowerBound)…\(range.upperBound)",
                        zh: "\(path)：\(value) 超出允许范围 \(range.lowerBound)…\(range.upperBound)")
            return nil
        }
        return Located(value, at: node.location)
    }

    /// `-?digits(.digits{1,4})?` whose whole part is more than `RuleDecimal` holds.
    static func isTooLargeDecimal(_ text: String) -> Bool {
        let unsigned = text.hasPrefix("-") ? text.dropFirst() : Substring(text)
        let parts = unsigned.split(separator: ".", omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count), let whole = parts.first, !whole.isEmpty, whole.allSatisfy(\.isASCIIDigit),
              parts.count == 1 || (1...4).contains(parts[1].count) && parts[1].allSatisfy(\.isASCIIDigit)
        else { return false }
        // RuleDecimal holds at most 1,000,000,000 (and nothing above it, fraction included).
        let fraction = parts.count == 2 ? parts[1].contains { $0 != "0" } : false
        let value = Int64(whole) ?? .max
        return whole.drop { $0 == "0" }.count > 10 || value > 1_000_000_000 || (value == 1_000_000_000 && fraction)
    }

    static func integer(_ node: RuleNode, path: String, in range: ClosedRange<Int>, sink: DiagnosticSink) -> Located<Int>? {
        guard case .scalar(let text, let plain) = node.content, plain else {
            sink.report(.wrongType, at: node.location,
                        en: "\(path) must be a whole number without quotes",
                        zh: "\(path) 应为不带引号的整数")
            return nil
        }
        let digits = text.hasPrefix("-") ? text.dropFirst() : Substring(text)
        // A whole number too long to read is out of range, not "not a whole number" (helper 129:
        // `version: 9223372036854775807` was told it had decimals or leading zeros).
        if digits.count > 12, digits.allSatisfy(\.isASCIIDigit), digits.first != "0" {
            sink.report(.outOfRange, at: node.location,
                        en: "\(path): \(text) is far outside \(range.lowerBound)…\(range.upperBound)",
                        zh: "\(path)：\(text) 远超允许范围 \(range.lowerBound)…\(range.upperBound)")
            return nil
        }
        guard !digits.isEmpty, digits.count <= 12, digits.allSatisfy(\.isASCIIDigit),
              digits.count == 1 || digits.first != "0", let value = Int(text) else {
            sink.report(.invalidInteger, at: node.location,
                        en: "\(path): \(text) is not a whole number (no decimals, no leading zeros)",
                        zh: "\(path)：\(text) 不是整数（不能有小数或前导零）")
            return nil
        }
        guard range.contains(value) else {
            sink.report(.outOfRange, at: node.location,
                        en: "\(path): \(value) is outside \(range.lowerBound)…\(range.upperBound)",
                        zh: "\(path)：\(value) 超出允许范围 \(range.lowerBound)…\(range.upperBound)")
            return nil
        }
        return Located(value, at: node.location)
    }

    static func bool(_ node: RuleNode, path: String, sink: DiagnosticSink) -> Bool? {
        if case .scalar(let text, let plain) = node.content, plain {
            if text == "true" { return true }
            if text == "false" { return false }
            if yaml11Booleans.contains(text.lowercased()) {
                sink.report(.ambiguousBoolean, at: node.location,
                            en: "\(path): write true or false, not \(text)",
                            zh: "\(path)：请写 true 或 false，不要写 \(text)")
                return nil
            }
        }
        sink.report(.wrongType, at: node.location,
                    en: "\(path) must be true or false", zh: "\(path) 应为 true 或 false")
        return nil
    }

    static func enumeration<E: RawRepresentable & CaseIterable>(_ node: RuleNode, path: String, as type: E.Type, sink: DiagnosticSink) -> Located<E>? where E.RawValue == String {
        guard let text = text(node, path: path, sink: sink) else { return nil }
        guard let value = E(rawValue: text.value) else {
            let allowed = E.allCases.map(\.rawValue).joined(separator: ", ")
            sink.report(.invalidEnum, at: node.location,
                        en: "\(path): \"\(text.value)\" is not one of \(allowed)",
                        zh: "\(path)：“\(text.value)”不在可选值 \(allowed) 之中")
            return nil
        }
        return Located(value, at: node.location)
    }
}

extension Character {
    var isASCIIDigit: Bool { isASCII && isNumber }
}
