import Foundation
import LinliDomain
import Testing

/// Every inbox message renders in both languages with all its placeholders filled.
@Suite struct MemberNotificationTests {
    static let parameters = [
        "case_id": "cas_1", "action": "suspend", "days": "7", "points": "12", "outcome": "upheld", "reward": "5", "status": "upheld",
        "exchange_id": "exc_1", "event_id": "cev_1", "title": "周末换物集市", "starts_at": "2026-12-05 09:00", "place": "中心广场",
        "reason": "暴雨预警", "state": "registered", "member_id": "mem_1", "strikes": "3", "settled_points": "20", "note": "照片与实物不符",
        "previous_title": "儿童自行车", "requested_points": "20", "current_points": "18", "proxy_id": "prx_1", "agent_name": "王站长", "recorded_by_name": "李社工", "expires_at": "2027-12-04 10:00", "previous_expires_at": "2026-12-20 10:00",
        "token_id": "tok_1", "issued_by_name": "李社工", "listing_id": "lst_1", "registered_by_name": "李社工", "requested_by_name": "李社工",
        "pays": "yes", "previous_points": "20", "rule_set_version": "2", "penalty": "5", "contest_days": "7", "kind": "time",
        "ends_at": "2026-12-05 12:00", "message": "暴雨预警", "transfer_id": "trf_1", "reversal_id": "trf_2", "balance": "-3",
        "direction": "debit", "category": "event_help", "reward_name_zh": "活动帮手", "reward_name_en": "Event help",
        "limit": "-100", "available": "7", "held": "20", "role": "payer", "by": "staff_for_you", "staff_name": "李社工", "step": "completed", "minutes": "45",
        "year": "2027", "version": "1", "last_listed": "2026-10-07", "requester_name": "王秀英",
        "endpoint_id": "wep_1", "url": "https://hooks.example/***", "withdrawn": "case.*, member.status_changed", "disabled": "false",
        "set_up_by": "张组织 (mem_2)", "stars": "2", "resident_name": "王秀英", "waiting_position": "2",
        "token_name": "我的手机", "minted_at": "2026-12-07 15:00",
    ]

    static func notification(_ kind: MemberNotification.Kind, _ parameters: [String: String] = parameters) -> MemberNotification {
        MemberNotification(
            id: NotificationID(trusted: "ntf_01JD5Q0Z6W8K3M2N4P5R6S7T8V"), communityID: CommunityID(trusted: "cmt_01JD5Q0Z6W8K3M2N4P5R6S7T8V"),
            memberID: MemberID(trusted: "mem_01JD5Q0Z6W8K3M2N4P5R6S7T8V"), kind: kind, subject: "case:cas_1", parameters: parameters,
            createdAt: Date(timeIntervalSince1970: 0), readAt: nil)
    }

    /// Helper 144 #12: a comment typed with its own full stop read "评语：……准时送到。。".
    @Test func aCommentsOwnFullStopIsNotDoubled() {
        var parameters = Self.parameters
        parameters["step"] = "rated"
        parameters["comment"] = "小李很热心，准时送到。"
        let zh = Self.notification(.exchangeStepForYou, parameters).text(in: .zhCN)
        #expect(zh.contains("准时送到") && !zh.contains("。。"), "\(zh)")
    }

    /// Every piece of news for the desk that registered her reads in both languages, names her and
    /// asks them to pass it on, with nothing left unfilled.
    @Test(arguments: ["changed", "cancelled", "seat_granted", "reminder", "registration_cancelled", "registration_closed"])
    func everyNewsForTheRegistrarReads(news: String) {
        var parameters = Self.parameters
        parameters["news"] = news
        let zh = Self.notification(.eventNewsForRegistrar, parameters).text(in: .zhCN)
        let en = Self.notification(.eventNewsForRegistrar, parameters).text(in: .en)
        #expect(!zh.contains("{") && !en.contains("{") && zh.contains("请转告本人") && en.contains("please pass it on"), "\(zh) / \(en)")
        if news == "registration_closed" { #expect(zh.contains("已停止报名") && zh.contains("候补第 2 位") && en.contains("number 2 in line")) }
    }

    /// Every step staff may take in her name reads in both languages, with nothing left unfilled.
    @Test(arguments: [
        "accepted", "completed", "minutes_reported", "disputed", "no_show_reported", "declined", "reported", "dispute_withdrawn", "rated",
        "no_show_contested",
    ])
    func everyStepForHerReads(step: String) {
        var parameters = Self.parameters
        parameters["step"] = step
        let zh = Self.notification(.exchangeStepForYou, parameters).text(in: .zhCN)
        let en = Self.notification(.exchangeStepForYou, parameters).text(in: .en)
        #expect(!zh.contains("{") && !en.contains("{") && zh.contains("李社工") && en.contains("李社工"), "\(zh) / \(en)")
    }

    /// Helper 140: what staff said to the neighbour in her name is in her notice too.
    @Test func aDeclineInHerNameSaysWhatWasSaid() {
        let parameters = ["step": "declined", "title": "周末换物集市", "exchange_id": "exc_1", "staff_name": "李社工", "points": "12", "reason": "已经有人帮忙了"]
        #expect(Self.notification(.exchangeStepForYou, parameters).text(in: .zhCN)
            == "工作人员 李社工 以您的名义谢绝了交换“周末换物集市”的申请，并告诉对方：已经有人帮忙了，没有积分变动。如不是您本人的意思，请联系社区服务站。")
    }

