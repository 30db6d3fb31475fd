/// The rule file as a plain tree with a location on every node: what remains of the YAML after the
/// loader has refused the features rule files must not use (anchors, aliases, merge keys, tags).
///
/// Working on this tree instead of Yams' `Node` keeps Yams' implicit type resolution (which follows
/// YAML 1.1 and turns `no` into `false`) out of the rule semantics: every scalar stays the exact
/// text the author typed, plus whether it was quoted.
struct RuleNode {
    enum Content {
        /// `plain` is false for quoted and block scalars.
        case scalar(String, plain: Bool)
        case mapping([(key: RuleNode, value: RuleNode)])
        case sequence([RuleNode])
    }

    let content: Content
    let location: SourceLocation

    /// A short noun for messages ("a mapping", "a list", "text").
    var kindNameEN: String {
        switch content {
        case .scalar: "a single value"
        case .mapping: "a mapping"
        case .sequence: "a list"
        }
    }

    var kindNameZH: String {
        switch content {
        case .scalar: "单个值"
        case .mapping: "映射（键: 值）"
        case .sequence: "列表"
        }
    }
}
