/// Windows and thresholds of the automatic fraud signals (issue 6). Section `fraud:`.
/// Each signal carries a `score` (0–100): signals raise review and case priority by their score,
/// and an exchange whose combined score reaches `freeze_holds_at_score` has its held points frozen
/// until a moderator decides.
public struct FraudPolicy: Sendable, Hashable, Codable {
    public var freezeHoldsAtScore: Int = 80
    public var velocity = Velocity()
    public var selfDealing = SelfDealing()
    public var reciprocity = Reciprocity()
    public var rings = Rings()
    public var concentration = Concentration()
    public var newAccountHighValue = NewAccountHighValue()
    public var costOutlier = CostOutlier()
    public var resale = Resale()
    public var ratingRings = RatingRings()
    public var reportClusters = ReportClusters()

    /// Too many actions by one member in a short time (`velocity`).
    public struct Velocity: Sendable, Hashable, Codable {
        public var listingsPerHour = 5
        public var listingsPerDay = 20
        public var exchangesPerDay = 10
        /// Below twice `moderation.reports_per_reporter_per_day`, or it can never fire: any 24
        /// hours span at most two local days (helper 176 #4: 10 beside 5 a day never fired). The
        /// default for a file that leaves it out stays 10, so versions communities adopted read
        /// as they did; the shipped presets say 4, and `rules check` warns of a file that sets it
        /// where it cannot fire.
        public var reportsPerDay = 10
        public var score = 30
    }

    /// Both sides of an exchange in one household or sharing a device/IP fingerprint
    /// (`self_dealing`). Added with the trust capability: the other signals already had a section.
    public struct SelfDealing: Sendable, Hashable, Codable {
        public var score = 70
        /// Whether a shared network address counts like a shared device (`use_ip_fingerprints`).
        /// Off by default: neighbours share a building's Wi-Fi, the community centre's network and
        /// their carrier's NAT, so an address alone says little about who is behind it.
        public var useIPFingerprints = false
        /// How recently a member must have used a device (or address) for it to link her to
        /// another member who used it (`fingerprint_days`). A grandchild's phone lent once, a
        /// second-hand phone or the centre's tablet linked residents for good: every exchange
        /// between them was flagged and none counted toward their credit (helper 161 #4).
        public var fingerprintDays = 90
    }

    /// A↔B exchanges back and forth (`reciprocity`).
    public struct Reciprocity: Sendable, Hashable, Codable {
        public var windowDays = 30
        /// Exchanges in each direction needed to fire (`min_round_trips`).
        public var minRoundTrips = 3
        public var score = 40
    }

    /// Points going round a directed cycle A→B→C(→D)→A (`rings`).
    public struct Rings: Sendable, Hashable, Codable {
        public var windowDays = 30
        public var minLength = 3
        public var maxLength = 4
        /// Smallest exchange value (points) that counts as an edge (`min_points`).
        public var minPoints = 10
        public var score = 60
    }

    /// Most of a member's earnings from one counterpart (`concentration`).
    public struct Concentration: Sendable, Hashable, Codable {
        public var windowDays = 30
        /// Share of earnings from the top counterpart (`min_share`, e.g. "0.80").
        public var minShare = RuleDecimal(units: 8_000)
        /// Only judged with at least this many exchanges (`min_exchanges`).
        public var minExchanges = 5
        public var score = 30
    }

    /// Young accounts with high values (`new_account_high_value`).
    public struct NewAccountHighValue: Sendable, Hashable, Codable {
        public var accountAgeDays = 14
        public var minPoints = 200
        public var score = 40
    }

    /// Declared cost far above the category median (`cost_outlier`).
    public struct CostOutlier: Sendable, Hashable, Codable {
        public var factor = RuleDecimal(integer: 5)
        public var minSamples = 10
        public var score = 25
    }

    /// An item received and relisted soon after (`resale`).
    public struct Resale: Sendable, Hashable, Codable {
        public var windowDays = 30
        public var score = 50
    }

    /// Reciprocal top ratings inside a small group (`rating_rings`). At least three by default: a
    /// helper and the neighbour she visits twice a week rate each other five stars as a matter of
    /// course (helper 161 #1); two accounts colluding are what reciprocity and self-dealing find.
    public struct RatingRings: Sendable, Hashable, Codable {
        public var windowDays = 60
        public var minGroupSize = 3
        public var maxGroupSize = 5
        /// Stars counted as a "top" rating (`top_stars`).
        public var topStars = 5
        /// Mutual top ratings per pair needed (`min_mutual_ratings`).
        public var minMutualRatings = 3
        public var score = 35
    }

    /// Many independent reporters against one target (`report_clusters`).
    public struct ReportClusters: Sendable, Hashable, Codable {
        public var windowDays = 7
        public var minIndependentReporters = 3
        public var score = 50
    }

    public init() {}

