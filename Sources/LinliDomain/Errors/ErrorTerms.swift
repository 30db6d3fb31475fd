/// Words for the machine values some error parameters carry (`current_state: completed`,
/// `event: report_minutes`, `allowed: owner, requester`), so a message reads "该交换当前状态为
/// “已完成”，不能接受" instead of "当前状态为 completed，不能执行 accept": station staff read these
/// messages out to elderly residents. Only the message is translated; the problem's `parameters`
/// keep the raw values for clients.
///
/// A value this table does not know is shown as it is (a new state added without a word here is
/// still readable, and `ErrorTermsTests` checks every case of the enums below has one).
enum ErrorTerms {
    /// One value's words in both languages.
    struct Term {
        let zh: String
        let en: String
    }

    /// The parameters of `code` with every known value replaced by its words in `language`.
    /// A parameter that comes with its names (`category` beside `category_name_zh` and
    /// `category_name_en`: a rule file's category, named by the community) is shown by the name in
    /// the reader's language (helper 144 #6: an English message read "a 医疗健康陪诊 exchange").
    static func localized(code: String, parameters: [String: String], in language: Language) -> [String: String] {
        var shown = parameters
        let suffix = language == .zhCN ? "_name_zh" : "_name_en"
        for (key, value) in parameters where key.hasSuffix(suffix) && !value.isEmpty {
            shown[String(key.dropLast(suffix.count))] = value
        }
        guard let vocabulary = vocabulary(for: code) else { return shown }
        for (name, terms) in vocabulary {
            guard let value = parameters[name] else { continue }
            shown[name] = words(for: value, in: terms, language: language)
        }
        return shown
    }

    /// A value, or a ", "-separated list of values (the parties allowed a step), in words.
    static func words(for value: String, in terms: [String: Term], language: Language) -> String {
        let parts = value.components(separatedBy: ", ")
        let named = parts.map { part in terms[part].map { language == .zhCN ? $0.zh : $0.en } ?? part }
        return named.joined(separator: language == .zhCN ? "或" : " or ")
    }

    /// Which parameters of `code` name values, and their words.
    static func vocabulary(for code: String) -> [String: [String: Term]]? {
        switch code {
        case "exchange.invalid_transition": return ["current_state": exchangeStates, "event": exchangeEvents]
        case "exchange.not_your_part": return ["event": exchangeEvents, "allowed": exchangeParties]
        case "rating.not_completed": return ["current_state": exchangeStates]
        case "exchange.contest_decided": return ["state": contestStates]
        case "listing.invalid_transition": return ["current_status": listingStatuses, "event": listingEvents]
        case "listing.not_editable", "exchange.listing_unavailable": return ["current_status": listingStatuses]
        case "review.already_decided": return ["current_status": reviewStatuses]
        case "event.registration_not_live": return ["current_state": registrationStates]
        case "event.already_registered": return ["state": registrationStates]
        case "event.member_inactive": return ["step": eventSteps]
        case "forbidden": return ["permission": permissions]
        default: return nil
        }
    }

