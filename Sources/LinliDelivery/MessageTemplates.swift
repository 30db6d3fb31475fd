import Foundation
import LinliDomain
import Mustache

/// Mustache templates for chat messages: the shipped defaults (zh-CN and en) and compilation of
/// organizer-supplied overrides.
///
/// Templates see `event` (`id`, `type`, `subject`, `community_id`, `occurred_at` in the community's
/// wall-clock time as residents read it — zh `2026年12月5日 10:00`, en `5 Dec 2026, 10:00 (UTC+08:00)`,
/// `LocalInstantText` — and `occurred_at_utc` in ISO 8601) and `data` (the event payload, whose
/// times the emitting modules already write locally where people read them, e.g. `starts_at`). The first rendered line is the title (markdown heading, news
/// card and Feishu post title); the rest is the body. Output is plain text: HTML escaping is
/// switched off because chat platforms do not interpret HTML entities.
public enum MessageTemplates {
    /// Compiles `source` as a text (not HTML) template.
    public static func compile(_ source: String) throws -> MustacheTemplate {
        try MustacheTemplate(string: contentTypePrefix + source)
    }

    /// Put before every template so that it renders as text.
    static let contentTypePrefix = "{{% CONTENT_TYPE: TEXT }}"

    /// Where a template does not parse and why, in the organizer's terms: line and column of her
    /// own text (not counting `contentTypePrefix`) and what is wrong. Helper 134: the detail was
    /// the library's `ParserError(context: …)` dump, the prefix and an offset column included.
    public static func explain(_ error: any Error) -> String {
        guard let parse = error as? MustacheTemplate.ParserError else { return "does not parse as a Mustache template" }
        let line = parse.context.lineNumber
        let column = line == 1 ? max(1, parse.context.columnNumber - contentTypePrefix.count) : parse.context.columnNumber
        let unfinished = "a tag is not finished: each {{ needs its }}"
        let why = switch parse.error as? MustacheTemplate.Error {
        case .sectionCloseNameIncorrect: "a section is closed with another name than it was opened with ({{#name}}…{{/name}})"
        case .unfinishedName: unfinished
        case .expectedSectionEnd: "a section opened with {{#name}} or {{^name}} is never closed with {{/name}}"
        case .invalidSetDelimiter: "a delimiter change {{=<% %>=}} is malformed"
        case .invalidConfigVariableSyntax, .unrecognisedConfigVariable: "{{% … }} settings are not available in chat templates"
        case .transformAppliedToInheritanceSection, .illegalTokenInsideInheritSection, .textInsideInheritSection:
            "inheritance ({{<name}} … {{/name}}) is not available in chat templates"
        // The text ended inside a tag (the library's internal `overflow`): `{{data.title` or `{{data.title}`.
        case nil: String(describing: parse.error).contains("overflow") ? unfinished : "the template does not parse here"
        }
        return "line \(line), column \(column): \(why)"
    }

    /// Whether a chat endpoint has a text for events of `eventType`: its own template
    /// (`chat.templates`) or a shipped one. Only such events reach a group chat
    /// (`WebhookEndpoint.subscribes`): the others are about one member (a notification, a case, a
    /// balance near the credit limit, a fraud signal) or are machine records, and a wildcard such as
    /// `*` or `member.*` would otherwise post their ids to everyone in the group.
    public static func hasText(for eventType: String, options: ChatOptions) -> Bool {
        guard !memberPrivateTypes.contains(eventType) else { return false }
        return options.templates[eventType] != nil || chinese[eventType] != nil && eventType != "*"
    }

