import Foundation
import LinliDomain
import LinliRules

/// Computes credit scores from a snapshot with the rule file's `credit_score` weights.
///
/// Ring resistance (the choice, and why): a rating counts `(stars − 3) × the rater's standing`, where
/// standing is the rater's *rating-free* score — every component except ratings — mapped onto 0…1
/// over `base`…`maximum` (0 at or below the base). Ratings therefore cannot lift the weight of other ratings, so a group
/// of fresh accounts praising each other gains only what their own age, verification and completed
/// exchanges are worth, with no feedback loop to iterate. On top of that each rater counts once per
/// ratee (their mean stars), and raters in the ratee's household or sharing a device/IP fingerprint
/// count zero. Arithmetic is exact to 1/10,000 and truncates toward zero beyond that.
///
/// A moderator's `deduct_credit` action (a strike "against the member's credit score") counts
/// while it stands (not overturned on appeal) and is younger than the rule file's
/// `moderation.strike_window_days`, at the `upheld_report` weight: the upheld report behind it
/// already counts once, so a deduction costs the member that much again, and more than a warning.
public struct CreditScorer: Sendable {
    public let policy: CreditScorePolicy
    /// Days a `deduct_credit` action counts (`moderation.strike_window_days`).
    public let deductionWindowDays: Int

    public init(policy: CreditScorePolicy, deductionWindowDays: Int = ModerationPolicy().strikeWindowDays) {
        self.policy = policy
        self.deductionWindowDays = deductionWindowDays
    }

    /// Scores of every member in the snapshot, as of `now` (later events are ignored).
    public func scores(_ snapshot: TrustSnapshot, now: Date) -> [MemberID: CreditScore] {
        let inputs = Inputs(
            snapshot, now: now, deductionWindowDays: deductionWindowDays, perCounterpartyCap: policy.completedExchangePerCounterpartyCap)
        var ratingFree: [MemberID: [CreditComponent]] = [:]
        for member in snapshot.members { ratingFree[member.id] = baseComponents(member, inputs, now: now) }
        let standing = ratingFree.mapValues { self.standing(of: $0) }
        var result: [MemberID: CreditScore] = [:]
        for member in snapshot.members {
            var components = ratingFree[member.id] ?? []
            components.insert(ratingComponent(member, inputs, standing: standing), at: 1)
            result[member.id] = finish(member.id, components, now: now)
        }
        return result
    }

    /// The score of one member (computed with the whole snapshot, since raters' standing matters).
    public func score(of member: MemberID, in snapshot: TrustSnapshot, now: Date) -> CreditScore? {
        scores(snapshot, now: now)[member]
    }

    /// The rater's standing, 0…1 (as a decimal), from the rating-free components: how far they
    /// stand above the `base` every member starts at, over `base`…`maximum`; 0 at or below it.
    ///
    /// Measured from the base, not from `minimum`: from the minimum, an account created a minute
    /// ago already stood at 0.6 (the base of 60 over 0…100), so ten throwaway accounts moved a
    /// neighbour's score by twelve points, whereas the ring resistance promises that they carry
    /// only what their own age, verification and completed exchanges are worth.
    func standing(of components: [CreditComponent]) -> RuleDecimal {
        let total = components.reduce(policy.base.units) { $0 + $1.contribution.units }
        let span = policy.maximum.units - policy.base.units
        guard span > 0 else { return .zero }
        let above = min(max(total, policy.base.units), policy.maximum.units) - policy.base.units
        return RuleDecimal(units: above * RuleDecimal.scale / span)
    }

