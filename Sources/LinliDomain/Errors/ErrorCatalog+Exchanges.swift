/// Messages for the exchange life cycle's codes. Written so station staff can read them out to a
/// resident: what state the exchange is in, and what to do instead.
extension ErrorCatalog {
    static let exchangeEntries: [String: Entry] = [
        "rating.not_found": Entry(
            zhTitle: "评价不存在", enTitle: "Rating not found",
            zhDetail: "找不到评价 {id}。", enDetail: "Rating {id} was not found."),
        "rating.not_completed": Entry(
            zhTitle: "交换尚未完成", enTitle: "The exchange is not completed",
            zhDetail: "只有完成了的交换才能评价：已完成，或纠纷以赔付结案（当前状态：{current_state}）。",
            enDetail: "Only an exchange that was carried out can be rated: completed, or a dispute settled with compensation (current state: {current_state})."),
        "rating.window_closed": Entry(
            zhTitle: "已过评价期限", enTitle: "The rating window has closed",
            zhDetail: "交换完成 {days} 天内可以评价，现已超过期限。",
            enDetail: "Exchanges can be rated within {days} days of completion; that time has passed."),
        "rating.already_rated": Entry(
            zhTitle: "已经评价过", enTitle: "Already rated",
            zhDetail: "每次交换每人只能评价对方一次。", enDetail: "Each side may rate the other once per exchange."),
        "exchange.not_found": Entry(
            zhTitle: "交换不存在", enTitle: "Exchange not found",
            zhDetail: "找不到交换 {id}。", enDetail: "Exchange {id} was not found."),
        "exchange.category_not_in_rules": Entry(
            zhTitle: "分类已不在现行规则中", enTitle: "Category no longer in the rules",
            zhDetail: "现行规则中已没有分类“{category}”，无法确认其交换要求（如是否需要已认证的服务者），暂不能发起或接受交换。请发布者按现行规则修改分类。",
            enDetail: "The rules in force no longer have category '{category}', so its exchange requirements (such as a verified provider) cannot be checked: exchanges cannot start in it until the listing is moved to a current category."),
        "exchange.points_out_of_range": Entry(
            zhTitle: "估值无法交换", enTitle: "Valuation cannot be exchanged",
            zhDetail: "该发布估值为 {points} 积分，交换需在 {min} 到 {max} 积分之间。请组织者在规则文件的 caps 中为 {kind} 设置上下限，或重新估值。",
            enDetail: "This listing is valued at {points} points; an exchange needs {min} to {max}. An organizer should set caps for {kind} in the rule file, or re-value the listing."),
        "exchange.provider_level_too_low": Entry(
            zhTitle: "提供方信用等级不足", enTitle: "Provider's credit level too low",
            zhDetail: "「{category}」要求提供方信用等级至少为 {required}，当前为 {level}。",
            enDetail: "“{category}” needs a provider with credit level {required} or higher; the provider's level is {level}."),
        "exchange.frozen": Entry(
            zhTitle: "交换积分已冻结", enTitle: "Exchange points frozen",
            zhDetail: "风险信号触发，这次交换预留的积分已被冻结，审核员处理案件 {case_id} 之前不能完成、取消、确认、登记爽约、裁决纠纷或改判爽约申诉。",
            enDetail: "Fraud signals froze the points of this exchange; it cannot be completed, cancelled, confirmed or reported as a no-show, nor its dispute or no-show contest decided in a way that moves points, until a moderator resolves case {case_id}."),
        "exchange.cancel_after_start": Entry(
            zhTitle: "交换已开始，付款方不能取消", enTitle: "Started: the payer can no longer cancel",
            zhDetail: "这次交换已于 {scheduled_start} 开始，物品可能已交付或服务已完成。请确认完成、报告对方爽约，或发起纠纷由审核员处理。",
            enDetail: "This exchange started at {scheduled_start}; the item may have changed hands or the work been done. Confirm it, report a no-show, or open a dispute for a moderator."),
        "exchange.cancel_after_no_show_time": Entry(
            zhTitle: "已可报告爽约，提供方不能取消", enTitle: "Past the time to turn up: the provider can no longer cancel",
            zhDetail: "这次交换已于 {scheduled_start} 开始，自 {no_show_from} 起可以报告爽约，提供方不能再取消。如果是对方没有到场，请报告对方爽约或发起纠纷；如果是您没能到场，请与对方联系，由对方确认完成、报告爽约或发起纠纷。",
            enDetail: "This exchange started at {scheduled_start}, and since {no_show_from} a no-show may be reported, so its provider can no longer cancel it. If the other side did not come, report their no-show or open a dispute; if you could not come, talk to them: they confirm it, report a no-show, or open a dispute."),
        "exchange.invalid_transition": Entry(
            zhTitle: "交换当前状态不允许此操作", enTitle: "Not allowed in the exchange's current state",
            zhDetail: "该交换当前状态为“{current_state}”，不能{event}。",
            enDetail: "The exchange is {current_state}; {event} is not possible now."),
        "exchange.not_your_part": Entry(
            zhTitle: "此操作应由另一方完成", enTitle: "Not your part of the exchange",
            zhDetail: "只有{allowed}可以{event}。", enDetail: "Only {allowed} can do this ({event})."),
        "exchange.with_self": Entry(
            zhTitle: "不能与自己交换", enTitle: "Cannot exchange with yourself",
            zhDetail: "这是您自己的发布，不能与自己交换。", enDetail: "This is your own listing; you cannot exchange with yourself."),
        "exchange.same_household": Entry(
            zhTitle: "不能与同住家庭成员交换", enTitle: "Cannot exchange within a household",
            zhDetail: "申请人与发布人同属一个家庭（{household_id}），家庭内部的互助不计积分。",
            enDetail: "The requester and the owner belong to the same household ({household_id}); help within a household earns no points."),
        "exchange.provider_not_verified": Entry(
            zhTitle: "提供方需要实名认证", enTitle: "Provider must be verified",
            zhDetail: "「{category}」类交换的提供方必须完成实名认证，请先到服务站认证。",
            enDetail: "The provider of a {category} exchange must be real-name verified; verify at the service station first."),
        "exchange.member_inactive": Entry(
            zhTitle: "账号不能发起交换", enTitle: "Member cannot exchange",
            zhDetail: "{name}（{id}）的账号暂停或停用中，暂时不能进行交换。", enDetail: "{name} ({id}) is suspended or banned and cannot exchange now."),
        "exchange.open_limit_reached": Entry(
            zhTitle: "进行中的交换过多", enTitle: "Too many open exchanges",
            zhDetail: "{name}（{id}）已有 {open} 个进行中的交换，上限为 {limit}；请先完成或取消其中一个。",
            enDetail: "{name} ({id}) has {open} open exchanges; the limit is {limit}. Complete or cancel one first."),
        "exchange.already_requested": Entry(
            zhTitle: "已申请过这条发布", enTitle: "Already requested",
            zhDetail: "这位邻居对这条发布的申请 {exchange_id} 还在等待回应，请勿重复申请；如需改时间，请先取消原申请。",
            enDetail: "This neighbour's request {exchange_id} for this listing is still waiting for an answer; to change its time, cancel it first."),
        "exchange.listing_unavailable": Entry(
            zhTitle: "该发布暂不可交换", enTitle: "Listing not available",
            zhDetail: "该发布当前状态为“{current_status}”，只有已上架的发布可以交换。",
            enDetail: "The listing is {current_status}; only published listings can be exchanged."),
        "exchange.price_changed": Entry(
            zhTitle: "估值已变化，需申请人重新确认", enTitle: "The price changed since the request",
            zhDetail: "申请时该发布为 {requested_points} 积分，现在为 {current_points} 积分，变化对申请人不利，不能直接接受。请申请人按新积分重新申请（先取消这次申请）。",
            enDetail: "The listing was {requested_points} points when this was requested and is {current_points} now, a change against the requester, so it cannot be accepted as it stands. The requester must ask again at the new figure (cancelling this request first)."),
        "exchange.requester_cannot_cover": Entry(
            zhTitle: "代申请的居民积分暂时不足", enTitle: "The resident cannot cover this now",
            zhDetail: "为其申请的居民目前无法预留 {points} 积分（超出其余额加信用额度可用的部分），未提交申请。居民本人可在积分账户中查看详情。",
            enDetail: "The resident you are asking for cannot have {points} points held right now (more than her balance and credit limit leave available), so no request was made. The resident can see the details in their own account."),
        "exchange.payer_cannot_cover": Entry(
            zhTitle: "付款方积分暂时不足", enTitle: "The payer cannot cover this now",
            zhDetail: "付款方目前无法预留 {points} 积分（超出其余额加信用额度可用的部分）。这次申请仍在等待，可以稍后再接受，或拒绝它。付款方本人可在积分账户中查看详情。",
            enDetail: "The payer cannot have {points} points held right now (more than their balance and credit limit leave available). The request is still waiting: accept it later or decline it. The payer can see the details in their own account."),
        "exchange.too_early": Entry(
            zhTitle: "还不能登记爽约", enTitle: "Too early to report a no-show",
            zhDetail: "约定开始时间为 {scheduled_start}。迟到不等于爽约：开始（开始后才接受的，自接受起）{grace_minutes} 分钟后、{earliest} 起才能登记爽约。",
            enDetail: "The exchange is scheduled to start at {scheduled_start}. Late is not absent: a no-show can be reported from {earliest}, {grace_minutes} minutes after the start (or after the acceptance, if it was accepted later)."),
        "exchange.disputed_before": Entry(
            zhTitle: "已提出过异议，不能再登记爽约", enTitle: "Disputed before: no no-show",
            zhDetail: "您曾对交换 {exchange_id} 提出异议（说明双方已见面、物品或服务已交付），不能再登记对方爽约。如有问题，请联系审核员处理。",
            enDetail: "You disputed exchange {exchange_id} before (so the two sides met and the item or service was handed over); you can no longer record a no-show of the other side. Ask a moderator if something is still wrong."),
        "exchange.confirmation_period_over": Entry(
            zhTitle: "确认期已过", enTitle: "Confirmation period over",
            zhDetail: "该交换已于 {confirmed_at} 起视为确认完成，不能再登记爽约或发起纠纷；如有问题请联系管理员。",
            enDetail: "The exchange counts as confirmed since {confirmed_at}; a no-show or a dispute can no longer be raised. Please contact a moderator if something is wrong."),
        "exchange.schedule_passed": Entry(
            zhTitle: "约定时间已过", enTitle: "The requested time has passed",
            zhDetail: "申请的时间已于 {scheduled_end} 结束，不能再接受；请对方重新约定时间后再申请。",
            enDetail: "The requested time ended at {scheduled_end}, so the request can no longer be accepted. Ask the requester to propose a new time."),
        "exchange.window_moved": Entry(
            zhTitle: "发布的时间已改", enTitle: "The listing's time has changed",
            zhDetail: "这条发布的时间已改为 {starts_at} 至 {ends_at}，申请的时间不在其中，不能接受；请对方按新时间重新申请。",
            enDetail: "The listing's time is now {starts_at} to {ends_at}, and the requested time is outside it, so the request cannot be accepted. Ask the requester to request the new time."),
        "exchange.slot_taken": Entry(
            zhTitle: "该时段已有预约", enTitle: "That time is already booked",
            zhDetail: "这项服务在 {scheduled_start} 至 {scheduled_end} 已有预约，与本次申请的时间重叠。请换一个时间（可先查看已约的时段）；发布人也可以谢绝本次申请。",
            enDetail: "This offer is already booked from {scheduled_start} to {scheduled_end}, which overlaps this request. Choose another time (the booked times can be looked up); the owner may also decline this request."),
        "exchange.helper_busy": Entry(
            zhTitle: "对方这个时间已有安排", enTitle: "The helper is busy then",
            zhDetail: "提供帮助的一方在这个时间已经约好了另一项帮忙，请换一个时间再申请；发布人也可以谢绝本次申请。",
            enDetail: "The helper has already agreed to help someone else at that time. Choose another time; the owner may also decline this request."),
        "exchange.proxy_own_listing": Entry(
            zhTitle: "不能代居民申请自己的发布", enTitle: "Not on your own listing",
            zhDetail: "发布 {listing_id} 是您自己的，不能代居民申请；请由其他工作人员代办，或由居民本人申请。",
            enDetail: "Listing {listing_id} is your own, so you cannot request it on a resident's behalf. Another staff member or the resident must make the request."),
        "exchange.proxy_own_household": Entry(
            zhTitle: "不能代居民申请家人的发布", enTitle: "Not on your household's listing",
            zhDetail: "发布 {listing_id} 属于与您同户的成员，不能代居民申请；请由其他工作人员代办，或由居民本人申请。",
            enDetail: "Listing {listing_id} belongs to a member of your household, so you cannot request it on a resident's behalf. Another staff member or the resident must make the request."),
        "exchange.proxy_for_staff": Entry(
            zhTitle: "只能代居民申请", enTitle: "Only on a resident's behalf",
            zhDetail: "成员 {requester_id} 是工作人员，服务站只能代居民申请交换；代工作人员申请须由管理员办理，或由其本人申请。",
            enDetail: "Member {requester_id} is a member of staff: station staff request exchanges for residents only. An admin, or the member themselves, must make this request."),
        "exchange.minutes_too_early": Entry(
            zhTitle: "还不能报告实际时长", enTitle: "Too early to report the minutes",
            zhDetail: "约定开始时间为 {scheduled_start}，开始之后才能报告实际时长。",
            enDetail: "The exchange is scheduled to start at {scheduled_start}; the minutes worked can be reported only after that."),
        "exchange.dispute_too_early": Entry(
            zhTitle: "服务还没开始", enTitle: "Not started yet",
            zhDetail: "这次帮忙约定在 {scheduled_start} 开始，还没有可以提出纠纷的内容；如有变化，请取消这次交换。",
            enDetail: "This help is scheduled to start at {scheduled_start}, so there is nothing to dispute yet; if plans changed, cancel the exchange."),
        "exchange.complete_too_early": Entry(
            zhTitle: "服务还没开始", enTitle: "Not started yet",
            zhDetail: "这次帮忙约定在 {scheduled_start} 开始，开始之后才能确认完成并付积分。",
            enDetail: "This help is scheduled to start at {scheduled_start}; it can be confirmed (and paid) only after that."),
        "exchange.minutes_below_agreed": Entry(
            zhTitle: "确认的时长少于约定时长", enTitle: "Fewer minutes than agreed",
            zhDetail: "确认的时长为 {actual_minutes} 分钟，少于 {agreed_minutes} 分钟（约定的时长，或提供方报告的时长）。只有提供方可以报告更短的时长；如有异议，请发起纠纷，由审核员处理。",
            enDetail: "The confirmed duration of {actual_minutes} minutes is below {agreed_minutes} minutes (the agreed duration, or the one the provider reported). Only the provider can report a shorter one; if you disagree, open a dispute for a moderator to decide."),
        "exchange.not_dispute_opener": Entry(
            zhTitle: "只有发起纠纷的一方可以撤回", enTitle: "Only the member who opened the dispute may withdraw it",
            zhDetail: "该纠纷由成员 {disputed_by} 发起，只有他（或代其办理的服务站工作人员）可以撤回。",
            enDetail: "This dispute was opened by member {disputed_by}; only they (or station staff acting for them) may withdraw it."),
        "exchange.not_absent_member": Entry(
            zhTitle: "只有被登记爽约的一方可以申诉", enTitle: "Only the member named absent may contest",
            zhDetail: "这次爽约登记的是成员 {absent_member_id}，只有他（或代其办理的服务站工作人员）可以申诉。",
            enDetail: "The no-show names member {absent_member_id}; only they (or station staff acting for them) may contest it."),
        "exchange.contest_exists": Entry(
            zhTitle: "已经申诉过", enTitle: "Already contested",
            zhDetail: "交换 {id} 的爽约已有申诉，每次爽约只能申诉一次。",
            enDetail: "The no-show of exchange {id} has already been contested; each no-show can be contested once."),
        "exchange.contest_window_closed": Entry(
            zhTitle: "已过申诉期限", enTitle: "The contest window has closed",
            zhDetail: "爽约登记后 {days} 天内可以申诉（截止 {deadline}），现已超过期限。",
            enDetail: "A no-show can be contested within {days} days (until {deadline}); that time has passed."),
        "exchange.contest_not_found": Entry(
            zhTitle: "没有爽约申诉", enTitle: "No contest",
            zhDetail: "交换 {id} 的爽约没有人申诉。", enDetail: "Nobody has contested the no-show of exchange {id}."),
        "exchange.contest_decided": Entry(
            zhTitle: "申诉已处理", enTitle: "Contest already decided",
            zhDetail: "该申诉已有处理结果（{state}），不能再次处理。", enDetail: "The contest was already decided ({state}); it cannot be decided again."),
    ]
}