    /// Types that never reach a group chat, not even named with an own template: each is one
    /// member's matter (a report, a case's outcome, an appeal, a fraud signal, a suspension, an
    /// inbox notice, a penalty or debt, a listing refused, removed or reinstated by a moderator, a
    /// disputed exchange, the points moving between two members, whose reason can name a dispute's
    /// outcome, a rating or a declined request: helper 134 posted "one star for mem_…" with an own
    /// template). The
    /// member is told in the inbox; moderators read them in the review queue. A group, even the
    /// staff's, is a room whose members change and whose history stays, so posting them there
    /// would tell it who reported whom or who was sanctioned. Programs (`standard` endpoints) may
    /// follow them.
    public static let memberPrivateTypes: Set<String> = [
        "report.filed", "case.resolved", "appeal.filed", "appeal.decided", "fraud.signal_raised",
        "member.notified", "member.status_changed", "member.verification_revoked",
        "ledger.near_credit_limit", "ledger.penalty_charged", "ledger.compensation_paid", "ledger.balance_adjusted",
        "ledger.transfer_reversed", "ledger.hold_frozen", "ledger.hold_unfrozen", "ledger.hold_placed", "ledger.hold_released",
        "ledger.hold_refunded", "ledger.exchange_paid",
        "exchange.disputed", "exchange.dispute_withdrawn", "exchange.resolved", "exchange.frozen", "exchange.unfrozen",
        "exchange.no_show", "exchange.no_show_contested", "exchange.no_show_contest_decided", "exchange.rated", "exchange.declined",
        "listing.rejected", "listing.changes_requested", "listing.removed", "listing.reinstated", "listing.edit_rejected",
        "listing.edit_changes_requested",
    ]

    /// The developer-facing detail for naming or templating a member-private type on a chat endpoint.
    static func memberPrivateDetail(_ eventType: String) -> String {
        (eventType.hasSuffix("*") ? "'\(eventType)' reaches only types about one member, never posted to a group"
            : "'\(eventType)' is about one member and is never posted to a group") + "; use a standard endpoint for a program"
    }

    /// Types whose shipped texts are for the staff's group (moderators, organizers), not the
    /// residents': a chat endpoint takes them only when its filter names them, not through `*`.
    /// `listing.submitted` is one: a listing waiting for review may be one the pre-screen held (a
    /// hotword, a scam), and an organizer's own template for it on a residents' group following
    /// `*` posted its title there before any moderator saw it (helper 188 #4).
    public static let staffTypes: Set<String> = [
        OutboundEvent.Kind.caseNeedsModerator, OutboundEvent.Kind.appealNeedsModerator, OutboundEvent.Kind.exchangeNeedsModerator,
        OutboundEvent.Kind.fraudReport, OutboundEvent.Kind.endpointFailing, OutboundEvent.Kind.rulesHolidaysNeeded, "listing.submitted",
    ]

    /// Whether `pattern` names the staff type `type` for a group: exactly, or by a wildcard whose
    /// namespace has no shipped residents' text (`case.*`, `appeal.*`). `exchange.*` does not: a
    /// residents' group follows it for `exchange.accepted`, and it must not start hearing of
    /// disputes (`exchange.needs_moderator`) after an upgrade (helper 105).
    /// The endpoint's own texts count as residents' texts too (helper 126: a residents' group
    /// following `rules.*` with its own text for `rules.activated` would have started hearing
    /// `rules.holidays_needed`, the namespace's only shipped text, after the upgrade).
    public static func namesStaffType(_ pattern: String, _ type: String, ownTemplates: some Collection<String> = [String]()) -> Bool {
        if pattern == type { return true }
        guard pattern.hasSuffix(".*"), pattern != "*", EventTypeFilter.only(pattern).matches(type) else { return false }
        let namespace = pattern.dropLast(2) + "."
        return !(Array(chinese.keys) + Array(ownTemplates)).contains { $0.hasPrefix(namespace) && !staffTypes.contains($0) }
    }

    /// The template for `eventType`: the endpoint's override if any, else the shipped default
    /// for the locale, else the generic fallback (reached only by messages planned before chat
    /// endpoints were limited to the events that have a text).
    public static func source(for eventType: String, options: ChatOptions) -> String {
        if let custom = options.templates[eventType] { return custom }
        let table = options.locale == .en ? english : chinese
        return table[eventType] ?? table["*"]!
    }