    private func baseComponents(_ member: TrustMember, _ inputs: Inputs, now: Date) -> [CreditComponent] {
        let id = member.id
        let completed = min(inputs.completed[id, default: 0], policy.completedExchangeCap)
        let days = max(0, Int(now.timeIntervalSince(member.createdAt) / 86_400))
        let months = min(days / 30, policy.accountAgeCapMonths)
        return [
            completedComponent(count: completed),
            component(.upheldReports, count: inputs.upheldReports[id, default: 0], weight: policy.upheldReport,
                      zh: "被举报查实", en: "upheld reports against the member"),
            component(.creditDeductions, count: inputs.deductions[id, default: 0], weight: policy.upheldReport,
                      zh: "审核员扣分（\(deductionWindowDays) 天内，按被举报查实计）",
                      en: "credit deductions by moderators (within \(deductionWindowDays) days, weighed as an upheld report)"),
            component(.noShows, count: inputs.noShows[id, default: 0], weight: policy.noShow, zh: "爽约", en: "no-shows"),
            component(.lostDisputes, count: inputs.lostDisputes[id, default: 0], weight: policy.lostDispute,
                      zh: "纠纷败诉", en: "lost disputes"),
            component(.accountAge, count: months, weight: policy.accountAgePerMonth,
                      zh: "账龄（月，最多计 \(policy.accountAgeCapMonths) 个月）",
                      en: "account age in months (up to \(policy.accountAgeCapMonths))"),
            component(.realNameVerified, count: member.verified ? 1 : 0, weight: policy.realNameVerified,
                      zh: "实名认证", en: "real-name verified"),
        ]
    }

    private func ratingComponent(_ member: TrustMember, _ inputs: Inputs, standing: [MemberID: RuleDecimal]) -> CreditComponent {
        var sum: Int64 = 0
        for (rater, stars) in inputs.ratingsOf[member.id, default: [:]] {
            guard let raterStanding = standing[rater], !inputs.related(rater, member.id) else { continue }
            let meanDelta = Int64(stars.reduce(0) { $0 + $1 - 3 }) * RuleDecimal.scale / Int64(stars.count)
            sum += meanDelta * raterStanding.units / RuleDecimal.scale
        }
        let input = RuleDecimal(units: sum)
        return CreditComponent(
            key: .ratings, input: input, weight: policy.rating,
            contribution: RuleDecimal(units: policy.rating.units * sum / RuleDecimal.scale),
            labelZH: "评价（每位评价者计一次：平均星级−3，乘以评价者信誉）",
            labelEN: "ratings (once per rater: mean stars − 3, times the rater's standing)")
    }

    /// The completed-exchanges component, its label naming the caps in force (so a member reading
    /// why her forty trades with one neighbour count five sees the rule, not a mystery).
    private func completedComponent(count: Int) -> CreditComponent {
        let total = policy.completedExchangeCap
        guard let each = policy.completedExchangePerCounterpartyCap else {
            return component(.completedExchanges, count: count, weight: policy.completedExchange,
                             zh: "完成交换（最多计 \(total) 次）", en: "completed exchanges (up to \(total))")
        }
        return component(.completedExchanges, count: count, weight: policy.completedExchange,
                         zh: "完成交换（同一交换对象及其同户、同设备账号最多计 \(each) 次，共最多计 \(total) 次）",
                         en: "completed exchanges (up to \(each) with one counterparty, their household and accounts on their device, \(total) in all)")
    }

    private func component(_ key: CreditComponent.Key, count: Int, weight: RuleDecimal, zh: String, en: String) -> CreditComponent {
        CreditComponent(
            key: key, input: RuleDecimal(integer: Int64(count)), weight: weight,
            contribution: RuleDecimal(units: weight.units * Int64(count)), labelZH: zh, labelEN: en)
    }

    private func finish(_ member: MemberID, _ components: [CreditComponent], now: Date) -> CreditScore {
        let total = RuleDecimal(units: components.reduce(policy.base.units) { $0 + $1.contribution.units })
        let score = min(max(total, policy.minimum), policy.maximum)
        return CreditScore(
            member: member, score: score, unclamped: total, level: policy.level(forScore: score), base: policy.base,
            components: components, computedAt: now)
    }

