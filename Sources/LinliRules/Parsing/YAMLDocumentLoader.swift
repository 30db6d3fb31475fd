import Foundation
import Yams

/// Reads rule-file text into a `RuleNode` tree, enforcing the limits and the restricted YAML
/// subset rule files are written in.
///
/// Refused on purpose: anchors and aliases (a value changed in one place silently changes another),
/// merge keys `<<` (same), explicit tags (`!!float` would bypass the quoted-decimal rule), several
/// documents in one file, files above `maximumBytes`, nesting deeper than `maximumDepth`.
enum YAMLDocumentLoader {
    /// Rule files are a few hundred lines; 256 KiB leaves room for long holiday lists and tests
    /// while keeping a hostile upload cheap to refuse.
    static let maximumBytes = 256 * 1024
    /// The deepest legitimate path (tests → input → … ) is 6 levels; 12 leaves slack.
    static let maximumDepth = 12
    /// Bounds the work of later passes whatever the file contains.
    static let maximumNodes = 50_000

    static func load(_ text: String, into sink: DiagnosticSink) -> RuleNode? {
        let byteCount = text.utf8.count
        guard byteCount <= maximumBytes else {
            sink.report(
                .fileTooLarge, at: .wholeFile,
                en: "the file is \(byteCount) bytes; rule files are limited to \(maximumBytes) bytes",
                zh: "文件大小为 \(byteCount) 字节，规则文件最大 \(maximumBytes) 字节")
            return nil
        }
        // Line breaks as libyaml counts them (`\r\n`, `\r`, `\n`) become `\n` for this parse, so
        // the scans that find a repeated key or an unclosed quote count lines as it does: Swift
        // takes `\r\n` as one character, and a file saved by Notepad was one long "line" to them.
        // Lines and columns are unchanged (each break stays one break, at the end of its line).
        let text = unixLineBreaks(text)
        guard YAMLEventPrecheck.check(text, maximumNodes: maximumNodes, maximumDepth: maximumDepth, into: sink) else { return nil }
        let root: Node?
        do {
            root = try Parser(yaml: text).singleRoot()
        } catch let error as YamlError {
            reportYAMLError(error, text: text, into: sink)
            return nil
        } catch {
            sink.report(.yamlSyntax, at: .wholeFile, en: "cannot read YAML: \(error)", zh: "无法读取 YAML：\(error)")
            return nil
        }
        guard let root else {
            sink.report(.emptyDocument, at: .wholeFile, en: "the file contains no YAML document", zh: "文件中没有 YAML 内容")
            return nil
        }
        var nodeCount = 0
        let tree = convert(root, depth: 1, nodeCount: &nodeCount, sink: sink)
        return sink.hasErrors ? nil : tree
    }

    /// `text` with every `\r\n` and lone `\r` as `\n`, by Unicode scalars (Swift compares
    /// `\r\n` as one `Character`, so a character-wise replacement could miss it).
    static func unixLineBreaks(_ text: String) -> String {
        guard text.utf8.contains(13) else { return text }
        var scalars = String.UnicodeScalarView()
        var afterCarriageReturn = false
        for scalar in text.unicodeScalars {
            if scalar == "\n", afterCarriageReturn {
                afterCarriageReturn = false
                continue
            }
            afterCarriageReturn = scalar == "\r"
            scalars.append(afterCarriageReturn ? "\n" : scalar)
        }
        return String(scalars)
    }

    private static func location(_ mark: Mark?) -> SourceLocation {
        guard let mark else { return .wholeFile }
        return SourceLocation(line: mark.line, column: mark.column)
    }

