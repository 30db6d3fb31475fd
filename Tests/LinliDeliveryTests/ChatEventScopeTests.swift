import Testing
@testable import LinliDelivery

/// A chat endpoint is a group of people. Before, a group robot following `*` or `member.*` got
/// every event, the ones without a chat text rendered as "【member.notified】member:mem_…": a
/// reporter's `report_resolved` notification right after a `case.resolved` told the group who
/// reported whom, and `ledger.near_credit_limit` who is in debt. Now chat endpoints take only the
/// events they have a text for (`MessageTemplates.hasText`), and the staff's texts only when named.
@Suite struct ChatEventScopeTests {
    static let wecomURL = "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=693a91f6-7xxx-4bc4-97a0-0ec2sifa5aaa"

    static func endpoint(_ format: EndpointFormat, _ patterns: [String], templates: [String: String] = [:]) throws -> WebhookEndpoint {
        var generator = SeededRandomNumberGenerator(seed: 3)
        let url = format == .standard ? "https://hooks.example.com/linli" : wecomURL
        return WebhookEndpoint(
            id: "ep_1", communityID: "com_1", url: url, format: format, events: try EventTypeFilter(patterns),
            secrets: format == .standard ? [WebhookSecret.generate(using: &generator)] : [], chat: ChatOptions(templates: templates))
    }

    @Test(arguments: [
        // (format, event type, custom template for it, taken)
        (EndpointFormat.wecom, "listing.published", false, true),
        (.wecom, "event.reminder", false, true),
        (.wecom, "exchange.accepted", false, true),
        (.wecom, "case.needs_moderator", false, false),
        (.wecom, "fraud.report", false, false),
        (.wecom, "endpoint.failing", false, false),
        (.wecom, "rules.holidays_needed", false, false),
        (.wecom, "member.notified", false, false),
        (.wecom, "case.resolved", false, false),
        (.wecom, "ledger.near_credit_limit", false, false),
        (.wecom, "fraud.signal_raised", false, false),
        (.wecom, "report.filed", false, false),
        (.dingtalk, "member.status_changed", false, false),
        (.feishu, "appeal.decided", false, false),
        (.wecom, "member.verified", true, true),
        // A listing waiting for review is the moderators' matter, own template or not (helper 188 #4).
        (.wecom, "listing.submitted", true, false),
        // One member's matters never reach a group, not even with an own template.
        (.wecom, "case.resolved", true, false),
        (.wecom, "member.notified", true, false),
        (.dingtalk, "ledger.near_credit_limit", true, false),
        (.feishu, "listing.rejected", true, false),
        (.wecom, "exchange.disputed", true, false),
        // A program takes them only when named (helper 134; `RestrictedEventTypesTests`).
        (.standard, "member.notified", false, false),
        (.standard, "ledger.near_credit_limit", false, false),
        (.standard, "listing.published", false, true),
    ])
    func aGroupFollowingEverythingTakesOnlyWhatHasAText(format: EndpointFormat, type: String, custom: Bool, taken: Bool) throws {
        let endpoint = try Self.endpoint(format, ["*"], templates: custom ? [type: "【{{event.type}}】"] : [:])
        #expect(endpoint.subscribes(to: type) == taken)
        let wildcard = try Self.endpoint(format, [String(type.split(separator: ".")[0]) + ".*"], templates: custom ? [type: "x"] : [:])
        #expect(wildcard.subscribes(to: type) == taken || MessageTemplates.staffTypes.contains(type))
    }