    /// Counts per member, gathered in one pass over the snapshot.
    private struct Inputs {
        var completed: [MemberID: Int] = [:]
        var noShows: [MemberID: Int] = [:]
        var lostDisputes: [MemberID: Int] = [:]
        var upheldReports: [MemberID: Int] = [:]
        var deductions: [MemberID: Int] = [:]
        /// ratee → rater → stars given.
        var ratingsOf: [MemberID: [MemberID: [Int]]] = [:]
        var households: [MemberID: HouseholdID] = [:]
        var fingerprints: [MemberID: Set<String>] = [:]

        init(_ snapshot: TrustSnapshot, now: Date, deductionWindowDays: Int, perCounterpartyCap: Int?) {
            for member in snapshot.members {
                households[member.id] = member.householdID
                fingerprints[member.id] = member.fingerprints
            }
            /// member → counterparty → exchanges. A counterparty is a group joined by a household or
            /// a shared device fingerprint (`MemberGroups.related`): a family, or one person's
            /// accounts on one phone, is one neighbour however many accounts it trades through.
            var withCounterparty: [MemberID: [String: Int]] = [:]
            var group: [MemberID: Int] = [:]
            for (member, root) in zip(snapshot.members, MemberGroups.related(snapshot.members)) { group[member.id] = root }
            func counterparty(_ member: MemberID) -> String {
                group[member].map { "group:\($0)" } ?? "member:\(member)"
            }
            for exchange in snapshot.exchanges where exchange.at <= now {
                switch exchange.outcome {
                case .completed:
                    // An exchange with a housemate or with an account on one's own device proves
                    // nothing about trust between neighbours: two such accounts trading 1-point
                    // favours forty times had each gained twenty points.
                    guard exchange.provider != exchange.payer, !related(exchange.payer, exchange.provider) else { continue }
                    withCounterparty[exchange.payer, default: [:]][counterparty(exchange.provider), default: 0] += 1
                    withCounterparty[exchange.provider, default: [:]][counterparty(exchange.payer), default: 0] += 1
                case .noShow(let member): noShows[member, default: 0] += 1
                case .disputeLost(let member): lostDisputes[member, default: 0] += 1
                }
            }
            for (member, counts) in withCounterparty {
                completed[member] = counts.values.reduce(0) { $0 + min($1, perCounterpartyCap ?? $1) }
            }
            // An upheld case counts once per independent reporter: one reporter's repeated
            // reports are one incident seen by one person, and so are reports from one household
            // or one device (three housemates, or one person with three accounts on one phone,
            // had cost the member three times as much), as report clusters already count them.
            var reportersByCase: [String: [MemberID]] = [:]
            for report in snapshot.reports where report.upheld == true && report.at <= now {
                guard let member = report.targetMember else { continue }
                let key = "\(report.caseID ?? report.id)|\(member)"
                var reporters = reportersByCase[key, default: []]
                guard !reporters.contains(where: { $0 == report.reporter || related($0, report.reporter) }) else { continue }
                reporters.append(report.reporter)
                reportersByCase[key] = reporters
                upheldReports[member, default: 0] += 1
            }
            let windowStart = now.addingTimeInterval(-Double(deductionWindowDays) * 86_400)
            for (member, dates) in snapshot.creditDeductions {
                deductions[member] = dates.filter { $0 <= now && $0 > windowStart }.count
            }
            for rating in snapshot.ratings where rating.at <= now && rating.rater != rating.ratee && (1...5).contains(rating.stars) {
                ratingsOf[rating.ratee, default: [:]][rating.rater, default: []].append(rating.stars)
            }
        }

        /// Same household or a shared fingerprint: such ratings, reports and exchanges are not
        /// independent.
        func related(_ x: MemberID, _ y: MemberID) -> Bool {
            if let hx = households[x], hx == households[y] { return true }
            return !(fingerprints[x] ?? []).isDisjoint(with: fingerprints[y] ?? [])
        }
    }
}
