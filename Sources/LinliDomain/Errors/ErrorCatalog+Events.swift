/// Messages for community events (swap markets, activities) and their registrations. Written so
/// station staff can read them out at the desk: what happened, and what the resident can do.
extension ErrorCatalog {
    static let eventEntries: [String: Entry] = [
        "event.not_found": Entry(
            zhTitle: "活动不存在", enTitle: "Event not found",
            zhDetail: "找不到活动 {id}。", enDetail: "Event {id} was not found."),
        "registration.not_found": Entry(
            zhTitle: "报名记录不存在", enTitle: "Registration not found",
            zhDetail: "找不到报名记录 {id}。", enDetail: "Registration {id} was not found."),
        "event.cancelled": Entry(
            zhTitle: "活动已取消", enTitle: "The event was cancelled",
            zhDetail: "该活动已取消，不能再报名、修改或签到。取消原因：{reason}",
            enDetail: "This event was cancelled; it can no longer be registered for, changed or checked into. Reason given: {reason}"),
        "event.ended": Entry(
            zhTitle: "活动已结束", enTitle: "The event has ended",
            zhDetail: "该活动已于 {ends_at} 结束。", enDetail: "This event ended at {ends_at}."),
        "event.started": Entry(
            zhTitle: "活动已开始", enTitle: "The event has started",
            zhDetail: "活动已于 {starts_at} 开始，不能再取消报名。如不能到场，请告知组织者。",
            enDetail: "The event started at {starts_at}; registrations can no longer be cancelled. Please tell an organizer if you cannot come."),
        "event.start_fixed": Entry(
            zhTitle: "活动已开始，不能改开始时间", enTitle: "The event has started: its start is fixed",
            zhDetail: "活动已于 {starts_at} 开始，开始时间不能再改；结束时间、地点和说明仍可修改。如需改期，请取消本次活动并另行发布。",
            enDetail: "The event started at {starts_at}, so its start can no longer change; its end, place and description still can. To postpone it, cancel it and announce a new one."),
        "event.registration_closed": Entry(
            zhTitle: "报名已截止", enTitle: "Registration has closed",
            zhDetail: "该活动的报名已于 {closes_at} 截止。", enDetail: "Registration for this event closed at {closes_at}."),
        "event.already_registered": Entry(
            zhTitle: "已经报名", enTitle: "Already registered",
            zhDetail: "该成员已报名此活动（报名记录 {registration_id}，状态：{state}）。",
            enDetail: "This member is already registered for the event (registration {registration_id}, state: {state})."),
        "event.household_limit": Entry(
            zhTitle: "本户报名已满", enTitle: "Household limit reached",
            zhDetail: "每户最多报名 {limit} 人（含候补），本户已达上限。可先取消本户其他人的报名。",
            enDetail: "Registrations are limited to {limit} per household, waiting ones included, and this household has reached the limit. Cancel another registration of the household first."),
        "event.household_limit_below_registrations": Entry(
            zhTitle: "已有住户超出新的每户上限", enTitle: "A household already holds more",
            zhDetail: "住户“{household_name}”已报名 {most} 人（含候补），不能把每户上限降到 {limit}。请先与该户沟通，由他们取消多出的报名后再修改。",
            enDetail: "The household “{household_name}” already holds {most} registrations (waiting ones included), so the share cannot go down to {limit}. Talk to the family first; once they give up the extra ones, change it."),
        "event.member_inactive": Entry(
            zhTitle: "成员暂时不能参加活动", enTitle: "Member cannot take part now",
            zhDetail: "成员 {name}（{id}）已被暂停或封禁，暂时不能{step}。", enDetail: "{name} ({id}) is suspended or banned and cannot {step} now."),
        "event.registration_not_live": Entry(
            zhTitle: "报名当前状态不允许此操作", enTitle: "Not allowed in the registration's current state",
            zhDetail: "该报名当前状态为“{current_state}”，不能执行此操作。",
            enDetail: "The registration is {current_state}; this is not allowed."),
        "event.registration_checked_in": Entry(
            zhTitle: "已签到的报名不能取消", enTitle: "A checked-in registration cannot be given up",
            zhDetail: "该报名已在入口签到，表示本人已到场，不能再取消。如签到有误（点错了人，或到场后有事离开且不再回来），请组织者或服务站工作人员先撤销签到。",
            enDetail: "The registration was checked in at the door: its member came. If that was a mistake (the wrong name tapped, or someone who left and will not be back), an organizer or station staff member can undo the check-in first."),
        "event.registration_waitlisted": Entry(
            // Said for a check-in and for taking one back (helper 177 #5: "cannot check in" answered an undo).
            zhTitle: "候补报名没有座位", enTitle: "A waiting registration holds no seat",
            zhDetail: "该报名仍在候补中，没有座位：不能签到，也没有签到可撤销。有人取消时会按顺序递补并通知本人。",
            enDetail: "This registration is still waiting for a seat: it cannot check in, and has no check-in to take back. When someone cancels, waiting registrations move up in order and are told."),
        "event.check_in_closed": Entry(
            zhTitle: "不在签到时间", enTitle: "Check-in is not open",
            zhDetail: "签到时间为 {opens_at} 至 {closes_at}。", enDetail: "Check-in is open from {opens_at} to {closes_at}."),
        "event.capacity_below_seats": Entry(
            zhTitle: "名额不能少于已报名人数", enTitle: "Capacity below seats taken",
            zhDetail: "已有 {seats_taken} 人占用名额，名额不能少于此数。请先与报名者沟通并取消其报名。",
            enDetail: "{seats_taken} seats are taken; the capacity cannot go below that. Talk to registrants and cancel their registrations first."),
    ]
}
