/// Limits and rewards of the points ledger (issue 5). Section `ledger:`. All amounts are integer
/// points, like every balance.
public struct LedgerPolicy: Sendable, Hashable, Codable {
    /// A member's balance may go down to minus this many points (`member_credit_limit`): time banks
    /// let newcomers receive help before they have given any.
    public var memberCreditLimit: Int = 100
    /// Warn the member once their balance is at or below minus this many points
    /// (`soft_limit_warning`); must not exceed the credit limit.
    public var softLimitWarning: Int = 80
    /// Points paid to the reporter of an upheld report, once per case (`upheld_report_reward`).
    public var upheldReportReward: Int = 5
    /// Most points one organizer may grant in rewards per local day (`organizer_daily_grant_cap`).
    public var organizerDailyGrantCap: Int = 500
    /// Most reward points one member may receive per local day from organizers
    /// (`member_daily_reward_cap`), so several organizers cannot shower one resident with points.
    public var memberDailyRewardCap: Int = 60
    /// Points credited to the donations pool per yuan donated by a business or institution
    /// (`donation_points_per_yuan`).
    public var donationPointsPerYuan: RuleDecimal = .one
    /// A donation converting to more points than this needs the points stated with it (`points`)
    /// (`donation_confirm_above_points`): a typo of 1000001 yuan for 1000 became 100,000 points in
    /// the pool without a second look (helper 125).
    public var donationConfirmAbovePoints: Int = 1_000
    /// Named rewards organizers may grant (`rewards`), e.g. `community_cleaning`.
    public var rewards: [Reward] = []

    /// One kind of organizer reward.
    public struct Reward: Sendable, Hashable, Codable {
        /// Slug used by the API (`community_cleaning`).
        public var id: String
        /// Points per grant (`points`).
        public var points: Int
        /// Most grants of this reward one member may receive per local day (`per_member_per_day`).
        public var perMemberPerDay: Int
        /// Chinese and English label.
        public var nameZH: String
        public var nameEN: String
    }

    public init() {}

    /// The reward with this id, if the file defines it.
    public func reward(_ id: String) -> Reward? { rewards.first { $0.id == id } }

    /// The keys of this policy that let points be created faster than under `current`: the
    /// daily reward caps, the donation rate, the upheld-report reward and the member credit
    /// limit, each raised. (Named
    /// rewards are left out: whatever they are worth, the daily caps bound what is granted.)
    /// Why: organizers may put rule versions in force, and a cap they could raise themselves,
    /// effective at once, would not limit them (`rules.ledger_raise_needs_admin`).
    public func raises(over current: LedgerPolicy) -> [String] {
        var raised: [String] = []
        if organizerDailyGrantCap > current.organizerDailyGrantCap { raised.append("ledger.organizer_daily_grant_cap") }
        if memberDailyRewardCap > current.memberDailyRewardCap { raised.append("ledger.member_daily_reward_cap") }
        if donationPointsPerYuan > current.donationPointsPerYuan { raised.append("ledger.donation_points_per_yuan") }
        if donationConfirmAbovePoints > current.donationConfirmAbovePoints { raised.append("ledger.donation_confirm_above_points") }
        if upheldReportReward > current.upheldReportReward { raised.append("ledger.upheld_report_reward") }
        // A deeper credit limit lets members spend points they do not have, which are created
        // for whoever they pay (helper 120: an organizer set it to a million and a member at the
        // limit bought on), and raises what a moderator may order as compensation.
        if memberCreditLimit > current.memberCreditLimit { raised.append("ledger.member_credit_limit") }
        return raised
    }

    init(reading reader: MappingReader?) {
        guard let reader else { return }
        memberCreditLimit = reader.integer("member_credit_limit", default: memberCreditLimit, in: 0...1_000_000)
        let softAt = reader.integer("soft_limit_warning", in: 0...1_000_000)
        softLimitWarning = softAt?.value ?? min(softLimitWarning, memberCreditLimit)
        if let softAt, softAt.value > memberCreditLimit {
            reader.sink.report(.thresholdOrder, at: softAt.location,
                               en: "ledger.soft_limit_warning (\(softAt.value)) must not exceed member_credit_limit (\(memberCreditLimit))",
                               zh: "ledger.soft_limit_warning（\(softAt.value)）不能超过 member_credit_limit（\(memberCreditLimit)）")
        }
        upheldReportReward = reader.integer("upheld_report_reward", default: upheldReportReward, in: 0...10_000)
        organizerDailyGrantCap = reader.integer("organizer_daily_grant_cap", default: organizerDailyGrantCap, in: 0...1_000_000)
        memberDailyRewardCap = reader.integer("member_daily_reward_cap", default: memberDailyRewardCap, in: 0...1_000_000)
        donationPointsPerYuan = reader.decimal("donation_points_per_yuan", default: donationPointsPerYuan,
                                               in: RuleDecimal.zero...RuleDecimal(integer: 1000)).value
        donationConfirmAbovePoints = reader.integer("donation_confirm_above_points", default: donationConfirmAbovePoints, in: 0...1_000_000)
        if let rewardsReader = reader.child("rewards") {
            for key in rewardsReader.keys {
                rewardsReader.accept([key.value])
                guard let node = rewardsReader.node(key.value),
                      let entry = MappingReader(node, path: "ledger.rewards.\(key.value)", sink: reader.sink) else { continue }
                let points = entry.integer("points", required: true, in: 1...100_000)
                let perDay = entry.integer("per_member_per_day", default: 1, in: 1...100)
                let zh = entry.name("name_zh")?.value ?? key.value
                let en = entry.name("name_en")?.value ?? key.value
                entry.finish()
                if let points { checkGrantable(points, reward: key.value, sink: reader.sink) }
                if let points {
                    rewards.append(Reward(id: key.value, points: points.value, perMemberPerDay: perDay, nameZH: zh, nameEN: en))
                }
            }
            rewardsReader.finish()
        }
        reader.finish()
    }

    /// A reward one grant of which is over a daily cap could never be granted: every attempt
    /// would be refused (`ledger.organizer_daily_cap_exceeded` or
    /// `ledger.member_daily_reward_cap_exceeded`). Said when the file is checked, not on the day
    /// an organizer tries.
    private func checkGrantable(_ points: Located<Int>, reward: String, sink: DiagnosticSink) {
        for (cap, name) in [(organizerDailyGrantCap, "organizer_daily_grant_cap"), (memberDailyRewardCap, "member_daily_reward_cap")]
        where points.value > cap {
            sink.report(.thresholdOrder, at: points.location,
                        en: "ledger.rewards.\(reward).points (\(points.value)) is more than ledger.\(name) (\(cap)): it could never be granted",
                        zh: "ledger.rewards.\(reward).points（\(points.value)）超过 ledger.\(name)（\(cap)），这项奖励永远发不出去")
        }
    }
}
