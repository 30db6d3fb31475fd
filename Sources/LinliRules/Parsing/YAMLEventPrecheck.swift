// libyaml itself, below Yams: Yams depends on it (target CYaml), so the module is built with every
// checkout; it is not a product of its own, and only this file imports it.
import CYaml

/// A pass over the file's YAML events before Yams builds any node.
///
/// Why: Yams replaces every alias with the node it names while it composes the document, and
/// checks each mapping for duplicate keys by hashing its keys, which walks the whole expanded
/// node. A few hundred bytes of nested aliases used as a key (`? *h`, each level ten aliases of
/// the one before) made that 10⁸ steps, on the single writer, before `convert` could refuse the
/// anchors. Here an alias or an anchor is refused at its `line:column` before composing, and the
/// node count and depth limits are held, so composing is bounded by the file's size. Explicit tags
/// are reported here too: libyaml knows where a node's properties are, while looking for `!` or
/// `&` in the text went wrong after a line break other than LF (CR, NEL, U+2028) or a BOM.
///
/// A key repeated within one mapping is reported here as well, at the repeat (the one to delete
/// or rename), every one of them: Yams stops at the first mapping with one and marks the first
/// occurrence, and finding the repeat again in the text missed flow mappings and `key :`
/// (helper 115).
///
/// A syntax error is left to Yams, whose messages the diagnostics already carry.
enum YAMLEventPrecheck {
    /// Where the pass is: in a mapping (the keys seen, with where each first stood, and whether
    /// the next node is a key) or a sequence.
    private enum Frame {
        case mapping(keys: [String: SourceLocation], expectingKey: Bool)
        case sequence
    }

    /// False when the file is refused (the diagnostic is reported to `sink`).
    static func check(_ text: String, maximumNodes: Int, maximumDepth: Int, into sink: DiagnosticSink) -> Bool {
        var parser = yaml_parser_t()
        guard yaml_parser_initialize(&parser) == 1 else { return true }
        defer { yaml_parser_delete(&parser) }
        var bytes = Array(text.utf8)
        return bytes.withUnsafeMutableBufferPointer { buffer in
            yaml_parser_set_encoding(&parser, YAML_UTF8_ENCODING)
            yaml_parser_set_input_string(&parser, buffer.baseAddress, buffer.count)
            var nodes = 0
            var depth = 0
            var frames: [Frame] = []
            var repeated = false
            /// A node ended in the current collection: in a mapping, a key is next after a value.
            func nodeEnded() {
                if case .mapping(let keys, let expectingKey)? = frames.last { frames[frames.count - 1] = .mapping(keys: keys, expectingKey: !expectingKey) }
            }
            while true {
                var event = yaml_event_t()
                guard yaml_parser_parse(&parser, &event) == 1 else { return true }
                defer { yaml_event_delete(&event) }
                let at = SourceLocation(line: Int(event.start_mark.line) + 1, column: Int(event.start_mark.column) + 1)
                var anchored = false
                var tagged = false
                switch event.type {
                case YAML_STREAM_END_EVENT:
                    return !repeated
                case YAML_ALIAS_EVENT:
                    sink.report(
                        .anchorNotAllowed, at: at, en: "aliases (*name) are not allowed; write each value out in full",
                        zh: "不允许使用别名（*名称），请把每个值完整写出")
                    return false
                case YAML_SCALAR_EVENT:
                    nodes += 1
                    anchored = event.data.scalar.anchor != nil
                    tagged = event.data.scalar.tag != nil
                    if case .mapping(var keys, true)? = frames.last {
                        let key = String(
                            decoding: UnsafeBufferPointer(start: event.data.scalar.value, count: event.data.scalar.length), as: UTF8.self)
                        if let first = keys[key] {
                            repeated = true
                            sink.report(
                                .duplicateKey, at: at,
                                en: "key \"\(key)\" appears more than once in the same mapping (first at line \(first.line))",
                                zh: "同一映射中键“\(key)”出现了多次（第一次在第 \(first.line) 行）")
                        } else {
                            keys[key] = at
                        }
                        frames[frames.count - 1] = .mapping(keys: keys, expectingKey: true)
                    }
                    nodeEnded()
                case YAML_SEQUENCE_START_EVENT:
                    nodes += 1
                    depth += 1
                    anchored = event.data.sequence_start.anchor != nil
                    tagged = event.data.sequence_start.tag != nil
                    frames.append(.sequence)
                case YAML_MAPPING_START_EVENT:
                    nodes += 1
                    depth += 1
                    anchored = event.data.mapping_start.anchor != nil
                    tagged = event.data.mapping_start.tag != nil
                    frames.append(.mapping(keys: [:], expectingKey: true))
                case YAML_SEQUENCE_END_EVENT, YAML_MAPPING_END_EVENT:
                    depth -= 1
                    if !frames.isEmpty { frames.removeLast() }
                    nodeEnded()
                default:
                    break
                }
                if anchored {
                    sink.report(
                        .anchorNotAllowed, at: at, en: "anchors (&name) and aliases (*name) are not allowed; write each value out in full",
                        zh: "不允许使用锚点（&名称）和别名（*名称），请把每个值完整写出")
                    return false
                }
                if tagged {
                    // Reported, and the pass goes on: a tag is harmless to compose, and the file's
                    // other problems are reported with it.
                    sink.report(
                        .tagNotAllowed, at: at,
                        en: "explicit YAML tags (!…) are not allowed; decimals are written as quoted strings",
                        zh: "不允许使用显式 YAML 标签（!…）；小数请写成带引号的字符串")
                }
                if nodes > maximumNodes {
                    sink.report(.tooManyNodes, at: at, en: "the file has more than \(maximumNodes) values", zh: "文件中的值超过 \(maximumNodes) 个")
                    return false
                }
                // A scalar inside the deepest collection sits one level below it.
                if depth + (event.type == YAML_SCALAR_EVENT ? 1 : 0) > maximumDepth {
                    sink.report(.nestingTooDeep, at: at, en: "nesting is deeper than \(maximumDepth) levels", zh: "嵌套层级超过 \(maximumDepth) 层")
                    return false
                }
            }
        }
    }
}