    private static func convert(_ node: Node, depth: Int, nodeCount: inout Int, sink: DiagnosticSink) -> RuleNode? {
        let at = location(node.mark)
        nodeCount += 1
        if nodeCount == maximumNodes + 1 {
            sink.report(.tooManyNodes, at: at,
                        en: "the file has more than \(maximumNodes) values",
                        zh: "文件中的值超过 \(maximumNodes) 个")
        }
        if nodeCount > maximumNodes { return nil }
        guard depth <= maximumDepth else {
            sink.report(.nestingTooDeep, at: at,
                        en: "nesting is deeper than \(maximumDepth) levels",
                        zh: "嵌套层级超过 \(maximumDepth) 层")
            return nil
        }
        // Explicit tags, anchors and aliases were reported from libyaml's events
        // (`YAMLEventPrecheck`), which know where a node's properties are; an anchor stops the
        // file before Yams composes it, so none reaches here.
        switch node {
        case .scalar(let scalar):
            return RuleNode(content: .scalar(scalar.string, plain: scalar.style == .plain), location: at)
        case .sequence(let sequence):
            var items: [RuleNode] = []
            for item in sequence {
                if let converted = convert(item, depth: depth + 1, nodeCount: &nodeCount, sink: sink) {
                    items.append(converted)
                }
            }
            return RuleNode(content: .sequence(items), location: at)
        case .mapping(let mapping):
            var pairs: [(key: RuleNode, value: RuleNode)] = []
            // Yams compares keys with their resolved type, so `2` and `"2"` passed as two keys;
            // the rule file reads every key as text, and the second would silently lose.
            var seenKeys: Set<String> = []
            for (key, value) in mapping {
                if case .scalar(let k) = key, !seenKeys.insert(k.string).inserted {
                    sink.report(.duplicateKey, at: location(key.mark),
                                en: "key \"\(k.string)\" appears more than once in the same mapping",
                                zh: "同一映射中键“\(k.string)”出现了多次")
                    continue
                }
                if case .scalar(let k) = key, k.string == "<<", k.style == .plain {
                    sink.report(.mergeKeyNotAllowed, at: location(key.mark),
                                en: "merge keys (<<) are not allowed; write each key out in full",
                                zh: "不允许使用合并键（<<），请把每个键完整写出")
                    continue
                }
                guard let k = convert(key, depth: depth + 1, nodeCount: &nodeCount, sink: sink),
                      let v = convert(value, depth: depth + 1, nodeCount: &nodeCount, sink: sink) else { continue }
                pairs.append((k, v))
            }
            return RuleNode(content: .mapping(pairs), location: at)
        case .alias:
            sink.report(.anchorNotAllowed, at: at,
                        en: "aliases (*name) are not allowed; write each value out in full",
                        zh: "不允许使用别名（*名称），请把每个值完整写出")
            return nil
        }
    }

    /// The later line on which `key` starts at the column of its first occurrence `first`.
    private static func repeatedKey(_ key: String, after first: Mark, in text: String) -> SourceLocation? {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        guard first.line >= 1, first.column >= 1, first.line < lines.count else { return nil }
        for index in first.line..<lines.count {
            let line = lines[index]
            let indent = line.prefix { $0 == " " }.count
            guard indent == first.column - 1 else { continue }
            let rest = line.dropFirst(indent)
            if rest.hasPrefix(key + ":") || rest.hasPrefix("\"\(key)\":") || rest.hasPrefix("'\(key)':") {
                return SourceLocation(line: index + 1, column: first.column)
            }
        }
        return nil
    }

