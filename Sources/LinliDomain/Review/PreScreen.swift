import Foundation

/// The facts the pre-screen looks at, gathered by the store in the submit transaction.
public struct PreScreenFacts: Sendable {
    public var content: ListingContent
    public var category: ListingCategory
    public var record: MemberTrackRecord
    /// The owner's earlier listings that went beyond a draft.
    public var previousListings: Int
    /// Median declared cost in cents of priced items in the category, and how many there were.
    public var categoryMedianCents: Int?
    public var categorySampleSize: Int
    /// Other listings (any owner) with exactly this title in the policy window.
    public var identicalTitles: Int
    /// The owner's open (not dismissed) automatic fraud signals no moderator has decided about
    /// her yet: how many, and their combined score.
    public var openFraudSignalCount = 0
    public var openFraudSignalScore = 0
    /// For an edit of a listing whose valuation a moderator corrected, that correction when the
    /// edit changes its figures: the owner's points before it and the corrected points.
    public var revisedCorrection: (originalPoints: Int, correctedPoints: Int)?

    public init(
        content: ListingContent, category: ListingCategory, record: MemberTrackRecord, previousListings: Int,
        categoryMedianCents: Int?, categorySampleSize: Int, identicalTitles: Int
    ) {
        self.content = content
        self.category = category
        self.record = record
        self.previousListings = previousListings
        self.categoryMedianCents = categoryMedianCents
        self.categorySampleSize = categorySampleSize
        self.identicalTitles = identicalTitles
    }
}

/// The outcome of the pre-screen: the signals, the queue priority, and whether the listing may skip
/// the queue.
public struct PreScreenResult: Sendable, Equatable {
    public var signals: [PreScreenSignal]
    public var priority: Int
    public var autoPublish: Bool

    /// The priority without the owner's fraud-signal score, which changes as signals are raised
    /// and dismissed: the queue adds the current score to this.
    public var prescreenPriority: Int {
        priority - signals.filter { $0.code == .fraudSignals }.reduce(0) { $0 + $1.weight }
    }
}

/// Pure pre-screen of a submitted listing under a review policy.
public enum PreScreen {
    public static func evaluate(_ facts: PreScreenFacts, policy: ReviewPolicy) -> PreScreenResult {
        var signals: [PreScreenSignal] = []
        func add(_ code: PreScreenSignal.Code, _ parameters: [String: String]) {
            signals.append(PreScreenSignal(code: code, weight: policy.weight(code), parameters: parameters))
        }
        // Every text field a neighbour reads, place and area included: "加微信 abc123" as a place was
        // published unscreened (session 27 review).
        let text = [facts.content.title, facts.content.description, facts.content.skillName ?? "", facts.content.place ?? "",
                    facts.content.area ?? ""].joined(separator: "\n")
        if let word = policy.hotword(in: text) {
            add(.hotword, ["word": word])
        }
        if facts.content.kind == .item, facts.content.direction == .offer, facts.content.photos.count < facts.category.minPhotos {
            add(.tooFewPhotos, ["required": String(facts.category.minPhotos), "actual": String(facts.content.photos.count)])
        }
        if let declared = facts.content.declaredCost, let cents = DeclaredCost.cents(declared), let median = facts.categoryMedianCents,
            facts.categorySampleSize >= policy.medianMinimumSample, median > 0,
            Decimal(cents) > Decimal(median) * policy.declaredCostMedianFactor
        {
            add(.declaredCostAboveMedian, [
                "declared": declared, "median": String(format: "%d.%02d", median / 100, median % 100),
                "factor": "\(policy.declaredCostMedianFactor)",
            ])
        }
        if facts.previousListings < policy.newMemberReviewCount {
            add(.newMember, ["ordinal": String(facts.previousListings + 1), "limit": String(policy.newMemberReviewCount)])
        }
        if facts.identicalTitles > 0 {
            add(.repeatedTitle, ["count": String(facts.identicalTitles), "days": String(policy.repeatedTitleWindowDays)])
        }
        if facts.openFraudSignalCount > 0 {
            signals.append(PreScreenSignal(
                code: .fraudSignals, weight: facts.openFraudSignalScore,
                parameters: ["count": String(facts.openFraudSignalCount), "score": String(facts.openFraudSignalScore)]))
        }
        if let revised = facts.revisedCorrection {
            add(.correctionRevised, ["original_points": String(revised.originalPoints), "corrected_points": String(revised.correctedPoints)])
        }
        let priority = signals.reduce(0) { $0 + $1.weight }
        // Trusted members skip the queue unless a hotword, the first-listings rule, open fraud
        // signals or a revised correction hold the post; the other signals only order the queue
        // for listings that are reviewed anyway.
        let holding: Set<PreScreenSignal.Code> = [.hotword, .newMember, .fraudSignals, .correctionRevised]
        let auto = policy.isTrusted(facts.record) && !signals.contains { holding.contains($0.code) }
        return PreScreenResult(signals: signals, priority: priority, autoPublish: auto)
    }
}