    /// `reportsPerReporterPerDay`: `moderation.reports_per_reporter_per_day`, which caps what one
    /// member can file in a local day, so `velocity.reports_per_day` at twice that or more can
    /// never be exceeded within 24 hours (two local days at most): warned of, as dead text.
    init(reading reader: MappingReader?, reportsPerReporterPerDay: Int) {
        defer {
            if let reader, velocity.reportsPerDay >= 2 * reportsPerReporterPerDay {
                let at = reader.node("velocity")?.location ?? reader.location
                reader.sink.report(
                    .thresholdOrder, at: at, severity: .warning,
                    en: "fraud.velocity.reports_per_day \(velocity.reportsPerDay) is at least twice moderation.reports_per_reporter_per_day (\(reportsPerReporterPerDay)); no one can file that many within 24 hours, so the signal never fires",
                    zh: "fraud.velocity.reports_per_day \(velocity.reportsPerDay) 不小于 moderation.reports_per_reporter_per_day（\(reportsPerReporterPerDay)）的两倍；24 小时内没有人能提交这么多举报，这一信号永远不会触发")
            }
        }
        guard let reader else { return }
        let days = 1...3650, score = 0...100
        freezeHoldsAtScore = reader.integer("freeze_holds_at_score", default: freezeHoldsAtScore, in: 0...1000)
        if let r = reader.child("velocity") {
            velocity.listingsPerHour = r.integer("listings_per_hour", default: velocity.listingsPerHour, in: 1...10_000)
            velocity.listingsPerDay = r.integer("listings_per_day", default: velocity.listingsPerDay, in: 1...100_000)
            velocity.exchangesPerDay = r.integer("exchanges_per_day", default: velocity.exchangesPerDay, in: 1...100_000)
            velocity.reportsPerDay = r.integer("reports_per_day", default: velocity.reportsPerDay, in: 1...100_000)
            velocity.score = r.integer("score", default: velocity.score, in: score)
            r.finish()
        }
        if let r = reader.child("self_dealing") {
            selfDealing.score = r.integer("score", default: selfDealing.score, in: score)
            selfDealing.useIPFingerprints = r.bool("use_ip_fingerprints", default: selfDealing.useIPFingerprints)
            selfDealing.fingerprintDays = r.integer("fingerprint_days", default: selfDealing.fingerprintDays, in: 1...3650)
            r.finish()
        }
        if let r = reader.child("reciprocity") {
            reciprocity.windowDays = r.integer("window_days", default: reciprocity.windowDays, in: days)
            reciprocity.minRoundTrips = r.integer("min_round_trips", default: reciprocity.minRoundTrips, in: 1...1000)
            reciprocity.score = r.integer("score", default: reciprocity.score, in: score)
            r.finish()
        }
        if let r = reader.child("rings") {
            rings.windowDays = r.integer("window_days", default: rings.windowDays, in: days)
            rings.minLength = r.integer("min_length", default: rings.minLength, in: 3...4)
            rings.maxLength = r.integer("max_length", default: rings.maxLength, in: 3...4)
            rings.minPoints = r.integer("min_points", default: rings.minPoints, in: 0...1_000_000)
            rings.score = r.integer("score", default: rings.score, in: score)
            if rings.maxLength < rings.minLength {
                r.sink.report(.thresholdOrder, at: r.location,
                              en: "fraud.rings.max_length must be at least min_length",
                              zh: "fraud.rings.max_length 不能小于 min_length")
            }
            r.finish()
        }
        if let r = reader.child("concentration") {
            concentration.windowDays = r.integer("window_days", default: concentration.windowDays, in: days)
            concentration.minShare = r.decimal("min_share", default: concentration.minShare,
                                               in: RuleDecimal(units: 1)...RuleDecimal.one).value
            concentration.minExchanges = r.integer("min_exchanges", default: concentration.minExchanges, in: 1...10_000)
            concentration.score = r.integer("score", default: concentration.score, in: score)
            r.finish()
        }
        if let r = reader.child("new_account_high_value") {
            newAccountHighValue.accountAgeDays = r.integer("account_age_days", default: newAccountHighValue.accountAgeDays, in: days)
            newAccountHighValue.minPoints = r.integer("min_points", default: newAccountHighValue.minPoints, in: 1...1_000_000)
            newAccountHighValue.score = r.integer("score", default: newAccountHighValue.score, in: score)
            r.finish()
        }
        if let r = reader.child("cost_outlier") {
            costOutlier.factor = r.decimal("factor", default: costOutlier.factor, in: RuleDecimal.one...RuleDecimal(integer: 1000)).value
            costOutlier.minSamples = r.integer("min_samples", default: costOutlier.minSamples, in: 1...100_000)
            costOutlier.score = r.integer("score", default: costOutlier.score, in: score)
            r.finish()
        }
        if let r = reader.child("resale") {
            resale.windowDays = r.integer("window_days", default: resale.windowDays, in: days)
            resale.score = r.integer("score", default: resale.score, in: score)
            r.finish()
        }
        if let r = reader.child("rating_rings") {
            ratingRings.windowDays = r.integer("window_days", default: ratingRings.windowDays, in: days)
            let writtenMinimum = r.integer("min_group_size", in: 2...20)?.value
            ratingRings.maxGroupSize = r.integer("max_group_size", default: ratingRings.maxGroupSize, in: 2...20)
            // Left out, the minimum is the default of three, but never above a maximum the file
            // sets: a file in force with `max_group_size: 2` written before the default was raised
            // must stay readable (helper 164 #4).
            ratingRings.minGroupSize = writtenMinimum ?? min(ratingRings.minGroupSize, ratingRings.maxGroupSize)
            ratingRings.topStars = r.integer("top_stars", default: ratingRings.topStars, in: 1...5)
            ratingRings.minMutualRatings = r.integer("min_mutual_ratings", default: ratingRings.minMutualRatings, in: 1...1000)
            ratingRings.score = r.integer("score", default: ratingRings.score, in: score)
            if ratingRings.maxGroupSize < ratingRings.minGroupSize {
                r.sink.report(.thresholdOrder, at: r.location,
                              en: "fraud.rating_rings.max_group_size must be at least min_group_size",
                              zh: "fraud.rating_rings.max_group_size 不能小于 min_group_size")
            }
            r.finish()
        }
        if let r = reader.child("report_clusters") {
            reportClusters.windowDays = r.integer("window_days", default: reportClusters.windowDays, in: days)
            reportClusters.minIndependentReporters = r.integer(
                "min_independent_reporters", default: reportClusters.minIndependentReporters, in: 2...1000)
            reportClusters.score = r.integer("score", default: reportClusters.score, in: score)
            r.finish()
        }
        reader.finish()
    }
}
