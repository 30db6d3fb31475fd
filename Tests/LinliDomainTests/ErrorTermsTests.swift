@testable import LinliDomain
import Testing

/// Messages name states, steps and roles in words, never as the raw values clients get in
/// `parameters` (station staff read the Chinese text out to residents).
@Suite struct ErrorTermsTests {
    /// Every value each vocabulary stands for has words: a state or step added later without them
    /// fails here rather than showing "completed" inside a Chinese sentence.
    @Test func everyValueHasWords() {
        let tables: [(String, [String: ErrorTerms.Term], [String])] = [
            ("exchange states", ErrorTerms.exchangeStates, ExchangeState.allCases.map(\.rawValue)),
            ("exchange events", ErrorTerms.exchangeEvents, ExchangeEvent.allCases.map(\.rawValue) + ["contest_no_show", "decide_contest"]),
            ("exchange parties", ErrorTerms.exchangeParties, ExchangeParty.allCases.map(\.rawValue) + ["another moderator"]),
            ("contest states", ErrorTerms.contestStates, NoShowContestState.allCases.map(\.rawValue)),
            ("listing statuses", ErrorTerms.listingStatuses, ListingStatus.allCases.map(\.rawValue)),
            ("listing events", ErrorTerms.listingEvents, ListingEvent.allCases.map(\.rawValue)),
            ("review statuses", ErrorTerms.reviewStatuses, ReviewItem.Status.allCases.map(\.rawValue)),
            ("registration states", ErrorTerms.registrationStates, EventRegistration.State.allCases.map(\.rawValue)),
            ("permissions", ErrorTerms.permissions, Permission.allCases.map(\.rawValue)),
        ]
        for (name, table, values) in tables {
            for value in values {
                let term = table[value]
                #expect(term != nil, "\(name): \(value)")
                if let term {
                    #expect(!term.zh.contains(where: { $0.isASCII && $0.isLetter }), "\(name): \(value) → \(term.zh)")
                    #expect(!term.en.isEmpty && !term.en.contains("_"), "\(name): \(value) → \(term.en)")
                }
            }
        }
    }

    struct Case: Sendable, CustomTestStringConvertible {
        let code: String
        let parameters: [String: String]
        let zh: String
        let en: String
        var testDescription: String { code }
    }

    static let cases: [Case] = [
        // Helper 104 (session 31): "Your role does not allow this action (member.create_staff)".
        Case(
            code: "forbidden", parameters: ["permission": "event.register_others"],
            zh: "您的角色没有此操作的权限（为他人报名活动）。", en: "Your role does not allow this action (registering others for events)."),
        Case(
            code: "exchange.not_your_part", parameters: ["event": "report_minutes", "allowed": "provider"],
            zh: "只有提供方可以报告实际时长。", en: "Only the provider can do this (reporting the minutes worked)."),
        Case(
            code: "exchange.not_your_part", parameters: ["event": "cancel", "allowed": "owner, requester"],
            zh: "只有发布人或申请人可以取消交换。", en: "Only the listing's owner or the requester can do this (cancelling)."),
        Case(
            code: "exchange.not_your_part", parameters: ["event": "resolve", "allowed": "another moderator"],
            zh: "只有其他审核员可以裁决纠纷。", en: "Only another moderator can do this (deciding the dispute)."),
        Case(
            code: "exchange.invalid_transition", parameters: ["current_state": "completed", "event": "accept"],
            zh: "该交换当前状态为“已完成”，不能接受申请。", en: "The exchange is completed; accepting is not possible now."),
        Case(
            code: "listing.invalid_transition", parameters: ["current_status": "reserved", "event": "withdraw"],
            zh: "发布当前状态为“已被预订”，不能撤回。", en: "The listing is reserved by an exchange; withdrawing is not possible now."),
        Case(
            code: "exchange.listing_unavailable", parameters: ["current_status": "exchanged"],
            zh: "该发布当前状态为“已交换”，只有已上架的发布可以交换。",
            en: "The listing is already exchanged; only published listings can be exchanged."),
        // A value the table does not know is shown as it is.
        Case(
            code: "exchange.invalid_transition", parameters: ["current_state": "archived", "event": "accept"],
            zh: "该交换当前状态为“archived”，不能接受申请。", en: "The exchange is archived; accepting is not possible now."),
    ]

    @Test(arguments: cases)
    func messagesUseWords(_ c: Case) {
        #expect(ErrorCatalog.message(code: c.code, parameters: c.parameters, in: .zhCN).detail == c.zh)
        #expect(ErrorCatalog.message(code: c.code, parameters: c.parameters, in: .en).detail == c.en)
    }

    /// The problem's parameters keep the raw values: only the message is translated.
    @Test func parametersAreNotTranslated() {
        let error = DomainError(code: "exchange.invalid_transition", category: .conflict, parameters: ["current_state": "completed", "event": "accept"])
        _ = ErrorCatalog.message(for: error, in: .zhCN)
        #expect(error.parameters == ["current_state": "completed", "event": "accept"])
    }
}

/// Helper 144 #6, #12: a category named by the community is shown in the reader's language, and a
/// helper accepting is not told to "ask again at another time".
@Suite struct ErrorWordsForTheReaderTests {
    @Test func aCategoryIsNamedInTheReadersLanguage() {
        let parameters = ["category": "health", "category_name_zh": "医疗健康陪诊", "category_name_en": "Health escort"]
        let en = ErrorCatalog.message(code: "exchange.provider_not_verified", parameters: parameters, in: .en).detail
        let zh = ErrorCatalog.message(code: "exchange.provider_not_verified", parameters: parameters, in: .zhCN).detail
        #expect(en.contains("Health escort") && !en.contains("医疗"), "\(en)")
        #expect(zh.contains("医疗健康陪诊"), "\(zh)")
        // Without names (an older caller), the code is shown as it is.
        #expect(ErrorCatalog.message(code: "listing.provider_not_verified", parameters: ["category": "health"], in: .en).detail.contains("health"))
    }

    @Test(arguments: [
        ([:], "请换一个时间再申请"),
        (["helper_accepting": "yes"], "您在这个时间已经答应了另一项帮忙"),
        (["payer_accepting": "yes"], "来帮忙的这位邻居在这个时间已经答应了另一项帮忙"),
    ] as [([String: String], String)])
    func aBusyHelperIsToldAsTheReaderStands(parameters: [String: String], expected: String) {
        #expect(ErrorCatalog.message(code: "exchange.helper_busy", parameters: parameters, in: .zhCN).detail.contains(expected))
        #expect(!ErrorCatalog.message(code: "exchange.helper_busy", parameters: parameters, in: .en).detail.isEmpty)
    }
}