    /// Permissions, as a forbidden action's words (`forbidden`: "您的角色没有此操作的权限（管理活动）").
    static let permissions: [String: Term] = [
        Permission.communityRead.rawValue: Term(zh: "查看社区信息", en: "reading the community"),
        Permission.communityUpdate.rawValue: Term(zh: "修改社区设置", en: "changing the community's settings"),
        Permission.communityCreate.rawValue: Term(zh: "创建社区", en: "creating a community"),
        Permission.householdRead.rawValue: Term(zh: "查看住户", en: "reading households"),
        Permission.householdWrite.rawValue: Term(zh: "登记或修改住户", en: "recording or changing households"),
        Permission.memberRead.rawValue: Term(zh: "查看成员", en: "reading members"),
        Permission.memberReadContact.rawValue: Term(zh: "查看成员联系方式", en: "reading members' contact details"),
        Permission.memberCreate.rawValue: Term(zh: "登记成员", en: "registering members"),
        Permission.memberCreateStaff.rawValue: Term(zh: "管理工作人员账户或代工作人员办理", en: "managing staff members' accounts or acting for them"),
        Permission.memberUpdateOthers.rawValue: Term(zh: "修改他人资料", en: "changing other members' profiles"),
        Permission.memberChangeRole.rawValue: Term(zh: "调整角色", en: "changing roles"),
        Permission.memberVerify.rawValue: Term(zh: "实名核验", en: "verifying identities"),
        Permission.memberChangeStatus.rawValue: Term(zh: "暂停或恢复成员", en: "suspending or restoring members"),
        Permission.tokenIssueOthers.rawValue: Term(zh: "为他人办理登录凭证", en: "issuing tokens for others"),
        Permission.tokenManageAll.rawValue: Term(zh: "管理所有登录凭证", en: "managing every token"),
        Permission.auditRead.rawValue: Term(zh: "查看审计记录", en: "reading the audit log"),
        Permission.rulesRead.rawValue: Term(zh: "查看规则文件", en: "reading the rule files"),
        Permission.rulesManage.rawValue: Term(zh: "管理规则文件", en: "managing the rule files"),
        Permission.webhooksManage.rawValue: Term(zh: "管理推送地址", en: "managing webhook endpoints"),
        Permission.ledgerReadOthers.rawValue: Term(zh: "查看他人积分账户", en: "reading other members' accounts"),
        Permission.ledgerReadSummary.rawValue: Term(zh: "查看积分概况", en: "reading the ledger summary"),
        Permission.ledgerGrantReward.rawValue: Term(zh: "发放奖励积分", en: "granting rewards"),
        Permission.ledgerConvertDonation.rawValue: Term(zh: "捐赠折算积分", en: "converting donations"),
        Permission.ledgerAdjust.rawValue: Term(zh: "调整积分", en: "adjusting balances"),
        Permission.ledgerReverse.rawValue: Term(zh: "冲正转账", en: "reversing transfers"),
        Permission.ledgerManageHolds.rawValue: Term(zh: "管理预留积分", en: "managing held points"),
        Permission.listingRead.rawValue: Term(zh: "查看发布", en: "reading listings"),
        Permission.listingCreate.rawValue: Term(zh: "发布物品或服务", en: "posting listings"),
        Permission.listingManageOthers.rawValue: Term(zh: "代他人管理发布", en: "managing listings for others"),
        Permission.listingReadAll.rawValue: Term(zh: "查看所有发布", en: "reading every listing"),
        Permission.listingReview.rawValue: Term(zh: "审核发布", en: "reviewing listings"),
        Permission.listingRemove.rawValue: Term(zh: "下架发布", en: "taking listings down"),
        Permission.memberReadCredit.rawValue: Term(zh: "查看信用分", en: "reading credit scores"),
        Permission.fraudReportRead.rawValue: Term(zh: "查看风险报告", en: "reading the fraud report"),
        Permission.reportCreate.rawValue: Term(zh: "举报", en: "filing reports"),
        Permission.caseManage.rawValue: Term(zh: "处理案件", en: "handling cases"),
        Permission.exchangeParticipate.rawValue: Term(zh: "参与交换", en: "taking part in exchanges"),
        Permission.exchangeReadAll.rawValue: Term(zh: "查看所有交换", en: "reading every exchange"),
        Permission.exchangeManageOthers.rawValue: Term(zh: "代他人办理交换", en: "handling exchanges for others"),
        Permission.exchangeResolve.rawValue: Term(zh: "裁决交换纠纷", en: "deciding exchange disputes"),
        Permission.proxyRecord.rawValue: Term(zh: "登记代办授权", en: "recording proxy consents"),
        Permission.proxyRead.rawValue: Term(zh: "查看代办授权", en: "reading proxy consents"),
        Permission.eventRead.rawValue: Term(zh: "查看活动", en: "reading events"),
        Permission.eventRegisterOthers.rawValue: Term(zh: "为他人报名活动", en: "registering others for events"),
        Permission.eventCheckIn.rawValue: Term(zh: "查看活动报名名单和签到", en: "reading an event's registrations and checking people in"),
        Permission.eventManage.rawValue: Term(zh: "管理活动", en: "managing events"),
    ]

    static let exchangeStates: [String: Term] = [
        ExchangeState.requested.rawValue: Term(zh: "待回应", en: "waiting for an answer"),
        ExchangeState.accepted.rawValue: Term(zh: "已接受", en: "accepted"),
        ExchangeState.completed.rawValue: Term(zh: "已完成", en: "completed"),
        ExchangeState.declined.rawValue: Term(zh: "已拒绝", en: "declined"),
        ExchangeState.cancelled.rawValue: Term(zh: "已取消", en: "cancelled"),
        ExchangeState.noShow.rawValue: Term(zh: "已登记爽约", en: "recorded as a no-show"),
        ExchangeState.disputed.rawValue: Term(zh: "纠纷处理中", en: "in dispute"),
        ExchangeState.resolved.rawValue: Term(zh: "纠纷已裁决", en: "resolved by a moderator"),
    ]

    /// Events as actions ("不能{event}", "Only … can do this ({event})"). `contest_no_show` and
    /// `decide_contest` are steps of a no-show's contest, named in the same errors.
    static let exchangeEvents: [String: Term] = [
        ExchangeEvent.accept.rawValue: Term(zh: "接受申请", en: "accepting"),
        ExchangeEvent.decline.rawValue: Term(zh: "拒绝申请", en: "declining"),
        ExchangeEvent.cancel.rawValue: Term(zh: "取消交换", en: "cancelling"),
        ExchangeEvent.complete.rawValue: Term(zh: "确认完成", en: "confirming completion"),
        ExchangeEvent.autoConfirm.rawValue: Term(zh: "自动确认", en: "automatic confirmation"),
        ExchangeEvent.noShow.rawValue: Term(zh: "登记爽约", en: "reporting a no-show"),
        ExchangeEvent.dispute.rawValue: Term(zh: "发起纠纷", en: "opening a dispute"),
        ExchangeEvent.withdrawDispute.rawValue: Term(zh: "撤回纠纷", en: "withdrawing the dispute"),
        ExchangeEvent.reportMinutes.rawValue: Term(zh: "报告实际时长", en: "reporting the minutes worked"),
        ExchangeEvent.resolve.rawValue: Term(zh: "裁决纠纷", en: "deciding the dispute"),
        "contest_no_show": Term(zh: "申诉爽约", en: "contesting the no-show"),
        "decide_contest": Term(zh: "处理爽约申诉", en: "deciding the contest"),
    ]

