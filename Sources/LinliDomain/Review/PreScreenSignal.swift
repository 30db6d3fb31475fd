import Foundation

/// One named, explained reason why a submitted listing deserves a closer look. Signals raise the
/// review item's priority; moderators see each one with its explanation.
public struct PreScreenSignal: Codable, Sendable, Equatable {
    public enum Code: String, Codable, Sendable, CaseIterable {
        /// Title or description contains a policy hotword.
        case hotword
        /// Fewer photos than the category requires.
        case tooFewPhotos = "too_few_photos"
        /// Declared cost far above what similar items in the category declare.
        case declaredCostAboveMedian = "declared_cost_above_median"
        /// One of the member's first listings.
        case newMember = "new_member"
        /// Same title as another recent listing.
        case repeatedTitle = "repeated_title"
        /// The owner has open automatic fraud signals; the weight is their combined score, not a
        /// policy weight, so the riskier the member the higher the listing sits in the queue.
        case fraudSignals = "fraud_signals"
        /// An edit changes the figures a moderator corrected the listing's valuation to (cost,
        /// condition, hours, level…): a trusted member's edit would otherwise undo the correction
        /// without anyone seeing it, so it holds the edit for review.
        case correctionRevised = "correction_revised"
    }

    public var code: Code
    public var weight: Int
    /// Facts behind the signal (e.g. the matched word, the median), for the explanation.
    public var parameters: [String: String]

    public init(code: Code, weight: Int, parameters: [String: String]) {
        self.code = code
        self.weight = weight
        self.parameters = parameters
    }

    /// A sentence a moderator can read, in their language.
    public func explanation(in language: Language) -> String {
        let template: String
        switch (code, language) {
        case (.hotword, .zhCN): template = "标题或描述包含敏感词“{word}”。"
        case (.hotword, .en): template = "The title or description contains the hotword “{word}”."
        case (.tooFewPhotos, .zhCN): template = "该分类至少需要 {required} 张照片，实际 {actual} 张。"
        case (.tooFewPhotos, .en): template = "This category needs at least {required} photos; the listing has {actual}."
        case (.declaredCostAboveMedian, .zhCN): template = "申报价值 {declared} 元，超过同类中位数 {median} 元的 {factor} 倍。"
        case (.declaredCostAboveMedian, .en): template = "Declared cost {declared} yuan is over {factor}× the category median of {median} yuan."
        case (.newMember, .zhCN): template = "新成员的第 {ordinal} 条发布（前 {limit} 条均需审核）。"
        case (.newMember, .en): template = "Listing number {ordinal} of a new member (the first {limit} are always reviewed)."
        case (.repeatedTitle, .zhCN): template = "近 {days} 天内已有 {count} 条标题完全相同的发布。"
        case (.repeatedTitle, .en): template = "{count} other listings in the last {days} days have exactly this title."
        case (.fraudSignals, .zhCN): template = "发布者有 {count} 个未处理的风险信号（合计分值 {score}）。"
        case (.fraudSignals, .en): template = "The owner has {count} fraud signal(s) no moderator has decided yet, with a combined score of {score}."
        case (.correctionRevised, .zhCN): template = "审核员曾修正此发布的估值依据（原 {original_points} 分，修正为 {corrected_points} 分），本次编辑再次改动了这些数据。"
        case (.correctionRevised, .en): template = "A moderator corrected the figures this listing is valued on ({original_points} points corrected to {corrected_points}); this edit changes them again."
        }
        return ErrorCatalog.fill(template, parameters)
    }
}
