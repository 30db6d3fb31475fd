import Foundation

/// Moderator review and pre-screen settings, read by the listing capability (issue 4). Section
/// `review:`.
public struct ReviewPolicy: Sendable, Hashable, Codable {
    /// Words or phrases that hold a post for review even for trusted members (`hotwords`).
    public var hotwords: [String] = []
    /// A member's first N listings always go to review (`new_member_reviewed_listings`).
    public var newMemberReviewedListings: Int = 3
    /// Declared cost above this multiple of the category median raises a signal
    /// (`cost_outlier_factor`).
    public var costOutlierFactor: RuleDecimal = RuleDecimal(integer: 3)
    /// The median is only trusted with at least this many listings in the category
    /// (`cost_outlier_min_samples`).
    public var costOutlierMinSamples: Int = 10
    /// Identical titles by the same member within this many days raise a signal
    /// (`duplicate_title_window_days`).
    public var duplicateTitleWindowDays: Int = 7
    /// Minutes a moderator's claim lasts before the item returns to the queue (`claim_lease_minutes`).
    public var claimLeaseMinutes: Int = 15
    /// Freegle-style direct publishing for proven members (`trusted_auto_publish`).
    public var trustedAutoPublish = TrustedAutoPublish()

    /// When a member may skip review (hotwords still hold the post).
    public struct TrustedAutoPublish: Sendable, Hashable, Codable {
        /// Whether direct publishing exists at all (`enabled`).
        public var enabled: Bool = false
        /// Completed exchanges needed (`min_completed_exchanges`).
        public var minCompletedExchanges: Int = 5
        /// No upheld report against the member, ever (`require_no_upheld_reports`).
        public var requireNoUpheldReports: Bool = true
        /// Minimum credit level (`min_credit_level`); 0 means any.
        public var minCreditLevel: Int = 0
        public init() {}
    }

    public init() {}

    /// Separators a Chinese keyboard types where YAML's comma was meant.
    static let listSeparators: Set<Character> = ["，", "、", "；", ";", ","]

    /// The words of one `hotwords` item. Helper 138: `[代购，微商，加微信]` typed with full-width
    /// commas is one item, the whole phrase, which no listing ever contains: the screen was off
    /// without a word. Such an item is read as the words it joins, with a warning naming them (a
    /// warning, not an error: a file already in force with it must stay readable, and now screens
    /// as its authors meant).
    static func words(in item: Located<String>, sink: DiagnosticSink) -> [String] {
        let words = item.value.split(whereSeparator: { listSeparators.contains($0) })
            .map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        if words.count > 1 {
            let listed = words.joined(separator: ", ")
            sink.report(
                .severalWordsInOneItem, at: item.location, severity: .warning,
                en: "review.hotwords: “\(item.value)” is one item holding \(words.count) words, read as \(listed); YAML separates items with an ASCII comma: write [\(listed)]",
                zh: "review.hotwords：“\(item.value)”是一项，含 \(words.count) 个词，已按 \(listed) 分别读取；YAML 列表要用英文逗号分隔，请写成 [\(listed)]")
        }
        return words
    }

    /// `highestCreditLevel`: the rule file's highest credit level; a trusted level above it, with
    /// direct publishing enabled, is warned about (no one could ever publish directly: `enabled:
    /// true` in effect switched off). A warning, not an error: it harms no one, and files already
    /// in force with it must stay readable (an error would make every step of their community
    /// answer 503).
    init(reading reader: MappingReader?, highestCreditLevel: Int) {
        guard let reader else { return }
        if let words = reader.stringList("hotwords") {
            hotwords = words.flatMap { Self.words(in: $0, sink: reader.sink) }
        }
        newMemberReviewedListings = reader.integer("new_member_reviewed_listings", default: newMemberReviewedListings, in: 0...1000)
        costOutlierFactor = reader.decimal("cost_outlier_factor", default: costOutlierFactor,
                                           in: RuleDecimal.one...RuleDecimal(integer: 1000)).value
        costOutlierMinSamples = reader.integer("cost_outlier_min_samples", default: costOutlierMinSamples, in: 1...100_000)
        duplicateTitleWindowDays = reader.integer("duplicate_title_window_days", default: duplicateTitleWindowDays, in: 0...365)
        claimLeaseMinutes = reader.integer("claim_lease_minutes", default: claimLeaseMinutes, in: 1...1440)
        if let trusted = reader.child("trusted_auto_publish") {
            trustedAutoPublish.enabled = trusted.bool("enabled", default: trustedAutoPublish.enabled)
            trustedAutoPublish.minCompletedExchanges = trusted.integer(
                "min_completed_exchanges", default: trustedAutoPublish.minCompletedExchanges, in: 0...10_000)
            trustedAutoPublish.requireNoUpheldReports = trusted.bool(
                "require_no_upheld_reports", default: trustedAutoPublish.requireNoUpheldReports)
            if let level = trusted.integer("min_credit_level", in: 0...100) {
                trustedAutoPublish.minCreditLevel = level.value
                if trustedAutoPublish.enabled, level.value > highestCreditLevel {
                    trusted.sink.report(
                        .thresholdOrder, at: level.location, severity: .warning,
                        en: "review.trusted_auto_publish.min_credit_level \(level.value) is above the highest credit level (\(highestCreditLevel)); no member could ever publish without review",
                        zh: "review.trusted_auto_publish.min_credit_level \(level.value) 高于最高信用等级（\(highestCreditLevel)），没有任何成员能免审发布")
                }
            }
            trusted.finish()
        }
        reader.finish()
    }
}