    /// Every standing reads, with or without an end and a reason.
    @Test(arguments: ["suspended", "banned", "active"])
    func everyStandingReads(status: String) {
        var parameters = ["status": status, "reason": "多次爽约"]
        for until in [nil, "2026-12-13 10:00"] as [String?] {
            parameters["until"] = until
            for language in [Language.zhCN, .en] {
                let text = Self.notification(.standingChanged, parameters).text(in: language)
                #expect(!text.contains("{") && (status == "active") != text.contains("多次爽约"), "\(text)")
            }
        }
    }

    /// The member acted against reads until when she may appeal (helper 118: "within the appeal
    /// window" said neither how long nor why).
    @Test func anActionSaysUntilWhenItMayBeAppealed() {
        var parameters = Self.parameters
        parameters["appeal_until"] = "2026-12-20 10:00"
        parameters.removeValue(forKey: "reason")
        #expect(Self.notification(.actionTaken, parameters).text(in: .zhCN) == "审核员处理了案件 cas_1，对您采取了措施：暂停使用 7 天。如有异议，可在 2026-12-20 10:00 前申诉。")
        #expect(Self.notification(.actionTaken, parameters).text(in: .en).hasSuffix("suspension for 7 days. You may appeal until 2026-12-20 10:00."))
    }

    /// Helper 152 #5: a case's suspension says until when; one a heavier standing already in force
    /// covers says that standing, not "7 days".
    @Test(arguments: [
        (["until": "2026-12-14 15:00"], "审核员处理了案件 cas_1，对您采取了措施：暂停使用 7 天（至 2026-12-14 15:00）。",
         "A moderator resolved case cas_1 with an action concerning you: suspension for 7 days (until 2026-12-14 15:00)."),
        (["still": "suspended", "still_until": "2027-06-30 00:00"],
         "审核员处理了案件 cas_1，对您采取了措施：暂停使用 7 天（您的账号已因另一项处理暂停至 2027-06-30 00:00，这次的暂停包含在内）。",
         "A moderator resolved case cas_1 with an action concerning you: suspension for 7 days (your account is already suspended until 2027-06-30 00:00 by another decision, which covers this one)."),
        (["still": "suspended"], "审核员处理了案件 cas_1，对您采取了措施：暂停使用 7 天（您的账号已因另一项处理暂停，暂无结束时间，这次的暂停记录在案）。",
         "A moderator resolved case cas_1 with an action concerning you: suspension for 7 days (your account is already suspended by another decision, with no end date yet; this suspension is on record)."),
        (["still": "banned"], "审核员处理了案件 cas_1，对您采取了措施：暂停使用 7 天（您的账号已因另一项处理停用，这次的暂停记录在案）。",
         "A moderator resolved case cas_1 with an action concerning you: suspension for 7 days (your account is already closed by another decision; this suspension is on record)."),
    ])
    func aSuspensionSaysUntilWhen(standing: [String: String], zh: String, en: String) {
        var parameters = Self.parameters.merging(standing) { _, new in new }
        parameters.removeValue(forKey: "reason")
        #expect(Self.notification(.actionTaken, parameters).text(in: .zhCN).hasPrefix(zh))
        #expect(Self.notification(.actionTaken, parameters).text(in: .en).hasPrefix(en))
    }

