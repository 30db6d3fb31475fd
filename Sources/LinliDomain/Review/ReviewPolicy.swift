import Foundation

/// The community's review policy: which listings skip the queue, what raises their priority, how
/// long a moderator's claim lasts, when listings expire. The rule file will provide these numbers;
/// the defaults below are a cautious starting point for a neighbourhood that has no rule file yet.
public struct ReviewPolicy: Sendable, Equatable {
    /// Words that hold a post for review even for trusted members (scam and grey-market phrases).
    /// Matched as substrings of every text a neighbour reads, folded (`HotwordFolding`: case,
    /// full-width forms, spaces and punctuation, traditional characters).
    public var hotwords: [String] { didSet { folding = HotwordFolding(hotwords) } }
    /// `hotwords` folded once, as the pre-screen looks for them.
    private var folding: HotwordFolding
    /// A member's first N listings are always reviewed (new members are where false listings come from).
    public var newMemberReviewCount: Int
    /// An item's declared cost above this multiple of its category's median raises a signal.
    public var declaredCostMedianFactor: Decimal
    /// The median is only trusted with at least this many priced items in the category.
    public var medianMinimumSample: Int
    /// A title identical to another listing's within this many days raises a signal (copy-paste spam).
    public var repeatedTitleWindowDays: Int
    /// Whether trusted members may publish without review (Freegle style); hotwords still hold.
    public var trustedAutoPublish: Bool
    /// "Trusted": at least this many completed exchanges…
    public var trustedMinCompletedExchanges: Int
    /// …and at most this many upheld reports (normally zero)…
    public var trustedMaxUpheldReports: Int
    /// …and at least this credit level (0: any). The store computes the level only when it matters.
    public var trustedMinCreditLevel = 0
    /// How long a moderator's claim on a review item lasts before others may take it.
    public var claimLeaseSeconds: Int
    /// How long a published listing stays up, per kind.
    public var expiryDays: [ListingKind: Int]
    /// Priority points each pre-screen signal adds.
    public var signalWeights: [PreScreenSignal.Code: Int]

    public init(
        hotwords: [String] = ReviewPolicy.defaultHotwords, newMemberReviewCount: Int = 3,
        declaredCostMedianFactor: Decimal = 3, medianMinimumSample: Int = 5, repeatedTitleWindowDays: Int = 30,
        trustedAutoPublish: Bool = false, trustedMinCompletedExchanges: Int = 5, trustedMaxUpheldReports: Int = 0,
        claimLeaseSeconds: Int = 900, expiryDays: [ListingKind: Int] = [.item: 60, .time: 30, .skill: 90],
        signalWeights: [PreScreenSignal.Code: Int] = ReviewPolicy.defaultWeights
    ) {
        self.hotwords = hotwords
        folding = HotwordFolding(hotwords)
        self.newMemberReviewCount = newMemberReviewCount
        self.declaredCostMedianFactor = declaredCostMedianFactor
        self.medianMinimumSample = medianMinimumSample
        self.repeatedTitleWindowDays = repeatedTitleWindowDays
        self.trustedAutoPublish = trustedAutoPublish
        self.trustedMinCompletedExchanges = trustedMinCompletedExchanges
        self.trustedMaxUpheldReports = trustedMaxUpheldReports
        self.claimLeaseSeconds = claimLeaseSeconds
        self.expiryDays = expiryDays
        self.signalWeights = signalWeights
    }

    public static let defaultHotwords = ["加微信", "微商", "代购", "刷单", "返利", "高利贷", "贷款", "保健品", "先付定金", "转账"]

    /// Hotwords weigh most (likely scams), then prices far off the median, then the rest.
    public static let defaultWeights: [PreScreenSignal.Code: Int] = [
        .hotword: 50, .declaredCostAboveMedian: 30, .correctionRevised: 30, .repeatedTitle: 20, .tooFewPhotos: 15, .newMember: 10
    ]

    public func weight(_ code: PreScreenSignal.Code) -> Int { signalWeights[code] ?? 10 }

    /// The first hotword `text` carries (folded, `HotwordFolding`), if any: what holds a post for
    /// review. Named as configured.
    public func hotword(in text: String) -> String? {
        folding.first(in: text)
    }

    public func expiryInterval(for kind: ListingKind) -> TimeInterval {
        TimeInterval(expiryDays[kind] ?? 60) * 86_400
    }

    /// Whether the member's record earns auto-publication under this policy.
    public func isTrusted(_ record: MemberTrackRecord) -> Bool {
        trustedAutoPublish && record.completedExchanges >= trustedMinCompletedExchanges
            && record.upheldReports <= trustedMaxUpheldReports
            && (trustedMinCreditLevel == 0 || (record.creditLevel ?? 0) >= trustedMinCreditLevel)
    }
}

/// What the review policy needs to know about a member's past.
public struct MemberTrackRecord: Sendable, Equatable {
    public var completedExchanges: Int
    public var upheldReports: Int
    /// The member's credit level, when the policy asks for one (nil: not computed).
    public var creditLevel: Int?

    public init(completedExchanges: Int, upheldReports: Int, creditLevel: Int? = nil) {
        self.completedExchanges = completedExchanges
        self.upheldReports = upheldReports
        self.creditLevel = creditLevel
    }
}
