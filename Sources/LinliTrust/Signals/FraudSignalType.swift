/// The automatic fraud signals of issue 6, by stable name (used in JSON, stored rows and reports).
public enum FraudSignalType: String, Sendable, Hashable, Codable, CaseIterable, Comparable {
    case velocity
    case selfDealing = "self_dealing"
    case reciprocity
    case ring
    case concentration
    case newAccountHighValue = "new_account_high_value"
    case costOutlier = "cost_outlier"
    case resale
    case ratingRing = "rating_ring"
    case reportCluster = "report_cluster"

    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rawValue < rhs.rawValue }

    /// Short human name.
    public func label(_ language: TrustLanguage) -> String {
        switch (self, language) {
        case (.velocity, .en): "Velocity"
        case (.velocity, .zh): "操作频率异常"
        case (.selfDealing, .en): "Self-dealing"
        case (.selfDealing, .zh): "自我交易"
        case (.reciprocity, .en): "Reciprocal exchanges"
        case (.reciprocity, .zh): "来回互换"
        case (.ring, .en): "Exchange ring"
        case (.ring, .zh): "积分环"
        case (.concentration, .en): "Earnings concentration"
        case (.concentration, .zh): "收入来源集中"
        case (.newAccountHighValue, .en): "New account, high value"
        case (.newAccountHighValue, .zh): "新账户高额交换"
        case (.costOutlier, .en): "Declared cost outlier"
        case (.costOutlier, .zh): "申报价值异常"
        case (.resale, .en): "Resale"
        case (.resale, .zh): "转卖"
        case (.ratingRing, .en): "Rating ring"
        case (.ratingRing, .zh): "互刷好评"
        case (.reportCluster, .en): "Report cluster"
        case (.reportCluster, .zh): "集中被举报"
        }
    }

    /// Whether consecutive findings of this type about the same accounts with overlapping evidence
    /// are one episode (a burst, a back-and-forth, a group that keeps rating each other) rather
    /// than separate findings. A rating ring found again each week with its newer ratings had been
    /// stored anew each time, 35 more each week, until the group's held points froze (helper 161 #1).
    var coalesces: Bool {
        switch self {
        case .velocity, .reciprocity, .concentration, .reportCluster, .ratingRing: true
        default: false
        }
    }
}

/// The languages trust explanations and reports are written in.
public enum TrustLanguage: String, Sendable, Hashable, Codable, CaseIterable {
    case zh
    case en
}