    /// The staff's texts reach a group only when its filter names them, exactly or by their own
    /// wildcard; `*` alone (a residents' group, most likely) does not take them.
    @Test(arguments: [
        (["*"], false),
        (["*", "case.needs_moderator"], true),
        (["case.*"], true),
        (["case.needs_moderator"], true),
        (["listing.*", "event.*"], false),
    ])
    func theStaffsTextsNeedToBeNamed(patterns: [String], taken: Bool) throws {
        // A residents' group following `exchange.*` (for `exchange.accepted`) does not start
        // hearing of disputes; named, the staff's group does (helper 105).
        #expect(try !Self.endpoint(.wecom, ["exchange.*"]).subscribes(to: "exchange.needs_moderator"))
        #expect(try Self.endpoint(.wecom, ["exchange.*"]).subscribes(to: "exchange.accepted"))
        #expect(try Self.endpoint(.wecom, ["exchange.needs_moderator"]).subscribes(to: "exchange.needs_moderator"))
        #expect(try Self.endpoint(.wecom, ["appeal.*"]).subscribes(to: "appeal.needs_moderator"))
        // Helper 126: a residents' group following `rules.*` with its own text for
        // `rules.activated` does not start hearing the staff's `rules.holidays_needed`; a group
        // following `rules.*` with no residents' text there is the staff's, and does.
        #expect(try !Self.endpoint(.wecom, ["rules.*"], templates: ["rules.activated": "新规则第 {{data.version}} 版"])
            .subscribes(to: "rules.holidays_needed"))
        #expect(try Self.endpoint(.wecom, ["rules.*"]).subscribes(to: "rules.holidays_needed"))
        // The moderators' group that names `listing.submitted`, with its text, hears of new
        // reviews; one following `*` or `listing.*` does not (helper 188 #4).
        let text = ["listing.submitted": "待审核：{{data.title}}"]
        #expect(try Self.endpoint(.wecom, ["listing.submitted"], templates: text).subscribes(to: "listing.submitted"))
        #expect(try !Self.endpoint(.wecom, ["listing.*"], templates: text).subscribes(to: "listing.submitted"))
        #expect(try Self.endpoint(.wecom, patterns).subscribes(to: "case.needs_moderator") == taken)
        // A program follows the staff's queue the same way: named, not through `*` (helper 134).
        #expect(try Self.endpoint(.standard, patterns).subscribes(to: "case.needs_moderator") == taken)
    }

    @Test(arguments: [
        // (patterns, custom templates, refusals as "field code")
        (["member.verified"], [String: String](), ["events/0 endpoint.event_not_for_chat"]),
        (["listing.published", "member.role_changed"], [:], ["events/1 endpoint.event_not_for_chat"]),
        (["member.*"], [:], ["events/0 endpoint.event_not_for_chat"]),
        (["ledger.*", "event.*"], [:], ["events/0 endpoint.event_not_for_chat"]),
        (["member.verified"], ["member.verified": "有居民完成了实名核验"], []),
        (["member.*"], ["member.joined": "欢迎新邻居"], []),
        (["*"], [:], []),
        (["event.*", "case.needs_moderator"], [:], []),
        (["case.*"], [:], []),
        // One member's matters: refused by name, and their templates refused too.
        (["member.notified"], [:], ["events/0 endpoint.event_private"]),
        (["listing.published", "case.resolved"], [:], ["events/1 endpoint.event_private"]),
        (["case.resolved"], ["case.resolved": "案件已处理"],
         ["chat/templates/case.resolved endpoint.event_private", "events/0 endpoint.event_private"]),
        (["*"], ["member.status_changed": "{{data.member_id}} 已被停用"], ["chat/templates/member.status_changed endpoint.event_private"]),
        (["member.*"], ["member.joined": "欢迎新邻居", "member.notified": "x"], ["chat/templates/member.notified endpoint.event_private"]),
        // A wildcard reaching only such types is refused as they are (helper 103: the advice to
        // write a template for `report.*` was refused in turn).
        (["fraud.signal_raised", "report.*"], [:], ["events/0 endpoint.event_private", "events/1 endpoint.event_private"]),
        (["appeal.*"], [:], []),  // reaches the staff's appeal.needs_moderator
        (["report.*", "event.*"], [:], ["events/0 endpoint.event_private"]),
        // A reinstated listing tells the group a moderator had removed it and an appeal won.
        (["listing.*"], ["listing.reinstated": "{{data.title}} 已恢复"], ["chat/templates/listing.reinstated endpoint.event_private"]),
        // Points between two members: a dispute's outcome can be the transfer's reason.
        (["ledger.*"], ["ledger.exchange_paid": "{{data.reason}}"], ["chat/templates/ledger.exchange_paid endpoint.event_private", "events/0 endpoint.event_not_for_chat"]),
        (["ledger.*"], ["ledger.reward_granted": "感谢参与社区清洁"], []),
    ])
    func aChatEndpointCannotNameWhatItWouldNeverReceive(patterns: [String], templates: [String: String], refused: [String]) throws {
        let errors = try Self.endpoint(.wecom, patterns, templates: templates).validationErrors()
        #expect(errors.map { "\($0.field) \($0.code.rawValue)" } == refused)
        // A standard endpoint (a program, not a group) may follow anything.
        #expect(try Self.endpoint(.standard, patterns).validationErrors().isEmpty)
    }

    /// The member-private list names only types Linli sends, none with a shipped group text, and
    /// none of the staff's texts (those reach the staff's group when named).
    @Test func memberPrivateTypesAreRealTypesWithoutAGroupText() {
        #expect(MessageTemplates.memberPrivateTypes.isSubset(of: OutboundEventCatalog.types))
        #expect(MessageTemplates.memberPrivateTypes.isDisjoint(with: MessageTemplates.chinese.keys))
        #expect(MessageTemplates.memberPrivateTypes.isDisjoint(with: MessageTemplates.staffTypes))
    }

    /// `hasText` reads the Chinese table; the English one must name the same events.
    @Test func bothLanguagesHaveTextsForTheSameEvents() {
        #expect(Set(MessageTemplates.chinese.keys) == Set(MessageTemplates.english.keys))
    }
}
