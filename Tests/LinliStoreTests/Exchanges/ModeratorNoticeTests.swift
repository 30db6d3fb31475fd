import Foundation
import GRDB
import LinliDelivery
import LinliDomain
import Testing
@testable import LinliStore

/// Helper 103 (session 31): once member-private types were refused for group chats, a disputed
/// exchange, a contested no-show or an appeal reached no group at all, while a report's case
/// does (`case.needs_moderator`). Each now also emits a staff notice with ids only, which the
/// moderators' group takes when its filter names it.
@Suite struct ModeratorNoticeTests {
    static func notices(_ f: ExchangeFixture, _ type: String) throws -> [(subject: String, payload: [String: String])] {
        try f.base.database.readSync { db in
            try Row.fetchAll(db, sql: "SELECT subject, payload_json FROM outbox_events WHERE event_type = ? ORDER BY seq", arguments: [type])
                .map { row in
                    let json = try JSONSerialization.jsonObject(with: Data((row["payload_json"] as String).utf8)) as? [String: String] ?? [:]
                    return (row["subject"], json)
                }
        }
    }

    @Test func aDisputeAndAContestedNoShowAskForAModeratorByIdOnly() throws {
        let f = try ExchangeFixture()
        let disputed = try f.dispute(try f.accept(try f.request(try f.offer())).exchange)
        let ended = try f.reportedNoShow(try f.offer("电饭煲"))
        _ = try f.contest(ended, as: f.resident)
        let notices = try Self.notices(f, "exchange.needs_moderator")
        #expect(notices.map(\.subject) == ["exchange:\(disputed.id)", "exchange:\(ended.id)"])
        #expect(notices.map { $0.payload["reason"] } == ["dispute", "no_show_contest"])
        for notice in notices {
            #expect(Set(notice.payload.keys) == ["exchange_id", "reason", "reason_name_zh", "reason_name_en"], "\(notice.payload)")
        }
        // Rendered for the moderators' group, naming nobody.
        let event = OutboundEvent(
            id: "evt_1", type: "exchange.needs_moderator", communityID: f.resident.communityID.rawValue, subject: notices[0].subject,
            occurredAt: Date(), payload: .object(notices[0].payload.mapValues { JSONValue.string($0) }))
        let text = try MessageTemplates.render(event, options: ChatOptions())
        #expect(text.hasPrefix("【待处理交换纠纷】\(disputed.id)"), "\(text)")
        #expect(!text.contains(f.resident.memberID.rawValue) && !text.contains(f.neighbour.memberID.rawValue))

        // The sides are told in their inboxes (helper 104: the absent member learnt of the mark
        // and the penalty only from the statement, the disputed side only from the decision).
        let inbox = try f.base.database.readSync { db in
            try Row.fetchAll(db, sql: "SELECT member_id, kind, parameters_json FROM member_notifications ORDER BY id")
                .map { (member: $0["member_id"] as String, kind: $0["kind"] as String, parameters: $0["parameters_json"] as String) }
        }
        let disputedNotice = try #require(inbox.first { $0.kind == "exchange_disputed" })
        #expect(disputedNotice.member == disputed.owner.rawValue && disputedNotice.member != disputed.disputedBy?.rawValue)
        let absentNotice = try #require(inbox.first { $0.kind == "no_show_recorded" })
        #expect(absentNotice.member == f.resident.memberID.rawValue)
        #expect(absentNotice.parameters.contains("\"penalty\":\"5\"") && absentNotice.parameters.contains("\"contest_days\":\"7\""))
    }

    /// Named by the staff's group, not taken through `*` (the residents' group's likeliest filter).
    @Test(arguments: ["exchange.needs_moderator", "appeal.needs_moderator"])
    func theStaffNoticesAreTakenWhenNamed(type: String) throws {
        let url = "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=693a91f6-7xxx-4bc4-97a0-0ec2sifa5aaa"
        let everything = WebhookEndpoint(
            id: "ep_1", communityID: "com_1", url: url, format: .wecom, events: try EventTypeFilter(["*"]), secrets: [], chat: ChatOptions())
        let staff = WebhookEndpoint(
            id: "ep_2", communityID: "com_1", url: url, format: .wecom, events: try EventTypeFilter([type]), secrets: [], chat: ChatOptions())
        #expect(!everything.subscribes(to: type))
        #expect(staff.subscribes(to: type) && staff.validationErrors().isEmpty)
    }
}