    /// A takedown names its reason in the reader's words (helper 118).
    @Test func aTakedownNamesItsReason() {
        var parameters = Self.parameters
        parameters["reason_code"] = "commercial"
        #expect(Self.notification(.bookedListingRemoved, parameters).text(in: .zhCN)
            == "您正在进行的交换所涉及的“周末换物集市”已被审核员下架，原因：商业推广。交换没有被取消：如您不想继续，开始前可以直接取消，开始后可与对方商量；如已出现问题，可以申请纠纷处理。")
        parameters["state"] = "disputed"
        #expect(Self.notification(.bookedListingRemoved, parameters).text(in: .en).hasSuffix("its dispute is still for a moderator to decide."))
        parameters["decision"] = "removed"
        parameters.removeValue(forKey: "message")
        #expect(Self.notification(.listingReviewed, parameters).text(in: .en)
            == "A moderator took down your listing “周末换物集市”: commercial promotion. Ask at the service station if this is unexpected.")
    }

    /// Helper 131: an approval told nobody; it names the points, and a moderator's correction.
    @Test func anApprovalNamesThePointsAndACorrection() {
        var parameters = Self.parameters
        parameters["decision"] = "approved"
        parameters["subject"] = "listing"
        parameters["points"] = "18"
        parameters.removeValue(forKey: "message")
        #expect(Self.notification(.listingReviewed, parameters).text(in: .zhCN) == "您的发布“周末换物集市”已通过审核，邻居们现在可以看到了，估值 18 积分。")
        parameters["original_points"] = "25"
        #expect(Self.notification(.listingReviewed, parameters).text(in: .en)
            == "A moderator approved your listing “周末换物集市”: neighbours can see it now. The moderator corrected its value from 25 to 18 points.")
        // Helper 137 #11: the correction's reason, when the moderator gave one.
        parameters["correction_reason"] = "同款二手市价约 150 元。"
        #expect(Self.notification(.listingReviewed, parameters).text(in: .zhCN)
            == "您的发布“周末换物集市”已通过审核，邻居们现在可以看到了。审核员核对后，估值由 25 积分调整为 18 积分，理由：同款二手市价约 150 元。")
        #expect(Self.notification(.listingReviewed, parameters).text(in: .en).hasSuffix("from 25 to 18 points (同款二手市价约 150 元)."))
        parameters["subject"] = "edit"
        parameters["message"] = "照片已更新"
        parameters.removeValue(forKey: "previous_points")
        #expect(Self.notification(.listingReviewed, parameters).text(in: .zhCN) == "您对“周末换物集市”的修改已通过审核，发布已更新，估值 18 积分。审核说明：照片已更新")
        // Helper 137 #11: an edit that moved the points says from what.
        parameters["previous_points"] = "20"
        #expect(Self.notification(.listingReviewed, parameters).text(in: .zhCN) == "您对“周末换物集市”的修改已通过审核，发布已更新，估值由 20 积分变为 18 积分。审核说明：照片已更新")
        #expect(Self.notification(.listingReviewed, parameters).text(in: .en)
            == "A moderator approved your edit of “周末换物集市”: the listing is updated, and its value changed from 20 to 18 points. Note: 照片已更新")
    }

    /// Helper 137 #11: a refusal named no reason, and a request for changes no fields, though the
    /// moderator had to give both; the owner heard only "not accepted" or "needs changes".
    @Test func aRefusalNamesItsReasonAndARequestItsFields() {
        var parameters = Self.parameters
        parameters["subject"] = "listing"
        parameters["message"] = "请补充实物照片"
        parameters["decision"] = "rejected"
        parameters["reason_code"] = "misleading"
        #expect(Self.notification(.listingReviewed, parameters).text(in: .zhCN) == "您的发布“周末换物集市”未通过审核。原因：描述不实。审核说明：请补充实物照片")
        #expect(Self.notification(.listingReviewed, parameters).text(in: .en)
            == "A moderator did not accept your listing “周末换物集市”. Reason: not as described. Note: 请补充实物照片")
        parameters.removeValue(forKey: "reason_code")
        parameters["decision"] = "changes_requested"
        parameters["fields"] = "photos,declared_cost"
        #expect(Self.notification(.listingReviewed, parameters).text(in: .zhCN)
            == "您的发布“周末换物集市”需要修改后再提交审核。需要修改：照片、购买价格。审核说明：请补充实物照片")
        #expect(Self.notification(.listingReviewed, parameters).text(in: .en)
            == "A moderator asked for changes to your listing “周末换物集市” before it can be published. To change: photos, purchase price. Note: 请补充实物照片")
    }

    /// Helper 133: a reversal named a bare transfer id; it says which entry, as her statement reads it.
    @Test func aReversalNamesTheEntryItUndid() {
        var parameters = Self.parameters
        parameters["original_kind"] = "reward"
        parameters["original_at"] = "2026-12-03 10:00"
        #expect(Self.notification(.transferReversed, parameters).text(in: .zhCN)
            == "社区管理员撤销了您 2026-12-03 10:00 的一笔“社区奖励”（trf_1），您的账户因此扣回 12 积分，现在余额 -3 积分。如有疑问，请联系社区服务站。原因：暴雨预警")
        parameters["direction"] = "credit"
        parameters["original_kind"] = "penalty"
        #expect(Self.notification(.transferReversed, parameters).text(in: .en).hasPrefix("A community administrator reversed your “Penalty” entry of 2026-12-03 10:00 (trf_1): 12 points were returned"))
    }

    /// Helper 133: a change says what changed and what it was.
    @Test(arguments: [
        // An end moved alone reads as such (helper 135: "原定 09:00 开始" hid what changed).
        ("time", "您报名的活动“周末换物集市”改了时间：现在是 2026-12-05 09:00 至 2026-12-05 12:00（原定 2026-12-05 09:00 至 2026-12-05 11:00），地点不变：中心广场。"),
        ("time_place", "您报名的活动“周末换物集市”改了时间和地点：现在是 2026-12-05 09:00 至 2026-12-05 12:00，在 中心广场（原定 2026-12-05 09:00 至 2026-12-05 11:00，在 活动室）。"),
    ])
    func aChangeSaysWhatChanged(_ changed: String, _ expected: String) {
        var parameters = Self.parameters
        parameters["changed"] = changed
        parameters["previous_starts_at"] = "2026-12-05 09:00"
        parameters["previous_ends_at"] = "2026-12-05 11:00"
        parameters["previous_place"] = "活动室"
        #expect(Self.notification(.eventChanged, parameters).text(in: .zhCN) == expected)
    }

    @Test(arguments: MemberNotification.Kind.allCases)
    func rendersInBothLanguages(kind: MemberNotification.Kind) {
        for language in [Language.zhCN, .en] {
            let text = Self.notification(kind).text(in: language)
            #expect(!text.contains("{") && !text.isEmpty, "\(kind) \(language): \(text)")
        }
    }

    /// A notice that names its exchange by title does not show the exchange's id as well (helper
    /// 144 #12); one without a title (stored before titles were added) keeps the id.
    @Test(arguments: MemberNotification.Kind.allCases)
    func anExchangeNamedByTitleShowsNoID(kind: MemberNotification.Kind) {
        for language in [Language.zhCN, .en] {
            let text = Self.notification(kind).text(in: language)
            #expect(!text.contains("exc_1"), "\(kind) \(language): \(text)")
            #expect(!text.contains("（）") && !text.contains("()") && !text.contains(" ,") && !text.contains("  "), "\(kind) \(language): \(text)")
        }
        var untitled = Self.parameters
        untitled["title"] = nil
        #expect(Self.notification(.exchangeDisputed, untitled).text(in: .zhCN).contains("exc_1"))
    }

    /// With the exchange's time, the time stands where the id stood (two exchanges of one
    /// repeatable offer); a text that gives the time already is not given it twice (helper 147 #11).
    @Test(arguments: [
        (MemberNotification.Kind.exchangeDisputed, Language.zhCN, "交换“周末换物集市”（2026-12-09 09:00）的对方对服务提出了纠纷"),
        (.exchangeFrozen, .en, "exchange “周末换物集市” (2026-12-09 09:00) are frozen"),
        (.bookedListingRemoved, .en, "the listing of your exchange of 2026-12-09 09:00, was taken down"),
        // An id closing a sentence is dropped, not replaced: a time there reads as a deadline.
        (.requestedListingChanged, .zhCN, "如不合适，可以取消申请。"),
        (.bookedListingChanged, .en, "talk to the provider or cancel the booking."),
    ])
    func theExchangesTimeStandsForItsID(kind: MemberNotification.Kind, language: Language, expected: String) {
        var parameters = Self.parameters
        parameters["exchange_starts_at"] = "2026-12-09 09:00"
        parameters["by"] = "other_side"
        let text = Self.notification(kind, parameters).text(in: language)
        #expect(text.contains(expected), "\(text)")
        let cancelled = Self.notification(.exchangeCancelled, parameters).text(in: .zhCN)
        #expect(!cancelled.contains("2026-12-09") && cancelled.contains("2026-12-05 09:00"), "the text's own time: \(cancelled)")
    }

    /// A notice to a side names the other side where it first says so, once (helper 144 #9); a
    /// notice without `other_name` (stored before, or to a moderator) reads as it did.
    @Test(arguments: [
        (MemberNotification.Kind.exchangeCancelled, Language.zhCN, ["role": "payer", "by": "other_side"], "对方（张师傅）取消了"),
        (.exchangeCancelled, .en, ["role": "payer", "by": "other_side"], "The other side (张师傅) cancelled"),
        (.exchangeStepForYou, .en, ["step": "accepted", "role": "provider"], "the 张师傅's"),
        (.exchangeDisputed, .zhCN, [:], "的对方（张师傅）对服务提出了纠纷"),
    ])
    func namesTheOtherSide(kind: MemberNotification.Kind, language: Language, variant: [String: String], expected: String) {
        var parameters = Self.parameters.merging(variant) { $1 }
        parameters["other_name"] = "张师傅"
        let text = Self.notification(kind, parameters).text(in: language)
        #expect(text.contains(expected.replacingOccurrences(of: "the 张师傅's", with: "张师傅's")), "\(text)")
        #expect(text.components(separatedBy: "张师傅").count == 2, "named once: \(text)")
        parameters["other_name"] = nil
        #expect(!Self.notification(kind, parameters).text(in: language).contains("张师傅"))
    }

    @Test func aNoticeThatNamesTheRequesterIsNotNamedTwice() {
        var parameters = Self.parameters
        parameters["other_name"] = "王秀英"
        parameters["requester_name"] = "王秀英"
        let text = Self.notification(.exchangeRequested, parameters).text(in: .zhCN)
        #expect(text.components(separatedBy: "王秀英").count == 2, "\(text)")
    }

    /// Points set aside for an exchange are 预留 in every notice; 冻结 reads as a punishment and is
    /// kept for the fraud freeze and its lifting (helper 144 #8). Each side, each step and each
    /// outcome the texts branch on is rendered.
    /// (A withdrawn dispute's notice names the fraud freeze only when a case holds the exchange,
    /// `case_id`: `aWithdrawnDisputeNamesAFreezeOnlyWhenOneHolds`.)
    @Test(arguments: MemberNotification.Kind.allCases.filter { ![.exchangeFrozen, .exchangeUnfrozen, .exchangeDisputeWithdrawn].contains($0) })
    func exchangeHoldsAreReservedNotFrozen(kind: MemberNotification.Kind) {
        let variants: [[String: String]] = [
            [:], ["role": "payer"], ["role": "provider"], ["refunded": "12"], ["refunded": "12", "role": "payer"],
            ["held": "20", "role": "payer"], ["state": "disputed"], ["state": "no_show"], ["state": "cancelled"],
            ["cause": "rules"], ["decision": "refund"], ["decision": "compensate"], ["decision": "refund", "role": "payer"],
            ["kind": "item"], ["step": "disputed"], ["step": "accepted"], ["step": "accepted", "role": "provider"],
            ["step": "no_show_reported", "refunded": "12"], ["outcome": "refund", "role": "payer"], ["outcome": "refund", "role": "provider"],
            ["outcome": "refund", "role": "payer", "kind": "time"], ["role": "payer", "held": "20", "settled_points": "8"],
        ]
        for variant in variants {
            let text = Self.notification(kind, Self.parameters.merging(variant) { $1 }).text(in: .zhCN)
            #expect(!text.contains("冻结"), "\(kind) \(variant): \(text)")
        }
    }

    @Test func aWithdrawnDisputeNamesAFreezeOnlyWhenOneHolds() {
        var parameters = Self.parameters
        parameters["case_id"] = nil
        let zh = Self.notification(.exchangeDisputeWithdrawn, parameters).text(in: .zhCN)
        #expect(!zh.contains("冻结") && zh.contains("付款方确认后完成"), "\(zh)")
        let en = Self.notification(.exchangeDisputeWithdrawn, parameters).text(in: .en)
        #expect(en.hasSuffix("it completes when the payer confirms it, or automatically when the confirmation period ends."), "\(en)")
    }

    @Test(arguments: [
        (MemberNotification.Kind.actionTaken, Language.en, "A moderator resolved case cas_1 with an action concerning you: suspension for 7 days (reason: 暴雨预警). You may appeal within the appeal window."),
        (.actionTaken, .zhCN, "审核员处理了案件 cas_1，对您采取了措施：暂停使用 7 天（理由：暴雨预警）。如有异议，可在申诉期内申诉。"),
        (.reportResolved, .zhCN, "您的举报已处理，结果：属实，奖励 5 积分将于次日到账。感谢您守护社区。"),
        (.reportResolved, .en, "Your report was handled: upheld; your reward of 5 points arrives tomorrow. Thank you for looking after the community."),
        (.otherSideNoShowRecorded, .zhCN, "审核员记录了交换“周末换物集市”的对方未按约到场，这次交换已结束。为它预留的 12 积分已退回您的账户。对方可在申诉期内提出异议，由另一位审核员决定。"),
        (.reportRewardWithdrawn, .zhCN, "您举报的案件 cas_1 经申诉复核，处理已全部撤销，原定的 5 积分奖励不再发放。感谢您的举报，它仍有助于审核员了解情况。"),
        (.exchangeRequested, .zhCN, "邻居 王秀英 愿意帮您完成“周末换物集市”，时间 2026-12-05 09:00。您接受后，将从您的账户预留 12 积分，完成后付给对方。请在“我的交换”中接受或婉拒。"),
        (.exchangeAccepted, .en, "The owner of “周末换物集市” accepted your request for 2026-12-05 09:00. 12 points are held from your account and paid once you confirm it is done."),
        (.exchangeCompleted, .zhCN, "对方已确认“周末换物集市”完成，12 积分已付给您（按确认的 45 分钟计，预留 20 积分）。感谢您的帮助！"),
        (.appealDecided, .zhCN, "您对“暂停使用”的申诉已处理，结果：维持原处理（理由：暴雨预警）。"),
        (.appealDecided, .en, "Your appeal against “suspension” was decided: the action stands (reason: 暴雨预警)."),
        (.exchangeDisputed, .en, "The other side disputed the service of exchange “周末换物集市”: the held points wait for a moderator, and you will be told the decision."),
        (.exchangeFrozen, .en, "The points held for exchange “周末换物集市” are frozen for a safety check until a moderator resolves case cas_1."),
        // Helper 168 #6: withdrawn while a case froze it, it does not "complete as usual".
        (.exchangeDisputeWithdrawn, .en, "The other side withdrew the dispute of exchange “周末换物集市”; the exchange is accepted again, but its points stay frozen for a safety check until a moderator resolves case cas_1."),
        (.exchangeDisputeWithdrawn, .zhCN, "交换“周末换物集市”的对方已撤回纠纷，交换恢复为已接受；其积分仍因风险核查冻结，审核员处理案件 cas_1 后恢复。"),
        (.eventSeatGranted, .zhCN, "有名额空出，您已从候补转为正式报名：周末换物集市，时间 2026-12-05 09:00，地点 中心广场。如不能参加，请取消报名，把名额留给邻居。"),
        (.webhookEndpointFailing, .zhCN, "推送地址 wep_1（https://hooks.example/***）推送失败，有消息没能送达，原因：暴雨预警。请检查接收方（如群机器人是否被移除、地址是否变了）；恢复后可以重发失败的消息。"),
        (.eventRegistrationClosedWaiting, .zhCN, "活动“周末换物集市”（2026-12-05 09:00，中心广场）已停止报名。您仍在候补第 2 位，只有前面有人取消报名才能补上，补上时会通知您。"),
        (.eventRegistrationClosedWaiting, .en, "Registration for “周末换物集市” (2026-12-05 09:00, 中心广场) has closed. You are still number 2 on the waiting line and get a seat only if someone gives theirs up; you will be told if so."),
        (.eventReminder, .en, "Reminder: 周末换物集市 starts at 2026-12-05 09:00 at 中心广场. If you cannot come, please cancel your registration."),
        (.holidaysNeeded, .zhCN, "现行规则（第 1 版）没有列出 2027 年的法定节假日，2027年1月1日起节假日时段将按平日计分。最后列出的节假日是 2026-10-07。请按国务院办公厅通知补上节假日，上传并启用新版本。"),
        (.holidaysNeeded, .en, "The rules in force (version 1) list no public holiday of 2027: from 1 January 2027, holiday time slots will be paid as ordinary days. The last holiday listed is 2026-10-07. Please add the year's dates from the State Council's notice, then upload and activate a new version."),
        (.suspensionProposed, .zhCN, "案件 cas_1 处理后，成员 mem_1 在统计期内的有效违规已达 3 次，建议暂停其使用，请审核员决定。"),
        (.requestedListingChanged, .zhCN, "您申请的“儿童自行车”内容有更新（现为“周末换物集市”），积分由 20 变为 18，请在对方接受前再看一下是否仍合适；如不合适，可以取消申请。"),
        (.requestedListingChanged, .en, "“儿童自行车”, which you asked for, has changed (now “周末换物集市”) (points 20 → 18). Please look at it again before the owner accepts; if it no longer suits you, cancel your request."),
        (.bookedListingChanged, .zhCN, "您已预约的“儿童自行车”内容有更新（现为“周末换物集市”），请再看一下说明和地点；积分按预约时的约定结算。如不合适，可以和对方商量或取消预约。"),
        (.proxyRecordedForYou, .zhCN, "工作人员 李社工 已为您登记代办授权：王站长 可代您办理交换和发布的物品、服务，有效至 2027-12-04 10:00。如不是您本人的意思，请随时撤销授权或联系社区服务站。"),
        (.balanceAdjusted, .en, "A community administrator took 12 points from your account; your balance is now -3 points. If you have questions, ask the service station. Reason: 暴雨预警"),
        (.transferReversed, .zhCN, "社区管理员撤销了一笔积分记录（trf_1），您的账户因此扣回 12 积分，现在余额 -3 积分。如有疑问，请联系社区服务站。原因：暴雨预警"),
        (.exchangeDeclined, .en, "The owner of “周末换物集市” declined your request, saying: 暴雨预警; no points moved. Other listings may suit you."),
        (.exchangeStepForYou, .zhCN, "工作人员 李社工 以您的名义确认交换“周末换物集市”已完成，从您的账户付给对方 12 积分。如不是您本人的意思，请联系社区服务站。"),
        (.exchangeCancelled, .zhCN, "工作人员 李社工 以您的名义取消了原定 2026-12-05 09:00 的交换“周末换物集市”，没有积分变动。如不是您本人的意思，请联系社区服务站。原因：暴雨预警"),
        (.exchangeAutoConfirmed, .en, "The confirmation period of “周末换物集市” ended, so it was confirmed automatically and 12 points were paid (the rest of the 20 points held went back to you). If something was wrong, ask a moderator."),
        (.nearCreditLimit, .zhCN, "您的积分余额现为 -3，已接近可透支的下限 -100，还可使用 7 积分。为邻居提供帮助就能把积分挣回来。"),
        (.pointsRewarded, .en, "Thank you for your help! You received 12 points as a reward: Event help. Note: 暴雨预警"),
        (.proxyRevoked, .en, "Your consent that 王站长 acts for you was withdrawn; they can no longer act for you. Reason: 暴雨预警"),
        (.handOverTokenUsed, .zhCN, "社区交接令牌已用于创建登录凭证“我的手机”（2026-12-07 15:00），交接令牌随即作废。如果这不是您本人创建的，说明有人用过交接令牌：请立即在您的令牌列表中撤销这个凭证。"),
        (.handOverTokenUsed, .en, "The community's hand-over token was used to create the sign-in token “我的手机” (2026-12-07 15:00) and is now revoked. If you did not create it, someone else used the hand-over token: revoke that token in your token list at once."),
        (.tokenIssuedForYou, .zhCN, "李社工 为您的账户办理了一个登录凭证，有效至 2027-12-04 10:00。办理依据：照片与实物不符。持有它的人可以用您的账户办理交换和积分；如不是您本人的要求，请联系社区服务站撤销。"),
        (.listingRegisteredForYou, .zhCN, "工作人员 李社工 以您的名义登记了“周末换物集市”。它会显示为您发布的，有邻居帮忙时，积分从您的账户支付。办理依据：照片与实物不符。如不是您本人的意思，请联系社区服务站。"),
        (.listingRegisteredForYou, .en, "李社工 of the service station registered “周末换物集市” in your name. It is shown as yours; when a neighbour helps, the points are paid from your account. On record: 照片与实物不符. If you did not ask for this, tell the service station."),
        (.listingReviewed, .en, "A moderator did not accept your listing “周末换物集市”. Note: 暴雨预警"),
        (.noShowRecorded, .zhCN, "交换“周末换物集市”中您被对方登记为爽约，已扣除 5 积分。如您当时按时到场，可在 7 天内提出申辩，由审核员复核，申辩成立会退回扣分。登记时的说明：暴雨预警。"),
        (.noShowRecorded, .en, "The other side recorded you absent from exchange “周末换物集市” and 5 points were charged. If you were there on time, you can contest it within 7 days; a moderator reviews it, and the penalty is returned if you are right. What was said when it was recorded: 暴雨预警."),
        (.exchangeDisputed, .en, "The other side disputed the service of exchange “周末换物集市”: the held points wait for a moderator, and you will be told the decision."),
        (.eventChanged, .en, "An event you registered for changed: 周末换物集市, now 2026-12-05 09:00 to 2026-12-05 12:00, 中心广场."),
        (.appealFiledForYou, .zhCN, "工作人员 李社工 以您的名义对案件 cas_1 中的“暂停使用 7 天”提出了申诉（依据：照片与实物不符），审核员复核后会通知您结果。每项处理只能申诉一次；如内容不对，您可以在裁决前自己重新提交申诉来替换它；如不是您本人的意思，请联系社区服务站。"),
        (.proxyWithdrawnForAgent, .zhCN, "王秀英 的代办授权（prx_1）已撤回：您不能再代其办理交换、发布和活动报名，之前为其登记、尚未完成的事项也不能再代办。如本人仍需帮助，可由本人重新授权，或请其他工作人员办理。"),
        (.exchangeRequestedForYou, .en, "李社工 of the service station asked for “周末换物集市” in your name, for 2026-12-05 09:00; once the other side accepts, 12 points are held from your account. On record: 照片与实物不符. If you did not ask for this, tell the service station to cancel it."),
    ])
    func wording(kind: MemberNotification.Kind, language: Language, expected: String) {
        #expect(Self.notification(kind).text(in: language) == expected)
    }

    /// Helper 162 #8: the desk's note is shown when she earns too, not only when she pays; and
    /// helper 162 #7: an agent giving a consent up is named as having done it.
    @Test func theDesksNoteAndTheAgentsOwnEnding() {
        var parameters = Self.parameters
        parameters["pays"] = "no"
        let earning = Self.notification(.exchangeRequestedForYou, parameters)
        #expect(earning.text(in: .zhCN).contains("完成后您将获得 12 积分。办理依据：照片与实物不符。"), "\(earning.text(in: .zhCN))")
        #expect(earning.text(in: .en).contains("you earn 12 points when it is done. On record: 照片与实物不符."))
        // Helper 164 #5: no penalty charged, none said to come back.
        var overturned = Self.parameters
        overturned["status"] = "overturned"
        overturned["role"] = "provider"
        #expect(Self.notification(.noShowContestDecidedForOther, overturned).text(in: .zhCN).contains("对方的扣分已退回"))
        overturned["no_penalty"] = "true"
        #expect(!Self.notification(.noShowContestDecidedForOther, overturned).text(in: .zhCN).contains("扣分"))
        #expect(!Self.notification(.noShowContestDecidedForOther, overturned).text(in: .en).contains("penalty"))
        parameters["cause"] = "agent_gave_up"
        #expect(Self.notification(.proxyRevoked, parameters).text(in: .en).hasPrefix("王站长 gave up your consent that they act for you"))
    }

    /// Helper 140 #6: a token the desk issued or revoked for her says on whose word, or why; one
    /// issued before the note existed reads as before.
    @Test func tokenNoticesCarryTheDesksNoteOrReason() {
        var parameters = Self.parameters
        parameters["note"] = nil
        #expect(Self.notification(.tokenIssuedForYou, parameters).text(in: .en)
            == "李社工 issued a sign-in token for your account, valid until 2027-12-04 10:00. Whoever holds it can use your account for exchanges and points; if you did not ask for it, ask the service station to revoke it.")
        parameters = ["token_id": "tok_1", "revoked_by_name": "李社工", "tokens": "1", "reason": "手机丢失"]
        #expect(Self.notification(.tokenRevokedForYou, parameters).text(in: .zhCN) == "李社工 停用了您的一个登录凭证。原因：手机丢失。如不是您本人的要求，请联系社区服务站。")
        #expect(Self.notification(.tokenRevokedForYou, parameters).text(in: .en)
            == "李社工 revoked one of your sign-in tokens. Reason: 手机丢失. If you did not ask for this, tell the service station.")
        parameters["reason"] = nil
        parameters["tokens"] = "2"
        #expect(Self.notification(.tokenRevokedForYou, parameters).text(in: .zhCN)
            == "李社工 停用了您的一个登录凭证，通过它办理的凭证也一并停用（共 2 个）。如不是您本人的要求，请联系社区服务站。")
    }

    /// A no-show a moderator recorded is not put on the other side (helper 105).
    /// Once the year has begun the holidays are being paid as ordinary days, not about to be.
    @Test func missingHolidaysSayTheYearHasBegun() {
        var parameters = Self.parameters
        parameters["stage"] = "missing"
        parameters["last_listed"] = nil
        #expect(Self.notification(.holidaysNeeded, parameters).text(in: .zhCN)
            == "2027年已开始，现行规则（第 1 版）仍没有列出该年的法定节假日，节假日时段正按平日计分。请按国务院办公厅通知补上节假日，上传并启用新版本。")
        #expect(Self.notification(.holidaysNeeded, parameters).text(in: .en).hasPrefix("2027 has begun and the rules in force (version 1) still list none"))
    }

    /// The upgrade's withdrawal of restricted types (`WebhookRestrictedReview`) tells the admin what
    /// went, from which endpoint, why, and whether it still delivers its other events.
    @Test func withdrawnWebhookEventsSayWhatWentAndWhy() {
        #expect(Self.notification(.webhookEventsWithdrawn).text(in: .zhCN)
            == "为保护居民隐私，本次升级已从 Webhook 端点 wep_1（https://hooks.example/***）的订阅中移除以下事件类型：case.*, member.status_changed，因为设置它的人（张组织 (mem_2)）中有人无权查看这些事件。它的其他事件照常推送。如确需接收，请由有权查看这些事件的管理员重新添加。")
        var parameters = Self.parameters
        parameters["disabled"] = "true"
        parameters["set_up_by"] = ""
        parameters["description"] = "物业对接"
        #expect(Self.notification(.webhookEventsWithdrawn, parameters).text(in: .en)
            == "To protect residents' privacy, the upgrade removed these event types from webhook endpoint wep_1 (“物业对接”, https://hooks.example/***): case.*, member.status_changed. Nobody is recorded as having set it up. It had nothing else to follow, so it is disabled. If they are needed, an admin, who may read them, can add them again.")
    }

    /// Helper 125: a moved start undoes check-ins; those people are told to check in again.
    @Test func aMovedStartTellsWhoseCheckInWasUndone() {
        var parameters = Self.parameters
        parameters["check_in_again"] = "yes"
        #expect(Self.notification(.eventChanged, parameters).text(in: .zhCN).hasSuffix("您之前在入口的签到因时间变更已取消，请按新的时间到场后重新签到。"))
        #expect(Self.notification(.eventChanged, parameters).text(in: .en).hasSuffix("please check in again when you come."))
        #expect(!Self.notification(.eventChanged).text(in: .en).contains("check in again"))
        // The desk that registered her is told too (helper 177 #2: it heard only "changed").
        parameters["news"] = "changed"
        parameters["resident_name"] = "王秀英"
        let desk = Self.notification(.eventNewsForRegistrar, parameters)
        #expect(desk.text(in: .zhCN).contains("王秀英 之前在入口的签到因时间变更已取消，到场后需要重新签到。"), "\(desk.text(in: .zhCN))")
        #expect(desk.text(in: .en).contains("王秀英's check-in at the door was for the old time: they must check in again when they come."))
        parameters.removeValue(forKey: "check_in_again")
        #expect(!Self.notification(.eventNewsForRegistrar, parameters).text(in: .en).contains("check in again"))
    }

    @Test func aNoShowSaysWhoRecordedIt() {
        var parameters = Self.parameters
        parameters["recorded_by"] = "moderator"
        #expect(Self.notification(.noShowRecorded, parameters).text(in: .zhCN).hasPrefix("交换“周末换物集市”中您被审核员登记为爽约"))
        #expect(Self.notification(.noShowRecorded, parameters).text(in: .en).hasPrefix("A moderator recorded you absent"))
    }

    /// The action taken against a member says how much and how long when the case recorded it.
    @Test(arguments: [
        (["action": "compensate", "points": "30"], Language.en, "compensation of 30 points to the other party"),
        (["action": "compensate", "points": "30"], .zhCN, "向受害方补偿 30 积分"),
        (["action": "suspend"], .en, "suspension"),
        (["action": "warn", "days": "3"], .zhCN, "警告"),
    ] as [([String: String], Language, String)])
    func actionsSayHowMuch(parameters: [String: String], language: Language, action: String) {
        var all = parameters
        all["case_id"] = "cas_1"
        #expect(Self.notification(.actionTaken, all).text(in: language).contains(language == .en ? ": \(action)." : "：\(action)。"))
    }

    /// An overturned contest tells the provider whether they were paid; the payer who paid hears it.
    @Test func noShowOutcomesNameThePayment() {
        let paid = ["exchange_id": "exc_1", "status": "overturned", "points": "12"]
        #expect(Self.notification(.noShowContestDecided, paid).text(in: .zhCN) == "您对交换 exc_1 爽约记录的申诉成立：记录作废，扣分已退回，本次交换的 12 积分已支付给您。")
        var unpaid = paid
        unpaid["points"] = nil
        #expect(Self.notification(.noShowContestDecided, unpaid).text(in: .en)
            == "Your contest of the no-show in exchange exc_1 succeeded: the mark is void and the penalty was returned.")
        #expect(Self.notification(.noShowContestDecided, ["exchange_id": "exc_1", "status": "upheld"]).text(in: .zhCN)
            == "您对交换 exc_1 爽约记录的申诉未获支持，记录保留。")
        #expect(Self.notification(.noShowPaymentImposed, paid).text(in: .en).hasPrefix(
            "A moderator found that the other side of exchange exc_1 did turn up, so the no-show was overturned and the exchange's 12 points were paid"))
        // The moderator's note says why (helper 137).
        #expect(Self.notification(.noShowContestDecided, ["exchange_id": "exc_1", "status": "upheld", "note": "门卫记录显示未到"]).text(in: .zhCN)
            == "您对交换 exc_1 爽约记录的申诉未获支持，记录保留。审核员说明：门卫记录显示未到")
        var noted = paid
        noted["note"] = "有监控为证"
        #expect(Self.notification(.noShowPaymentImposed, noted).text(in: .zhCN)
            == "交换 exc_1 的爽约记录经审核员复核不成立：对方按时到场，本次交换的 12 积分已从您的账户支付给对方。审核员说明：有监控为证。如有异议，请联系管理员。")
    }

    @Test func aDismissedReportMentionsNoReward() {
        let text = Self.notification(.reportResolved, ["case_id": "cas_1", "outcome": "dismissed"]).text(in: .en)
        #expect(text == "Your report was handled: not upheld. Thank you for looking after the community.")
    }
}
