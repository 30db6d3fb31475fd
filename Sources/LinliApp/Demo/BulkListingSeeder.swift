import Foundation
import LinliDomain
import LinliStore

/// Fills a community with many realistic published listings for load tests
/// (`linli admin seed-listings`). Every listing goes through the real create path — validation,
/// valuation, pre-screen, audit entry, outbox event — under a policy that publishes directly, so
/// the database looks like one that has lived, not like rows pasted in.
public enum BulkListingSeeder {
    /// Words combined into varied Chinese titles, so text search has realistic trigram spread.
    static let adjectives = ["九成新", "闲置", "八成新", "全新未拆", "家用", "儿童", "老式", "便携", "大号", "小巧"]
    static let things: [(String, String, ListingKind)] = [
        ("婴儿推车", "kids_items", .item), ("电饭煲", "electronics", .item), ("折叠梯", "tools", .item),
        ("自行车", "household", .item), ("绘本", "books", .item), ("冬季外套", "clothing", .item),
        ("电钻", "tools", .item), ("台灯", "household", .item), ("积木玩具", "books", .item),
        ("陪老人散步", "daily_care", .time), ("代买蔬菜", "errands", .time), ("取快递", "errands", .time),
        ("家电维修", "repair", .skill), ("小学数学辅导", "tutoring", .skill), ("手机使用教学", "tech_help", .skill),
    ]
    static let areas = ["北门", "南门", "东区", "西区", "中心花园"]

    /// Creates `count` listings spread over `owners` new residents, `batch` per transaction.
    /// Returns how many were created.
    public static func seed(
        _ store: Store, community: CommunityID, count: Int, owners: Int = 50, batch: Int = 1000, rules: ActiveRules,
        progress: (Int) -> Void = { _ in }
    ) throws -> Int {
        var policy = ReviewPolicy()
        policy.trustedAutoPublish = true
        policy.trustedMinCompletedExchanges = 0
        policy.newMemberReviewCount = 0
        policy.hotwords = []
        let services = ListingServices(rules: rules, policyOverride: policy)
        let principals = try store.transactionSync { tx in
            try (0..<owners).map { index -> Principal in
                let member = try MemberCommands.create(
                    tx, community: community,
                    input: NewMemberInput(displayName: "压测居民\(index)", phone: nil, householdID: nil, role: .resident),
                    principal: nil, actor: .commandLine)
                // No token exists: the operator's command acts as these synthetic residents, which the
                // audit log shows as their own actions (they exist only in load-test databases).
                return Principal(communityID: community, memberID: member.id, role: .resident, tokenID: tx.ids.next())
            }
        }
        var random = SplitMix64(seed: 20_260_101)
        var created = 0
        while created < count {
            let size = min(batch, count - created)
            try store.transactionSync { tx in
                for offset in 0..<size {
                    let principal = principals[(created + offset) % principals.count]
                    _ = try ListingCommands.create(
                        tx, principal: principal, input: ListingInput(content: content(&random), submit: true), services: services,
                        actor: .member(principal, requestID: nil))
                }
            }
            created += size
            progress(created)
        }
        return created
    }

    static func content(_ random: inout SplitMix64) -> ListingContent {
        let thing = things[random.below(things.count)]
        let title = adjectives[random.below(adjectives.count)] + thing.0
        let area = areas[random.below(areas.count)]
        let direction: ListingDirection = random.below(4) == 0 ? .request : .offer
        switch thing.2 {
        case .item:
            return ListingContent(
                direction: direction, kind: .item, categoryCode: thing.1, title: title, description: "\(title)，\(area)自取，欢迎邻居联系。",
                area: area, declaredCost: "\(20 + random.below(2000)).00", ageMonths: random.below(60),
                condition: ItemCondition.allCases[random.below(ItemCondition.allCases.count)], quantity: 1)
        case .time:
            return ListingContent(
                direction: direction, kind: .time, categoryCode: thing.1, title: title, description: "每周可以帮忙\(thing.0)。",
                area: area, availability: [WeeklySlot(weekday: 1 + random.below(7), from: "09:00", to: "11:00")],
                durationMinutes: 15 * (1 + random.below(8)), intensity: .light, place: area)
        case .skill:
            return ListingContent(
                direction: direction, kind: .skill, categoryCode: thing.1, title: title, description: "可以提供\(thing.0)，时间灵活。",
                area: area, durationMinutes: 60, skillName: thing.0, level: .intermediate, certification: SkillCertification.none)
        }
    }
}

/// A small deterministic generator, so two seeded databases are the same.
struct SplitMix64 {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    mutating func below(_ bound: Int) -> Int { Int(next() % UInt64(bound)) }
}
