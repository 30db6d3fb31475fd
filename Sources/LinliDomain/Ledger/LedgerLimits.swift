/// The numbers the ledger enforces. The community's rule file (`ledger:` section, issue 3) is the
/// source of truth; until a rule set is wired in, `standard` mirrors `rules/default.yaml`, so
/// plugging the rules engine in changes nothing for a community on the default rules.
///
/// Named `LedgerLimits` rather than `LedgerPolicy` because `LinliRules.LedgerPolicy` is the
/// parsed rule-file section; modules that import both would otherwise see an ambiguous name.
public struct LedgerLimits: Sendable, Equatable {
    /// A member's balance may go down to minus this many points through their own spending
    /// (`member_credit_limit`).
    public var creditLimit: Int
    /// A member whose balance ends at or below minus this many points is warned
    /// (`soft_limit_warning`); never more than `creditLimit`.
    public var warningThreshold: Int
    /// Most reward points one organizer may grant per local day (`organizer_daily_grant_cap`).
    public var organizerDailyRewardCap: Int
    /// Most reward points one member may receive per local day, so a single resident cannot be
    /// showered with rewards by several organizers.
    public var memberDailyRewardCap: Int
    /// Largest amount of a single transfer: a typing mistake of 100000 instead of 10 is refused.
    public var maxTransferAmount: Int
    /// The rewards the rule file names (`ledger.rewards`), by slug: what one grant pays and how
    /// many grants of it one member may receive per local day. Empty when the file names none:
    /// then any kind may be granted, within the daily caps.
    public var rewards: [String: RewardKind]
    /// Points per yuan of a donation (`donation_points_per_yuan`), in 1/10,000 points: the rule
    /// file's exact decimal, kept as an integer so the domain needs no decimal type.
    public var donationPointsPerYuanUnits: Int64
    /// A donation converting to more points than this must state them (`points`), as a second
    /// look at a large amount (`donation_confirm_above_points`).
    public var donationConfirmAbovePoints: Int

    /// The defaults of `rules/default.yaml`.
    public static let standard = LedgerLimits(
        creditLimit: 100, warningThreshold: 80, organizerDailyRewardCap: 300, memberDailyRewardCap: 60,
        maxTransferAmount: 100_000)

    /// Clamps inconsistent values (a warning below the limit, negative caps) rather than failing:
    /// the rule-file validator reports such files; the ledger must still behave sanely.
    public init(
        creditLimit: Int, warningThreshold: Int, organizerDailyRewardCap: Int, memberDailyRewardCap: Int, maxTransferAmount: Int,
        rewards: [String: RewardKind] = [:], donationPointsPerYuanUnits: Int64 = 10_000, donationConfirmAbovePoints: Int = 1_000
    ) {
        self.creditLimit = max(0, creditLimit)
        self.warningThreshold = min(max(0, warningThreshold), self.creditLimit)
        self.organizerDailyRewardCap = max(0, organizerDailyRewardCap)
        self.memberDailyRewardCap = max(0, memberDailyRewardCap)
        self.maxTransferAmount = max(1, maxTransferAmount)
        self.rewards = rewards
        self.donationPointsPerYuanUnits = max(0, donationPointsPerYuanUnits)
        self.donationConfirmAbovePoints = max(0, donationConfirmAbovePoints)
    }
}

/// One reward of the rule file: the points of a grant and the grants per member per local day.
public struct RewardKind: Sendable, Hashable {
    public var points: Int
    public var perMemberPerDay: Int
    /// The rule file's labels (`name_zh`, `name_en`), which the rewarded member reads in her inbox.
    public var nameZH: String?
    public var nameEN: String?

    public init(points: Int, perMemberPerDay: Int, nameZH: String? = nil, nameEN: String? = nil) {
        self.points = points
        self.perMemberPerDay = perMemberPerDay
        self.nameZH = nameZH
        self.nameEN = nameEN
    }
}
