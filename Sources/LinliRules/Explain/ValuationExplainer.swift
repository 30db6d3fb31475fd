import Foundation

/// Renders a stored valuation for people (zh or en text) and machines (JSON). The JSON is the
/// `Valuation` itself; the text is one line per step, citing the rule-file line behind each number.
public enum ValuationExplainer {
    public static func text(_ valuation: Valuation, language: ExplainLanguage, fileName: String? = nil) -> String {
        var lines: [String] = []
        let header = language == .zh
            ? "\(valuation.community) 规则第 \(valuation.ruleVersion) 版（\(valuation.contentHash.prefix(12))）估值：\(valuation.points) 积分"
            : "\(valuation.community) rules v\(valuation.ruleVersion) (\(valuation.contentHash.prefix(12))): \(valuation.points) points"
        lines.append(header)
        for (index, step) in valuation.steps.enumerated() {
            let name = language == .zh ? stepNameZH(step.step) : step.step.rawValue.replacingOccurrences(of: "_", with: " ")
            let factor = step.factor.map { "×\($0)" } ?? "  "
            let source: String
            if step.line > 0 {
                let file = fileName.map { "\($0):" } ?? ""
                source = language == .zh ? "（\(file)第 \(step.line) 行）" : " (\(file)line \(step.line))"
            } else {
                source = ""
            }
            let detail = language == .zh ? step.detailZH : step.detailEN
            lines.append("\(index + 1). \(name) \(factor) → \(step.value)  \(detail)\(source)")
        }
        return lines.joined(separator: "\n")
    }

    /// Pretty, key-sorted JSON: stable bytes for storage and golden comparisons.
    public static func json(_ valuation: Valuation) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        return try encoder.encode(valuation)
    }

    /// The step's name in Chinese (`rules diff --lang zh` reports the driving step by it too).
    public static func stepNameZH(_ step: PipelineStep) -> String {
        switch step {
        case .base: "基础值"
        case .condition: "成色"
        case .depreciation: "折旧"
        case .scarcity: "供需"
        case .timeSlot: "时段"
        case .intensity: "强度"
        case .certification: "资质"
        case .level: "水平"
        case .categoryWeight: "分类权重"
        case .caps: "上下限"
        case .round: "取整"
        }
    }
}
