/// Messages for the reasons the input checks give a refused field (`FieldIssue`'s `reason`
/// parameter): what is wrong, in words a resident (or the station staff reading it out) can act
/// on, in both languages, instead of an English phrase filled into the Chinese template.
extension ErrorCatalog {
    static let inputReasonEntries: [String: (zh: String, en: String)] = [
        // Texts, phones, time zones (`FieldValidator`)
        "text.control_characters": ("含有无法显示的控制字符，请删去后重新输入", "must not contain control characters"),
        "text.direction_controls": (
            "含有改变文字方向的隐藏字符（会让文字倒着显示），请删去后重新输入",
            "must not contain text-direction override characters (they make text display reversed)"),
        "text.invisible_characters": (
            "名字里含有看不见的字符（如零宽空格），请删去后重新输入，以免与他人混淆",
            "must not contain invisible characters (zero-width spaces, direction marks): a name must not look like someone else's"),
        "text.single_line": ("只能写一行：请去掉换行和制表符", "must be one line: no line breaks or tabs"),
        "phone.format": ("请填写 11 位手机号码，如 13800138000（可加 +86）", "must be an 11-digit mainland mobile number, e.g. 13800138000 (+86 optional)"),
        "rules.content_hash_format": (
            "不是规则文件的内容指纹：应为 64 位十六进制字符，请照抄上一批结果里的内容指纹",
            "is not a rule file's content hash (64 hexadecimal digits): copy the content_hash of the previous batch's answer"),
        "timezone.format": ("不是有效的时区名称（中国大陆请填 {example}）", "is not a known time zone name (mainland China: {example})"),
        // Dates and identifiers in request bodies (`JSONBody`)
        "json.date_time_format": (
            "不是有效的日期时间，请按 2026-12-01T09:00:00+08:00 的格式填写",
            "must be an ISO 8601 date-time, e.g. 2026-12-01T09:00:00+08:00"),
        "json.id_format": ("不是有效的编号，请填写以 {prefix}_ 开头的完整编号", "is not a well-formed id (a full id starting with {prefix}_)"),
        // Tokens
        "token.for_someone_else_too_long": (
            "为他人办理的登录凭证最长 {days} 天，到期后请到社区服务站重新办理",
            "must be at most {days} days for a token issued for someone else; it is renewed at the service station"),
        "token.past_issued_token": (
            "不能晚于所用凭证的到期时间 {expires_at}（最长 {days} 天）；不填有效期则与其同时到期",
            "must end no later than the token it is minted through, which ends {expires_at} (at most {days} days); leave it out to end with that token"),
        "token.through_issued_token_too_long": (
            "用服务站办理的登录凭证新办的凭证最长 {days} 天，且不晚于原凭证到期",
            "must be at most {days} days for a token minted through one issued for you by someone else (it also ends when that one does)"),
        "token.note_required": (
            "为他人办理登录凭证须填写办理依据（如“本人到站，已核对身份证”），会记入审计日志；对方已有凭证的，还会告知本人",
            "is required when issuing a token for someone else: on whose word it is issued (\"came to the station in person, ID checked\"); it is audited, and a member who already has a token is told"),
        "token.revoke_reason_required": (
            "停用他人的登录凭证须填写原因（如“本人报告手机丢失”），会告知本人并记入审计日志",
            "is required when revoking someone else's token: why (\"she reported her phone lost\"); she is told and it is audited"),
        "proxy.revoke_note_required": (
            "在服务站为居民撤销代办授权须填写依据（如“本人到站要求撤销”），会告知本人和代办人并记入审计日志",
            "is required when withdrawing a resident's consent at the desk: on whose word (\"she came to the station and asked\"); she and the agent are told, and it is audited"),
        // Exchanges asked for at the desk (`ExchangeCommands.request`)
        "exchange.payment_note_required": (
            "以居民名义申请、由她支付 {points} 积分时，如没有她对您的代办授权，须填写办理依据（如“本人到站，同意支付”），会告知本人",
            "is required when asking in a resident's name for something she pays {points} points for, without her standing consent naming you: how she agreed (she is told)"),
        "exchange.no_show_reason_required": (
            "以居民名义登记对方爽约时，须写明经过（如“约好九点在楼下，等到九点半没来，电话未接”），会告知对方",
            "is required when recording a no-show in a resident's name: what happened (the other side is told)"),
        // Appeals written at the desk (`AppealCommands.file`)
        "appeal.note_required": (
            "代居民申诉须填写依据（如“本人到站口述，已核对身份”）：每项处理只能申诉一次，会告知本人",
            "is required when filing an appeal for someone else: how she asked for it (each action is appealed once; she is told)"),
        "appeal.note_only_for_desk": (
            "只有服务站工作人员代填时才填写办理依据，本人申诉请去掉此项",
            "is only for station staff writing an appeal for someone else; leave it out of your own"),
        // Members
        "member.until_only_suspended": ("只有暂停账号时才填写暂停结束时间，封禁或恢复时请去掉此项", "is only for a suspension (status suspended)"),
        "member.until_passed": ("暂停结束时间须晚于现在", "must be in the future"),
        // Consents that staff act for a resident (`NewProxyConsentInput`, `ProxyConsentCommands`)
        "proxy.expiry_passed": ("授权截止时间须晚于现在", "must be in the future"),
        "proxy.renewal_not_later": (
            "续期后的到期时间须比现在的到期时间 {expires_at} 至少晚一天；不填则从今天起续 {days} 天",
            "must be at least a day later than the consent's present end, {expires_at}; leave it out to renew for {days} days from today"),
        "proxy.renewal_not_needed_yet": (
            "这份授权有效至 {expires_at}，现在续期（从今天起 {days} 天）不会延长它；请临近到期时再续期",
            "this consent runs until {expires_at}; renewing now ({days} days from today) would not extend it: renew it nearer the end"),
        "proxy.expiry_too_far": ("授权期限最长 {days} 天，到期后可重新授权", "must be at most {days} days ahead; a consent can be given again when it ends"),
        "proxy.agent_not_staff": ("只能授权给服务站工作人员或社区管理员", "must be a member of the service station's staff or an admin"),
        "proxy.agent_inactive": ("这位工作人员的账号已暂停或封禁，不能接受授权", "is suspended or banned and cannot act for anyone"),
        "member.suspension_too_long": (
            "暂停最长 {days} 天，请提前结束时间；更长的暂停须由管理员决定",
            "must be at most {days} days from now; a longer suspension needs an admin"),
        // Ledger
        "donation.confirm_points": (
            "这笔捐赠折合 {points} 积分，超过 {above} 积分需要确认：请核对金额无误后，在“积分”一栏填写 {points} 再提交",
            "this donation converts to {points} points; above {above} a conversion is confirmed: check the amount, then send points: {points}"),
        "donation.points_mismatch": (
            "与折算结果不符：{value_yuan} 元 × 每元 {points_per_yuan} 积分，向下取整为 {allowed} 积分。请核对金额，或填写 {allowed}",
            "does not match the conversion: {value_yuan} yuan × {points_per_yuan} points a yuan, rounded down, is {allowed} points; check the amount, or send {allowed}"),
        "donation.yuan_too_large": ("金额不能超过 {max_yuan} 元", "must be at most {max_yuan} yuan"),
        "donation.yuan_format": ("请填写大于 0 的金额（元），最多两位小数，如 250.50", "must be an amount in yuan above 0 with at most two decimals, e.g. 250.50"),
        "ledger.category_format": ("只能用小写英文字母、数字和下划线，1 到 {max} 个字符", "must be 1 to {max} characters of a-z, 0-9 and _"),
        // Listings and their valuation corrections
        "listing.category_wrong_kind": ("这个分类不适用于这类发布，请换一个分类", "is not a category for this kind of listing"),
        "listing.photo_id_format": (
            "不是已上传照片的编号：请先上传照片，再填写上传后返回的编号",
            "is not the id of an uploaded photo; upload the photo first and use the id it returns"),
        "listing.photo_taken_down": (
            "这张照片所在的发布已被管理员下架，不能再用于发布；如有异议请对处理结果提出申诉",
            "was taken down with a listing moderation removed and cannot be posted again; appeal the decision if you think it wrong"),
        "listing.photo_not_uploaded": (
            "这张照片不是您（或发布人）上传的，请上传您自己的照片",
            "was not uploaded by you (or the listing's owner); upload your own photo"),
        "listing.photo_repeated": ("同一张照片在 photos 中出现了两次，请删去重复的一张", "lists the same photo twice; remove the repeat"),
        "listing.photos_not_for_time": ("时间类发布不能附照片，请去掉照片", "time listings take no photos; remove them"),
        "listing.declared_cost_format": (
            "请用数字填写申报价值（元），在 {min} 到 {max} 之间，最多两位小数，如 1299.50",
            "must be an amount in yuan from {min} to {max} with at most two decimals, e.g. 1299.50"),
        "listing.purchase_date_or_age": ("purchase_date 和 age_months 只填一个", "give purchase_date or age_months, not both"),
        "listing.purchase_date_format": (
            "请按 2024-03-15 的格式填写购买日期，不早于 {earliest_year} 年，也不能晚于今天",
            "must be a date such as 2024-03-15, from {earliest_year} on and not in the future"),
        "listing.duration_step": ("时长应在 {min} 到 {max} 分钟之间，并且是 {step} 分钟的整数倍", "must be between {min} and {max} minutes, in multiples of {step}"),
        "correction.no_field": (
            "请至少更正一项估值依据（原价、成色、时长、强度、技能水平或资质），只写更正原因不够",
            "must correct at least one of declared_cost, condition, duration_minutes, intensity, level, certification (a reason alone corrects nothing)"),
        "correction.no_change": (
            "更正后的各项与发布现在的内容相同，没有可更正的；如积分有误，请更正导致它的那一项",
            "leaves every field as the listing has it: there is nothing to correct; correct the field that makes the points wrong"),
        "listing.duration_exceeds_window": ("时长不能超过 start_at 到 end_at 的时段（{max} 分钟）", "must not exceed the start_at–end_at window ({max} minutes)"),
        "listing.window_or_availability": (
            "固定时段（start_at、end_at）和每周时段（availability）只能选一种",
            "give either a start_at/end_at window or availability, not both"),
        "listing.end_before_start": ("end_at 须晚于 start_at", "must be after start_at"),
        "listing.window_too_long": ("一次最长 {hours} 小时，end_at 距 start_at 不能超过 {hours} 小时", "must be at most {hours} hours after start_at"),
        "listing.window_passed": ("这个时段已经结束，请选择以后的时间", "the window has already ended; choose a later time"),
        "listing.start_too_far": ("最多只能提前 {days} 天发布时段，请选择更近的时间", "must be at most {days} days from now"),
        "listing.evidence_needs_certification": (
            "只有经他人认可或持有资格证书时才填写 evidence_ref，请去掉此项或修改 certification",
            "is only for certification peer_endorsed or verified_licence"),
        "listing.payment_note_required": (
            "以居民名义登记由本人支付 {points} 积分的需求时，如没有本人对您的代办授权，须填写办理依据（如“本人到站登记”），会告知本人",
            "is required when registering a need in a resident's name that the resident pays {points} points for, without their standing consent naming you: how they agreed (they are told)"),
        "listing.raise_note_required": (
            "以居民名义把由本人支付的需求从 {previous_points} 积分改为 {points} 积分时，如没有本人对您的代办授权，须填写办理依据（如“本人到站同意改为两小时”），会告知本人",
            "is required when an edit in a resident's name raises a need they pay for from {previous_points} to {points} points, without their standing consent naming you: how they agreed (they are told)"),
        "listing.note_only_for_someone_else": (
            "只在以居民名义登记时填写（说明办理依据），为自己发布时请去掉此项",
            "is only for a listing registered in someone else's name (how they agreed); leave it out of your own"),
        "listing.create_only": ("只能在新建发布时填写，修改发布时请去掉此项", "is only accepted when creating a listing; leave it out when editing"),
        // Reports and cases
        "report.listing_id_format": ("不是有效的发布编号（应以 {prefix}_ 开头）", "is not a listing id (listing ids start with {prefix}_)"),
        "report.member_id_format": ("不是有效的成员编号（应以 {prefix}_ 开头）", "is not a member id (member ids start with {prefix}_)"),
        "report.exchange_id_format": ("不是有效的交换编号（应以 {prefix}_ 开头）", "is not an exchange id (exchange ids start with {prefix}_)"),
        "case.dismiss_with_others": ("“不予处理”不能与其他处理措施同时选择", "dismiss cannot be combined with other actions"),
        "case.action_repeated": ("每种处理措施只能选一次", "must list each kind of action at most once"),
        "case.days_only_suspend": ("只有“暂停使用”措施才填写天数", "is only for a suspend action"),
        "case.points_only_compensate": ("只有“补偿积分”措施才填写积分", "is only for a compensate action"),
        "case.victim_only_compensate": ("只有“补偿积分”措施才指定受补偿的一方", "is only for a compensate action"),
        "case.remove_listing_not_listing": ("只有针对发布的举报才能选择“下架发布”", "remove_listing is only for a case about a listing"),
        "case.victim_is_offender": ("受补偿的一方不能是被处理的成员本人", "must name a victim other than the offender"),
        "case.victim_unrelated": (
            "受补偿的一方须是本案的举报人，或与被处理成员有过已接受的交换的成员",
            "must name a victim who reported this case or has had an accepted exchange with the offender"),
        // Exchanges
        "exchange.end_before_start": ("结束时间须晚于开始时间 scheduled_start", "must be after scheduled_start"),
        "exchange.minutes_above_booking": (
            "时长不能超过 {max} 分钟（预约时长的 4 倍）；实际更长时请发起纠纷，由审核员处理",
            "must be at most {max} minutes (four times the booking); for a longer service open a dispute for a moderator to weigh"),
        "exchange.window_too_long": ("一次交换最长 {days} 天，请缩短时间段", "must be at most {days} days after scheduled_start"),
        "exchange.end_passed": ("结束时间已过，请选择以后的时间", "is already past; choose a later time"),
        "exchange.start_too_far": ("最多只能提前 {days} 天预约", "must be at most {days} days from now"),
        "exchange.outside_listing_window": (
            "这条发布只在 {min} 至 {max} 这个时段，请在此时段内预约", "must fall within the listing's fixed window, {min} to {max}"),
        // Community events
        "event.end_before_start": ("结束时间须晚于开始时间 starts_at", "must be after starts_at"),
        "event.too_long": ("活动最长 {days} 天，请缩短时间", "must be at most {days} days after starts_at"),
        "event.start_passed": ("开始时间已过，请选择以后的时间", "is already past; choose a later time"),
        "event.end_passed": (
            "结束时间已过；活动一旦结束就不能再修改。如要提前结束，请把结束时间设为稍后的时刻",
            "is already past, and an event that has ended can no longer be changed; to end it early, set a moment still to come"),
        "event.start_too_far": ("最多只能提前 {days} 天发布活动", "must be at most {days} days from now"),
        "event.registration_after_end": ("报名截止时间不能晚于活动结束时间 ends_at", "must not be after ends_at"),
        "event.registration_close_passed": ("报名截止时间已过，请选择以后的时间", "is already past; choose a later time"),
        // Webhook endpoints
        "endpoint.format_immutable": ("推送地址的格式创建后不能更改，请新建一个推送地址", "cannot be changed; create a new endpoint instead"),
    ]
}