    static let exchangeParties: [String: Term] = [
        ExchangeParty.requester.rawValue: Term(zh: "申请人", en: "the requester"),
        ExchangeParty.owner.rawValue: Term(zh: "发布人", en: "the listing's owner"),
        ExchangeParty.payer.rawValue: Term(zh: "付款方", en: "the payer"),
        ExchangeParty.provider.rawValue: Term(zh: "提供方", en: "the provider"),
        ExchangeParty.moderator.rawValue: Term(zh: "审核员", en: "a moderator"),
        ExchangeParty.system.rawValue: Term(zh: "系统", en: "the service itself"),
        "another moderator": Term(zh: "其他审核员", en: "another moderator"),
    ]

    static let contestStates: [String: Term] = [
        NoShowContestState.open.rawValue: Term(zh: "待处理", en: "open"),
        NoShowContestState.upheld.rawValue: Term(zh: "爽约成立", en: "no-show upheld"),
        NoShowContestState.overturned.rawValue: Term(zh: "爽约撤销", en: "no-show overturned"),
    ]

    static let listingStatuses: [String: Term] = [
        ListingStatus.draft.rawValue: Term(zh: "草稿", en: "a draft"),
        ListingStatus.pendingReview.rawValue: Term(zh: "待审核", en: "waiting for review"),
        ListingStatus.published.rawValue: Term(zh: "已上架", en: "published"),
        ListingStatus.changesRequested.rawValue: Term(zh: "待修改", en: "waiting for the owner's changes"),
        ListingStatus.rejected.rawValue: Term(zh: "未通过审核", en: "rejected"),
        ListingStatus.reserved.rawValue: Term(zh: "已被预订", en: "reserved by an exchange"),
        ListingStatus.exchanged.rawValue: Term(zh: "已交换", en: "already exchanged"),
        ListingStatus.withdrawn.rawValue: Term(zh: "已撤回", en: "withdrawn"),
        ListingStatus.expired.rawValue: Term(zh: "已过期", en: "expired"),
        ListingStatus.removed.rawValue: Term(zh: "已被下架", en: "removed by a moderator"),
        "-": Term(zh: "无", en: "none"),
    ]

    static let listingEvents: [String: Term] = [
        ListingEvent.submit.rawValue: Term(zh: "提交审核", en: "submitting for review"),
        ListingEvent.autoPublish.rawValue: Term(zh: "直接上架", en: "publishing"),
        ListingEvent.approve.rawValue: Term(zh: "通过审核", en: "approving"),
        ListingEvent.reject.rawValue: Term(zh: "驳回", en: "rejecting"),
        ListingEvent.requestChanges.rawValue: Term(zh: "要求修改", en: "asking for changes"),
        ListingEvent.reserve.rawValue: Term(zh: "预订", en: "reserving"),
        ListingEvent.release.rawValue: Term(zh: "释放预订", en: "releasing the reservation"),
        ListingEvent.complete.rawValue: Term(zh: "完成交换", en: "completing the exchange"),
        ListingEvent.withdraw.rawValue: Term(zh: "撤回", en: "withdrawing"),
        ListingEvent.expire.rawValue: Term(zh: "到期下架", en: "expiring"),
        ListingEvent.remove.rawValue: Term(zh: "下架", en: "removing"),
        ListingEvent.reinstate.rawValue: Term(zh: "恢复上架", en: "reinstating"),
        ListingEvent.reopen.rawValue: Term(zh: "退回修改", en: "returning it to its owner"),
    ]

    static let reviewStatuses: [String: Term] = [
        ReviewItem.Status.pending.rawValue: Term(zh: "待处理", en: "pending"),
        ReviewItem.Status.decided.rawValue: Term(zh: "已处理", en: "decided"),
        ReviewItem.Status.cancelled.rawValue: Term(zh: "已取消", en: "cancelled"),
    ]

    /// What a suspended member cannot do at an event (`event.member_inactive`).
    static let eventSteps: [String: Term] = [
        "register": Term(zh: "报名活动", en: "register for events"),
        "check_in": Term(zh: "在入口签到", en: "be checked in at the door"),
    ]

    static let registrationStates: [String: Term] = [
        EventRegistration.State.registered.rawValue: Term(zh: "已报名", en: "registered"),
        EventRegistration.State.waitlisted.rawValue: Term(zh: "候补中", en: "on the waiting list"),
        EventRegistration.State.cancelled.rawValue: Term(zh: "已取消", en: "cancelled"),
        EventRegistration.State.checkedIn.rawValue: Term(zh: "已签到", en: "checked in"),
    ]
}
