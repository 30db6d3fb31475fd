import Foundation
import LinliDomain
import LinliStore

/// Sample listings for the demo community: all three kinds, offers and requests, in the states a
/// newcomer should see (published, waiting for review, sent back for changes, a draft, and one
/// registered by station staff for an elderly resident).
enum DemoListings {
    static func seed(_ tx: Transaction, principals: [String: Principal], services: ListingServices) throws {
        guard let moderator = principals["刘芳"], let wang = principals["王秀英"], let lei = principals["王磊"],
            let li = principals["李建国"], let zhang = principals["张伟"], let staff = principals["陈静"]
        else { return }
        func post(
            _ principal: Principal, _ content: ListingContent, owner: MemberID? = nil, note: String? = nil, submit: Bool
        ) throws -> ListingChange {
            try ListingCommands.create(
                tx, principal: principal, input: ListingInput(content: content, ownerID: owner, submit: submit, note: note), services: services,
                actor: AuditActor(memberID: principal.memberID, label: nil, onBehalfOf: nil, requestID: nil))
        }
        func decide(_ change: ListingChange, _ decision: ReviewDecision) throws {
            guard let review = change.review else { return }
            let moderatorActor = AuditActor(memberID: moderator.memberID, label: nil, onBehalfOf: nil, requestID: nil)
            _ = try ReviewCommands.claim(tx, principal: moderator, id: review.id, expectedVersion: nil, services: services, actor: moderatorActor)
            _ = try ReviewCommands.decide(
                tx, principal: moderator, id: review.id, decision: decision, expectedVersion: nil, services: services, actor: moderatorActor)
        }

        let stroller = try post(wang, ListingContent(
            direction: .offer, kind: .item, categoryCode: "kids_items", title: "九成新婴儿推车",
            description: "孩子大了用不上，折叠方便，带遮阳篷。北门自取。", area: "北门", declaredCost: "899.00",
            purchaseDate: "2024-03-15", condition: .likeNew, quantity: 1), submit: true)
        try decide(stroller, ReviewDecision(decision: .approve))

        let walk = try post(lei, ListingContent(
            direction: .offer, kind: .time, categoryCode: "daily_care", title: "周末陪老人散步聊天",
            description: "周六上午有空，可以陪楼里的老人下楼散步、聊天。", area: "北门",
            availability: [WeeklySlot(weekday: 6, from: "09:00", to: "11:00")], durationMinutes: 60, intensity: .light,
            place: "小区花园"), submit: true)
        try decide(walk, ReviewDecision(decision: .approve))

        _ = try post(li, ListingContent(
            direction: .offer, kind: .skill, categoryCode: "repair", title: "小家电维修",
            description: "退休电工，电饭煲、台灯、电风扇等小家电可以帮忙看看。", area: "北门", durationMinutes: 60,
            skillName: "家电维修", level: .expert, certification: .peerEndorsed, evidenceRef: "3号楼张家、5号楼陈家推荐"),
            submit: true)

        let phone = try post(wang, ListingContent(
            direction: .request, kind: .skill, categoryCode: "tech_help", title: "求教智能手机视频通话",
            description: "想学会用手机和外地的孙子视频。", area: "北门", durationMinutes: 30, skillName: "手机使用",
            level: .beginner, certification: SkillCertification.none), submit: true)
        try decide(phone, ReviewDecision(
            decision: .requestChanges, message: "请写明方便的时间段，方便邻居联系。", fields: ["description"]))

        _ = try post(zhang, ListingContent(
            direction: .request, kind: .item, categoryCode: "tools", title: "借用电钻一天",
            description: "周末装窗帘杆，需要借一把电钻。", area: "南门", declaredCost: "300.00", ageMonths: 0,
            condition: .good, quantity: 1), submit: false)

        // Station staff register a request for an elderly resident who has no smartphone.
        _ = try post(staff, ListingContent(
            direction: .request, kind: .time, categoryCode: "errands", title: "每周代买一次蔬菜",
            description: "腿脚不便，希望邻居每周帮忙从菜场带一次蔬菜。", area: "北门",
            availability: [WeeklySlot(weekday: 3, from: "08:00", to: "10:00")], durationMinutes: 45, intensity: .moderate,
            place: "2号楼1单元"), owner: li.memberID, note: "李建国本人到站登记，同意按规则支付积分", submit: true)
    }
}
