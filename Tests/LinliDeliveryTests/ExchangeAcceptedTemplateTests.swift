import Foundation
import Testing
@testable import LinliDelivery

/// The shipped `exchange.accepted` chat text renders from the payload the exchange step writes
/// (`ExchangePersistence.EventPayload`: ids, state, points and the listing's title). It used to
/// name `data.provider` and `data.requester`, which no payload carries, so groups read a sentence
/// with two holes; and naming who helps whom in a group chat is not the group's business anyway.
@Suite struct ExchangeAcceptedTemplateTests {
    static let payload: JSONValue = [
        "exchange_id": "exc_1", "listing_id": "lst_1", "state": "accepted", "payer_id": "mem_1", "provider_id": "mem_2", "points": .int(20),
        "listing_title": "九成新婴儿推车",
    ]

    @Test(arguments: [
        (MessageLocale.zhCN, "【交换已接受】九成新婴儿推车\n双方已约定交换，该发布暂时保留，预留积分 20。"),
        (.en, "[Exchange accepted] 九成新婴儿推车\nThe two sides agreed and the listing is reserved; 20 points held."),
    ] as [(MessageLocale, String)])
    func rendersEveryPartFromThePayload(_ locale: MessageLocale, _ expected: String) throws {
        let event = OutboundEvent(
            id: "msg_1", type: "exchange.accepted", communityID: "cmt_1", subject: "exchange:exc_1", occurredAt: Date(timeIntervalSince1970: 0),
            payload: Self.payload)
        #expect(try MessageTemplates.render(event, options: ChatOptions(locale: locale)) == expected)
    }

    /// A repeatable offer (a weekly walk, lessons) is not reserved by the booking: the group reads
    /// that it is still open for other times (`listing_repeatable`, session 20).
    @Test(arguments: [
        (MessageLocale.zhCN, "【交换已接受】陪同就医\n双方已约定交换，该服务其他时间仍可预约，预留积分 10。"),
        (.en, "[Exchange accepted] 陪同就医\nThe two sides agreed; the offer stays open for other times; 10 points held."),
    ] as [(MessageLocale, String)])
    func aRepeatableOfferStaysOpen(_ locale: MessageLocale, _ expected: String) throws {
        var payload = Self.payload
        if case .object(var fields) = payload {
            fields["listing_title"] = "陪同就医"
            fields["points"] = .int(10)
            fields["listing_repeatable"] = .bool(true)
            payload = .object(fields)
        }
        let event = OutboundEvent(
            id: "msg_1", type: "exchange.accepted", communityID: "cmt_1", subject: "exchange:exc_1", occurredAt: Date(timeIntervalSince1970: 0),
            payload: payload)
        #expect(try MessageTemplates.render(event, options: ChatOptions(locale: locale)) == expected)
    }
}

/// `listing.published` reads the category and kind by name when the payload carries them, and
/// falls back to the codes for events written before the names were added.
@Suite struct ListingPublishedTemplateTests {
    static func render(_ payload: JSONValue, _ locale: MessageLocale) throws -> String {
        let event = OutboundEvent(
            id: "msg_1", type: "listing.published", communityID: "cmt_1", subject: "listing:lst_1", occurredAt: Date(timeIntervalSince1970: 0),
            payload: payload)
        return try MessageTemplates.render(event, options: ChatOptions(locale: locale))
    }

    @Test func namesWhenThePayloadHasThem() throws {
        let payload: JSONValue = [
            "title": "电钻", "category": "tools", "kind": "item", "points": .int(30), "category_name_zh": "工具器材", "category_name_en": "Tools",
            "kind_name_zh": "提供 · 物品", "kind_name_en": "item offer",
        ]
        #expect(try Self.render(payload, .zhCN) == "【新发布】电钻\n类别：工具器材　类型：提供 · 物品　积分：30")
        #expect(try Self.render(payload, .en) == "[New listing] 电钻\nCategory: Tools, kind: item offer, points: 30")
    }

    @Test func codesForOlderEvents() throws {
        let payload: JSONValue = ["title": "电钻", "category": "tools", "kind": "item", "points": .int(30)]
        #expect(try Self.render(payload, .zhCN) == "【新发布】电钻\n类别：tools　类型：item　积分：30")
    }
}

/// `event.occurred_at` in a chat text is the community's wall-clock time (session 20; it was ISO
/// 8601 UTC, which a group in Shanghai read eight hours early), `event.occurred_at_utc` the
/// machine form; an organizer's own template and the shipped catch-all both see them.
@Suite struct OccurredAtTemplateTests {
    static func render(zone: String?, locale: MessageLocale, template: String) throws -> String {
        let event = OutboundEvent(
            id: "msg_1", type: "member.verified", communityID: "cmt_1", subject: "member:mem_1",
            occurredAt: Date(timeIntervalSince1970: 1_796_436_000), payload: [:], timeZoneID: zone)
        return try MessageTemplates.render(event, options: ChatOptions(locale: locale, templates: ["member.verified": template]))
    }

    static let cases: [(String?, MessageLocale, String)] = [
        ("Asia/Shanghai", .zhCN, "2026年12月5日 10:00 | 2026-12-05T02:00:00Z"),
        (nil, .zhCN, "2026年12月5日 10:00 | 2026-12-05T02:00:00Z"),
        ("Asia/Tokyo", .zhCN, "2026年12月5日 11:00（UTC+09:00） | 2026-12-05T02:00:00Z"),
        ("Asia/Shanghai", .en, "5 Dec 2026, 10:00 (UTC+08:00) | 2026-12-05T02:00:00Z"),
    ]

    @Test(arguments: cases.indices)
    func localAndUTC(_ index: Int) throws {
        let (zone, locale, expected) = Self.cases[index]
        #expect(try Self.render(zone: zone, locale: locale, template: "{{event.occurred_at}} | {{event.occurred_at_utc}}") == expected)
    }
}