    private static func reportYAMLError(_ error: YamlError, text: String, into sink: DiagnosticSink) {
        switch error {
        case .scanner(let context, let problem, let mark, _), .parser(let context, let problem, let mark, _):
            // An unclosed quote or bracket is noticed where the text stops making sense, often
            // many lines later (at the next quote, or the end of the file); libyaml's context
            // mark is where the quote or bracket opened, which is the line to fix. Other contexts
            // ("while parsing a block mapping") start far above the mistake: the problem's own
            // position is the better one there.
            let seen = "\(mark.line):\(mark.column)"
            if let lookalike = LookalikeCharacters.find(in: text, atOrBefore: mark.line, context: context.map { $0.mark.line }) {
                sink.report(.yamlSyntax, at: SourceLocation(line: lookalike.line, column: lookalike.column),
                            en: "YAML syntax error: \(lookalike.en) (the parser stopped at \(seen): \(problem))",
                            zh: "YAML 语法错误：\(lookalike.zh)（解析在 \(seen) 处中止）")
            } else if let quote = UnclosedQuoteScan.openQuote(before: mark.line, in: text) {
                sink.report(.yamlSyntax, at: SourceLocation(line: quote.line, column: quote.column),
                            en: "YAML syntax error: this quote is not closed on its line, so the value runs on to the next quote (\(problem) at \(seen))",
                            zh: "YAML 语法错误：此处的引号在本行没有闭合，值一直延续到下一个引号（在 \(seen) 处，解析器的英文提示：\(problem)）")
            } else if let context, context.text.contains("quoted scalar") || context.text.contains("flow") {
                sink.report(.yamlSyntax, at: location(context.mark),
                            en: "YAML syntax error: \(context.text) opened here and never closed (\(problem) at \(seen))",
                            zh: "YAML 语法错误：此处开始的引号或括号没有闭合（在 \(seen) 处，解析器的英文提示：\(problem)）")
            } else {
                sink.report(.yamlSyntax, at: location(mark),
                            en: "YAML syntax error: \(problem)", zh: "YAML 语法错误（解析器的英文提示：\(problem)）")
            }
        case .composer(_, let problem, let mark, _) where problem.contains("another document"):
            // libyaml's words ("but found another document") did not say what is wrong, and
            // were all the Chinese message had (helper 115).
            sink.report(.yamlSyntax, at: location(mark),
                        en: "the file holds more than one YAML document (a --- line here starts another); a rule file is one document",
                        zh: "文件中有多个 YAML 文档（此处的 --- 行开始了另一个）；规则文件只能有一个文档")
        case .composer(_, let problem, let mark, _):
            let isAlias = problem.contains("alias")
            sink.report(isAlias ? .anchorNotAllowed : .yamlSyntax, at: location(mark),
                        en: isAlias ? "aliases (*name) are not allowed: \(problem)" : "YAML structure error: \(problem)",
                        zh: isAlias ? "不允许使用别名（*名称）（解析器的英文提示：\(problem)）" : "YAML 结构错误（解析器的英文提示：\(problem)）")
        case .duplicatedKeysInMapping(let duplicates, let context):
            // Yams marks the first occurrence; the one to delete or rename is the repeat, so that
            // is cited when it is written at the same place on a later line (block mappings).
            let first = context.mark
            let repeated = duplicates.count == 1 ? repeatedKey(duplicates[0], after: first, in: text) : nil
            sink.report(.duplicateKey, at: repeated ?? location(first),
                        en: "key \(duplicates.map { "\"\($0)\"" }.joined(separator: ", ")) appears more than once in the same mapping (first at line \(first.line))",
                        zh: "同一映射中键 \(duplicates.map { "“\($0)”" }.joined(separator: "、")) 出现了多次（第一次在第 \(first.line) 行）")
        case .reader(let problem, _, _, _):
            if let refused = RefusedCharacterScan.first(in: text) {
                let name = RefusedCharacterScan.codePoint(refused.scalar)
                sink.report(.yamlSyntax, at: SourceLocation(line: refused.line, column: refused.column),
                            en: "an invisible control character (\(name)) is here; YAML does not allow it: delete it",
                            zh: "此处有一个看不见的控制字符（\(name)），YAML 不允许：请删除它")
            } else {
                sink.report(.notUTF8, at: .wholeFile, en: "cannot decode the file: \(problem)", zh: "无法解码文件：\(problem)")
            }
        default:
            sink.report(.yamlSyntax, at: .wholeFile, en: "cannot read YAML: \(error)", zh: "无法读取 YAML：\(error)")
        }
    }
}
