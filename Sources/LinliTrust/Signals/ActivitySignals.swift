import Foundation
import LinliDomain
import LinliRules

/// The signals that are not about one exchange: listing and report velocity, declared-cost
/// outliers, resale, rating rings and report clusters. Computed over a whole snapshot.
struct ActivitySignals {
    let snapshot: TrustSnapshot
    let policy: FraudPolicy
    let now: Date

    func all() -> [FraudSignal] {
        listingVelocity() + reportVelocity() + costOutliers() + resale() + ratingRings() + reportClusters()
    }

    /// Listings per member per hour and per day above `velocity.listings_per_hour` / `_per_day`.
    func listingVelocity() -> [FraudSignal] {
        let byOwner = Dictionary(grouping: snapshot.listings, by: \.owner)
        var found: [FraudSignal] = []
        for (owner, listings) in byOwner {
            let sorted = listings.sorted { ($0.createdAt, $0.id) < ($1.createdAt, $1.id) }
            for (span, limit, zh, en) in [
                (3600.0, policy.velocity.listingsPerHour, "1 小时", "one hour"),
                (86_400.0, policy.velocity.listingsPerDay, "24 小时", "24 hours"),
            ] {
                for burst in Self.bursts(sorted.map(\.createdAt), span: span, above: limit) {
                    let ids = sorted[burst].map(\.id)
                    found.append(FraudSignal(
                        type: .velocity, score: policy.velocity.score, subjects: [owner],
                        evidence: SignalEvidence(members: [owner], listings: ids), at: sorted[burst.upperBound - 1].createdAt,
                        explanationZH: "\(owner) 在 \(zh) 内发布 \(ids.count) 条信息，超过上限 \(limit)",
                        explanationEN: "\(owner) created \(ids.count) listings within \(en), above the limit of \(limit)"))
                }
            }
        }
        return found
    }

    /// Reports filed per member per day above `velocity.reports_per_day`.
    func reportVelocity() -> [FraudSignal] {
        let limit = policy.velocity.reportsPerDay
        var found: [FraudSignal] = []
        for (reporter, reports) in Dictionary(grouping: snapshot.reports, by: \.reporter) {
            let sorted = reports.sorted { ($0.at, $0.id) < ($1.at, $1.id) }
            for burst in Self.bursts(sorted.map(\.at), span: 86_400, above: limit) {
                let ids = sorted[burst].map(\.id)
                found.append(FraudSignal(
                    type: .velocity, score: policy.velocity.score, subjects: [reporter],
                    evidence: SignalEvidence(members: [reporter], reports: ids), at: sorted[burst.upperBound - 1].at,
                    explanationZH: "\(reporter) 在 24 小时内提交 \(ids.count) 条举报，超过上限 \(limit)",
                    explanationEN: "\(reporter) filed \(ids.count) reports within 24 hours, above the limit of \(limit)"))
            }
        }
        return found
    }

    /// Maximal runs of sorted times where more than `limit` fall inside one `span` (seconds), merged
    /// when they overlap: one finding per burst.
    static func bursts(_ times: [Date], span: TimeInterval, above limit: Int) -> [Range<Int>] {
        var runs: [Range<Int>] = []
        var start = 0
        for end in times.indices {
            while times[end].timeIntervalSince(times[start]) >= span { start += 1 }
            guard end - start + 1 > limit else { continue }
            if let last = runs.last, last.upperBound > start {
                runs[runs.count - 1] = last.lowerBound..<(end + 1)
            } else {
                runs.append(start..<(end + 1))
            }
        }
        return runs
    }

    /// Items whose declared cost is above `cost_outlier.factor` × the median of their category
    /// (only categories with at least `min_samples` declared costs).
    func costOutliers() -> [FraudSignal] {
        let statistics = CategoryCostStatistics(listings: snapshot.listings)
        return snapshot.listings.compactMap { listing in
            CostOutlierCheck(policy: policy.costOutlier, statistics: statistics).signal(for: listing)
        }
    }

    /// An item received through an exchange and relisted (or sold) by the receiver within the window.
    func resale() -> [FraudSignal] {
        let rule = policy.resale
        var receipts: [ListingID: [TrustExchange]] = [:]
        for exchange in snapshot.exchanges where exchange.isItem && exchange.outcome == .completed {
            if let listing = exchange.listingID { receipts[listing, default: []].append(exchange) }
        }
        var events: [(member: MemberID, original: ListingID, at: Date, relisted: ListingID?)] =
            snapshot.listings.compactMap { listing in
                listing.relistOf.map { (listing.owner, $0, listing.createdAt, listing.id) }
            }
        events += snapshot.itemSales.map { ($0.member, $0.listingID, $0.at, nil) }
        var found: [FraudSignal] = []
        for event in events {
            guard let receipt = receipts[event.original]?.last(where: {
                $0.payer == event.member && $0.at <= event.at
                    && event.at.timeIntervalSince($0.at) <= TimeInterval(rule.windowDays) * 86_400
            }) else { continue }
            let days = Int(event.at.timeIntervalSince(receipt.at) / 86_400)
            let how = event.relisted.map { ("重新发布为 \($0)", "relisted it as \($0)") } ?? ("转手卖出", "sold it on")
            found.append(FraudSignal(
                type: .resale, score: rule.score, subjects: [event.member],
                evidence: SignalEvidence(
                    exchanges: [receipt.id], members: [event.member, receipt.provider],
                    listings: [event.original] + (event.relisted.map { [$0] } ?? [])),
                at: event.at,
                explanationZH: "\(event.member) 通过交换获得物品 \(event.original)（结算转账 \(receipt.id)），\(days) 天后\(how.0)",
                explanationEN: "\(event.member) received item \(event.original) in an exchange (settlement transfer \(receipt.id)) and \(how.1) \(days) days later"))
        }
        return found
    }

    /// Groups of `min_group_size`…`max_group_size` members joined by pairs that gave each other at
    /// least `min_mutual_ratings` top ratings in the window.
    func ratingRings() -> [FraudSignal] {
        RatingRingFinder(policy: policy.ratingRings, now: now).rings(in: snapshot.ratings, members: snapshot.members)
    }

    /// Targets reported by at least `min_independent_reporters` independent reporters in the window.
    func reportClusters() -> [FraudSignal] {
        ReportClusterFinder(policy: policy.reportClusters, now: now).clusters(in: snapshot.reports, members: snapshot.members)
    }
}