    /// Renders the message text for `event`, its values escaped for the message format
    /// (`ChatValueEscaping`: residents' words must not become links, mentions or extra lines).
    public static func render(_ event: OutboundEvent, options: ChatOptions, escaping: ChatValueEscaping = .plain) throws -> String {
        let template = try compile(source(for: event.type, options: options))
        let context: [String: Any] = [
            "event": [
                "id": event.id, "type": event.type, "subject": event.subject, "community_id": event.communityID,
                "occurred_at": LocalInstantText.text(
                    event.occurredAt, timeZoneID: event.timeZoneID ?? Community.defaultTimezone,
                    language: options.locale == .en ? .en : .zhCN),
                "occurred_at_utc": event.occurredAt.formatted(.iso8601),
            ],
            "data": escaping.apply(event.payload).mustacheValue,
        ]
        return template.render(context).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Shipped zh-CN defaults; payload field names are the ones the emitting modules document.
    public static let chinese: [String: String] = [
        OutboundEvent.Kind.listingPublished: """
            【新发布】{{data.title}}
            类别：{{#data.category_name_zh}}{{data.category_name_zh}}{{/data.category_name_zh}}{{^data.category_name_zh}}{{data.category}}{{/data.category_name_zh}}　类型：{{#data.kind_name_zh}}{{data.kind_name_zh}}{{/data.kind_name_zh}}{{^data.kind_name_zh}}{{data.kind}}{{/data.kind_name_zh}}{{#data.points}}　积分：{{data.points}}{{/data.points}}
            {{#data.description}}{{data.description}}
            {{/data.description}}{{#data.url}}查看：{{data.url}}{{/data.url}}
            """,
        OutboundEvent.Kind.exchangeAccepted: """
            【交换已接受】{{data.listing_title}}
            双方已约定交换{{^data.listing_repeatable}}，该发布暂时保留{{/data.listing_repeatable}}{{#data.listing_repeatable}}，该服务其他时间仍可预约{{/data.listing_repeatable}}{{#data.points}}，预留积分 {{data.points}}{{/data.points}}。
            """,
        OutboundEvent.Kind.eventPublished: """
            【新活动】{{data.title}}
            时间：{{data.starts_at}} 至 {{data.ends_at}}
            地点：{{data.place}}
            名额：{{data.capacity}} 人，每户最多 {{data.per_household_limit}} 人；报名截止 {{data.registration_closes_at}}
            {{#data.description}}{{data.description}}
            {{/data.description}}
            """,
        OutboundEvent.Kind.eventUpdated: """
            【活动变更】{{data.title}}
            {{^data.place_only}}新时间：{{data.starts_at}} 至 {{data.ends_at}}{{#data.previous_starts_at}}（原定 {{data.previous_starts_at}} 至 {{data.previous_ends_at}}）{{/data.previous_starts_at}}{{/data.place_only}}{{#data.place_only}}时间不变：{{data.starts_at}} 至 {{data.ends_at}}{{/data.place_only}}
            {{#data.place_changed}}新地点：{{data.place}}（原定 {{data.previous_place}}）{{/data.place_changed}}{{^data.place_changed}}地点：{{data.place}}{{/data.place_changed}}
            已报名的居民会收到站内通知。
            """,
        OutboundEvent.Kind.eventCancelled: """
            【活动取消】{{data.title}}
            原定时间：{{data.starts_at}}　地点：{{data.place}}
            原因：{{data.reason}}
            """,
        OutboundEvent.Kind.eventRegistrationClosed: """
            【报名截止】{{data.title}}
            时间：{{data.starts_at}} 至 {{data.ends_at}}　地点：{{data.place}}
            已报名 {{data.registered}} 人{{#data.line_waiting}}，候补 {{data.waitlisted}} 人{{/data.line_waiting}}。报名已截止，不再接受新报名{{#data.line_waiting}}；有人取消报名时，候补的居民按顺序补上{{/data.line_waiting}}。
            """,
        OutboundEvent.Kind.eventReminder: """
            【活动提醒】{{data.title}}
            时间：{{data.starts_at}}{{#data.location}}
            地点：{{data.location}}{{/data.location}}{{#data.registered}}
            已报名：{{data.registered}} 人{{/data.registered}}
            """,
        OutboundEvent.Kind.caseNeedsModerator: """
            【待处理案件】{{data.case_id}}
            原因：{{#data.reason_name_zh}}{{data.reason_name_zh}}{{/data.reason_name_zh}}{{^data.reason_name_zh}}{{data.reason}}{{/data.reason_name_zh}}{{#data.priority}}　优先级：{{data.priority}}{{/data.priority}}
            请版主尽快处理。
            """,
        OutboundEvent.Kind.appealNeedsModerator: """
            【待处理申诉】{{data.appeal_id}}
            案件：{{data.case_id}}
            请未参与原处理的版主尽快复核。
            """,
        OutboundEvent.Kind.exchangeNeedsModerator: """
            【待处理{{#data.reason_name_zh}}{{data.reason_name_zh}}{{/data.reason_name_zh}}{{^data.reason_name_zh}}交换{{/data.reason_name_zh}}】{{data.exchange_id}}
            请版主尽快处理。
            """,
        OutboundEvent.Kind.fraudReport: """
            【每周风险报告】{{data.period}}
            新增风险信号：{{data.signal_count}} 条{{#data.summary_zh}}
            {{data.summary_zh}}{{/data.summary_zh}}{{^data.summary_zh}}{{#data.summary}}
            {{data.summary}}{{/data.summary}}{{/data.summary_zh}}
            """,
        OutboundEvent.Kind.endpointFailing: """
            【推送失败】{{data.endpoint_description}}
            地址：{{data.endpoint_url}}
            原因：{{#data.reason_zh}}{{data.reason_zh}}{{/data.reason_zh}}{{^data.reason_zh}}{{data.reason}}{{/data.reason_zh}}{{#data.disabled}}
            该推送地址已停用，请管理员检查后重新启用。{{/data.disabled}}
            """,
        OutboundEvent.Kind.rulesHolidaysNeeded: """
            【规则文件缺少{{data.year}}年节假日】
            {{#data.scheduled_version}}1月1日起施行的第 {{data.scheduled_version}} 版规则已列出 {{data.year}} 年的法定节假日，但现行第 {{data.version}} 版没有：现在发布的、在 {{data.year}} 年节假日当天提供的服务仍按平日计分。
            请规则修订小组上传一个列出这些日期、立即生效的版本，并写上 supersedes: {{data.scheduled_version}}（它会替代尚未生效的第 {{data.scheduled_version}} 版，该版的其他改动请一并写入）。{{/data.scheduled_version}}{{^data.scheduled_version}}{{#data.upcoming}}现行规则（第 {{data.version}} 版）的 holidays 没有列出 {{data.year}} 年的任何日期，{{data.year}}年1月1日起，节假日时段按平日计分。{{/data.upcoming}}{{^data.upcoming}}{{data.year}}年已开始，现行规则（第 {{data.version}} 版）的 holidays 仍没有该年的任何日期，节假日时段正按平日计分。{{/data.upcoming}}{{#data.last_listed}}
            最后列出的节假日：{{data.last_listed}}{{/data.last_listed}}
            请规则修订小组按国务院办公厅通知补上节假日，上传并启用新版本。{{/data.scheduled_version}}
            """,
        "*": """
            【{{event.type}}】{{event.subject}}
            时间：{{event.occurred_at}}
            """,
    ]

    /// Shipped English defaults.
    public static let english: [String: String] = [
        OutboundEvent.Kind.listingPublished: """
            [New listing] {{data.title}}
            Category: {{#data.category_name_en}}{{data.category_name_en}}{{/data.category_name_en}}{{^data.category_name_en}}{{data.category}}{{/data.category_name_en}}, kind: {{#data.kind_name_en}}{{data.kind_name_en}}{{/data.kind_name_en}}{{^data.kind_name_en}}{{data.kind}}{{/data.kind_name_en}}{{#data.points}}, points: {{data.points}}{{/data.points}}
            {{#data.description}}{{data.description}}
            {{/data.description}}{{#data.url}}View: {{data.url}}{{/data.url}}
            """,
        OutboundEvent.Kind.exchangeAccepted: """
            [Exchange accepted] {{data.listing_title}}
            The two sides agreed{{^data.listing_repeatable}} and the listing is reserved{{/data.listing_repeatable}}{{#data.listing_repeatable}}; the offer stays open for other times{{/data.listing_repeatable}}{{#data.points}}; {{data.points}} points held{{/data.points}}.
            """,
        OutboundEvent.Kind.eventPublished: """
            [New event] {{data.title}}
            When: {{data.starts_at}} to {{data.ends_at}}
            Where: {{data.place}}
            Seats: {{data.capacity}}, at most {{data.per_household_limit}} per household; registration closes {{data.registration_closes_at}}
            {{#data.description}}{{data.description}}
            {{/data.description}}
            """,
        OutboundEvent.Kind.eventUpdated: """
            [Event changed] {{data.title}}
            {{^data.place_only}}Now: {{data.starts_at}} to {{data.ends_at}}{{#data.previous_starts_at}} (was {{data.previous_starts_at}} to {{data.previous_ends_at}}){{/data.previous_starts_at}}{{/data.place_only}}{{#data.place_only}}Same time: {{data.starts_at}} to {{data.ends_at}}{{/data.place_only}}
            {{#data.place_changed}}Now at: {{data.place}} (was {{data.previous_place}}){{/data.place_changed}}{{^data.place_changed}}Where: {{data.place}}{{/data.place_changed}}
            Registered residents are told in their inbox.
            """,
        OutboundEvent.Kind.eventCancelled: """
            [Event cancelled] {{data.title}}
            Was: {{data.starts_at}}, {{data.place}}
            Reason: {{data.reason}}
            """,
        OutboundEvent.Kind.eventRegistrationClosed: """
            [Registration closed] {{data.title}}
            When: {{data.starts_at}} to {{data.ends_at}}, where: {{data.place}}
            Registered: {{data.registered}}{{#data.line_waiting}}, waiting: {{data.waitlisted}}{{/data.line_waiting}}. No more registrations are taken{{#data.line_waiting}}; a seat given up goes to the next in line{{/data.line_waiting}}.
            """,
        OutboundEvent.Kind.eventReminder: """
            [Event reminder] {{data.title}}
            When: {{data.starts_at}}{{#data.location}}
            Where: {{data.location}}{{/data.location}}{{#data.registered}}
            Registered: {{data.registered}}{{/data.registered}}
            """,
        OutboundEvent.Kind.caseNeedsModerator: """
            [Case needs a moderator] {{data.case_id}}
            Reason: {{#data.reason_name_en}}{{data.reason_name_en}}{{/data.reason_name_en}}{{^data.reason_name_en}}{{data.reason}}{{/data.reason_name_en}}{{#data.priority}}, priority: {{data.priority}}{{/data.priority}}
            """,
        OutboundEvent.Kind.appealNeedsModerator: """
            [Appeal needs a moderator] {{data.appeal_id}}
            Case: {{data.case_id}}
            A moderator who did not take the action should review it.
            """,
        OutboundEvent.Kind.exchangeNeedsModerator: """
            [{{#data.reason_name_en}}{{data.reason_name_en}}{{/data.reason_name_en}}{{^data.reason_name_en}}Exchange{{/data.reason_name_en}} needs a moderator] {{data.exchange_id}}
            """,
        OutboundEvent.Kind.fraudReport: """
            [Weekly fraud report] {{data.period}}
            New signals: {{data.signal_count}}{{#data.summary_en}}
            {{data.summary_en}}{{/data.summary_en}}{{^data.summary_en}}{{#data.summary}}
            {{data.summary}}{{/data.summary}}{{/data.summary_en}}
            """,
        OutboundEvent.Kind.endpointFailing: """
            [Delivery failing] {{data.endpoint_description}}
            URL: {{data.endpoint_url}}
            Reason: {{#data.reason_en}}{{data.reason_en}}{{/data.reason_en}}{{^data.reason_en}}{{data.reason}}{{/data.reason_en}}{{#data.disabled}}
            The endpoint was disabled; an organizer must check and re-enable it.{{/data.disabled}}
            """,
        OutboundEvent.Kind.rulesHolidaysNeeded: """
            [Rule file lacks the {{data.year}} holidays]
            {{#data.scheduled_version}}Version {{data.scheduled_version}}, in force from 1 January, lists {{data.year}}'s public holidays, but version {{data.version}}, in force now, does not: services posted now for a {{data.year}} holiday are still paid as ordinary days.
            The rule-revision group should upload a version listing those dates that takes effect now, with supersedes: {{data.scheduled_version}} (it replaces version {{data.scheduled_version}} before it starts: carry over that version's other changes).{{/data.scheduled_version}}{{^data.scheduled_version}}{{#data.upcoming}}The rules in force (version {{data.version}}) list no holiday of {{data.year}}: from 1 January {{data.year}}, holiday time slots will be paid as ordinary days.{{/data.upcoming}}{{^data.upcoming}}{{data.year}} has begun and the rules in force (version {{data.version}}) still list none of its holidays: holiday time slots are being paid as ordinary days.{{/data.upcoming}}{{#data.last_listed}}
            Last holiday listed: {{data.last_listed}}{{/data.last_listed}}
            The rule-revision group should add the year's dates from the State Council's notice and upload and activate a new version.{{/data.scheduled_version}}
            """,
        "*": """
            [{{event.type}}] {{event.subject}}
            At: {{event.occurred_at}}
            """,
    ]
}
