import Foundation
import LinliDomain
import LinliStore

/// A sample swap market for the demo community: announced by the organizer for next Saturday
/// morning (local time), with a resident registered on her phone and an elderly neighbour
/// registered by station staff at the desk, so a newcomer sees seats, a household share and a
/// staff registration in the inbox.
enum DemoEvents {
    static func seed(_ tx: Transaction, principals: [String: Principal], rules: ActiveRules) throws {
        guard let zhang = principals["张伟"], let wang = principals["王秀英"], let li = principals["李建国"], let chen = principals["陈静"]
        else { return }
        func actor(_ principal: Principal) -> AuditActor { AuditActor(memberID: principal.memberID, label: nil, onBehalfOf: nil, requestID: nil) }
        let start = nextSaturdayMorning(after: tx.now, timeZone: TimeZone(identifier: "Asia/Shanghai")!)
        let market = try CommunityEventCommands.create(
            tx, principal: zhang,
            input: NewCommunityEventInput(
                kind: .swapMarket, title: "幸福里周末换物集市", description: "带上家里的闲置物品，以物换物或兑换积分。每户可报名 2 人。",
                place: "社区中心广场（雨天改在活动室）", startsAt: start, endsAt: start.addingTimeInterval(3 * 3_600), capacity: 40,
                perHouseholdLimit: 2),
            actor: actor(zhang), rules: rules).event
        _ = try EventRegistrationCommands.register(tx, principal: wang, event: market.id, input: EventRegistrationInput(), actor: actor(wang))
        _ = try EventRegistrationCommands.register(
            tx, principal: chen, event: market.id, input: EventRegistrationInput(memberID: li.memberID),
            actor: AuditActor(memberID: chen.memberID, label: nil, onBehalfOf: nil, requestID: nil))
    }

    /// 09:00 local time on the first Saturday at least two days after `now`.
    static func nextSaturdayMorning(after now: Date, timeZone: TimeZone) -> Date {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let soonest = now.addingTimeInterval(2 * 86_400)
        let saturday = calendar.nextDate(
            after: soonest, matching: DateComponents(hour: 9, minute: 0, weekday: 7), matchingPolicy: .nextTime) ?? soonest
        return saturday
    }
}
