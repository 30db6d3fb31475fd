import Foundation
import Testing
@testable import LinliDelivery

/// The shipped chat texts for community events, rendered from the payload the store writes
/// (`CommunityEventCommands.payload`): every event type has its own zh-CN and en text, not the
/// generic fallback, and names the time, the place and the seats.
@Suite struct EventTemplateTests {
    static let payload: JSONValue = [
        "event_id": "cev_01", "kind": "swap_market", "title": "周末换物集市", "place": "中心广场", "location": "中心广场",
        "starts_at": "2026-12-05 09:00", "ends_at": "2026-12-05 12:00", "registration_closes_at": "2026-12-05 09:00",
        "capacity": "40", "per_household_limit": "2", "registered": "12", "reason": "暴雨预警",
        "waitlisted": "3", "line_waiting": "yes",
    ]

    static func render(_ type: String, _ locale: MessageLocale) throws -> String {
        let event = OutboundEvent(
            id: "msg_1", type: type, communityID: "cmt_1", subject: "event:cev_01", occurredAt: Date(timeIntervalSince1970: 0), payload: payload)
        var options = ChatOptions()
        options.locale = locale
        return try MessageTemplates.render(event, options: options)
    }

    @Test(arguments: [
        ("event.published", MessageLocale.zhCN, ["【新活动】周末换物集市", "2026-12-05 09:00 至 2026-12-05 12:00", "中心广场", "40 人", "每户最多 2 人"]),
        ("event.published", .en, ["[New event] 周末换物集市", "at most 2 per household"]),
        ("event.updated", .zhCN, ["【活动变更】周末换物集市", "新时间：2026-12-05 09:00"]),
        ("event.cancelled", .zhCN, ["【活动取消】周末换物集市", "原因：暴雨预警"]),
        ("event.cancelled", .en, ["[Event cancelled]", "Reason: 暴雨预警"]),
        ("event.reminder", .zhCN, ["【活动提醒】周末换物集市", "地点：中心广场", "已报名：12 人"]),
        ("event.registration_closed", .zhCN, ["【报名截止】周末换物集市", "地点：中心广场", "已报名 12 人，候补 3 人。报名已截止，不再接受新报名；有人取消报名时"]),
        ("event.registration_closed", .en, ["[Registration closed] 周末换物集市", "Registered: 12, waiting: 3. No more registrations are taken; a seat given up"]),
    ] as [(String, MessageLocale, [String])])
    func shippedTexts(_ type: String, _ locale: MessageLocale, _ fragments: [String]) throws {
        let text = try Self.render(type, locale)
        for fragment in fragments { #expect(text.contains(fragment), "\(type) \(locale): \(text)") }
        #expect(!text.contains("event:cev_01"), "the generic fallback names the subject; \(type) has its own text")
    }

    /// Session 28 review (helper 93): the moderators' group read the report category's code
    /// (`harassment`) in a Chinese message; the payload now names it in both languages.
    @Test(arguments: [(MessageLocale.zhCN, "原因：骚扰"), (.en, "Reason: harassment")])
    func aCaseNeedingAModeratorNamesItsReason(locale: MessageLocale, expected: String) throws {
        let event = OutboundEvent(
            id: "msg_2", type: "case.needs_moderator", communityID: "cmt_1", subject: "case:cas_1", occurredAt: Date(timeIntervalSince1970: 0),
            payload: ["case_id": "cas_1", "reason": "harassment", "reason_name_zh": "骚扰", "reason_name_en": "harassment"])
        #expect(try MessageTemplates.render(event, options: ChatOptions(locale: locale)).contains(expected))
        let older = OutboundEvent(
            id: "msg_3", type: "case.needs_moderator", communityID: "cmt_1", subject: "case:cas_1", occurredAt: Date(timeIntervalSince1970: 0),
            payload: ["case_id": "cas_1", "reason": "other"])
        #expect(try MessageTemplates.render(older, options: ChatOptions(locale: locale)).contains("other"), "a message queued before")
    }

    /// Session 35: the staff's group is told a year's holidays are missing, before the year and
    /// once it has begun, in words that say which (a Mustache section on `upcoming`).
    @Test(arguments: [
        (true, MessageLocale.zhCN, ["【规则文件缺少2027年节假日】", "第 1 版", "2027年1月1日起", "最后列出的节假日：2026-10-07"]),
        (false, .zhCN, ["2027年已开始", "正按平日计分"]),
        (true, .en, ["[Rule file lacks the 2027 holidays]", "from 1 January 2027", "Last holiday listed: 2026-10-07"]),
        (false, .en, ["2027 has begun", "are being paid as ordinary days"]),
    ] as [(Bool, MessageLocale, [String])])
    func missingHolidays(upcoming: Bool, locale: MessageLocale, fragments: [String]) throws {
        let event = OutboundEvent(
            id: "msg_4", type: "rules.holidays_needed", communityID: "cmt_1", subject: "community:cmt_1",
            occurredAt: Date(timeIntervalSince1970: 0),
            payload: [
                "year": .int(2027), "stage": .string(upcoming ? "upcoming" : "missing"), "upcoming": .bool(upcoming), "version": .int(1),
                "last_listed": "2026-10-07", "holiday_windows": ["holiday"],
            ])
        let text = try MessageTemplates.render(event, options: ChatOptions(locale: locale))
        for fragment in fragments { #expect(text.contains(fragment), "\(text)") }
        #expect(!text.contains(upcoming ? "has begun" : "from 1 January") && !text.contains(upcoming ? "已开始" : "1月1日起"))
    }

    /// Helper 162 #3: when a version starting on 1 January lists the year already, the staff group
    /// is told what the inbox says (post a version in force now, with `supersedes:`), not that
    /// holiday slots will be paid as ordinary days from 1 January.
    @Test(arguments: [
        (MessageLocale.zhCN, ["1月1日起施行的第 3 版规则已列出 2027 年", "supersedes: 3"], ["2027年1月1日起，节假日时段按平日计分"]),
        (.en, ["Version 3, in force from 1 January, lists 2027's public holidays", "supersedes: 3"], ["will be paid as ordinary days"]),
    ] as [(MessageLocale, [String], [String])])
    func holidaysAlreadyScheduled(locale: MessageLocale, fragments: [String], absent: [String]) throws {
        let event = OutboundEvent(
            id: "msg_5", type: "rules.holidays_needed", communityID: "cmt_1", subject: "community:cmt_1",
            occurredAt: Date(timeIntervalSince1970: 0),
            payload: [
                "year": .int(2027), "stage": "upcoming", "upcoming": .bool(true), "version": .int(2), "scheduled_version": .int(3),
                "last_listed": "2026-10-07", "holiday_windows": ["holiday"],
            ])
        let text = try MessageTemplates.render(event, options: ChatOptions(locale: locale))
        for fragment in fragments { #expect(text.contains(fragment), "\(text)") }
        for fragment in absent { #expect(!text.contains(fragment), "\(text)") }
    }

    /// Helper 162 #9: a null value is missing to a section, so an organizer's
    /// `{{#data.reason}}原因：…{{/data.reason}}` prints nothing for it.
    @Test func aNullIsMissingToASection() throws {
        let event = OutboundEvent(
            id: "msg_6", type: "listing.published", communityID: "cmt_1", subject: "listing:1", occurredAt: Date(timeIntervalSince1970: 0),
            payload: ["title": "书架", "reason": .null])
        let template = "{{data.title}}{{#data.reason}}，原因：{{data.reason}}{{/data.reason}}{{^data.reason}}。{{/data.reason}}"
        #expect(try MessageTemplates.render(event, options: ChatOptions(templates: ["listing.published": template])) == "书架。")
    }
}
