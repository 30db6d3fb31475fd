import Foundation
import GRDB
import LinliDomain

/// Members' inboxes (`MemberNotification`): written in the same transaction as the decision they
/// report, read and marked read only by their member.
public enum MemberNotifications {
    /// Adds a message to a member's inbox and announces `member.notified` (ids and kind only, so a
    /// push integration can tell the member's phone without the text passing through a group),
    /// unless the kind is not announced (`Kind.isAnnounced`: a report's outcome) or the caller
    /// says not to (`announce`: the reversal of a transfer that itself went out on no webhook).
    static func notify(
        _ tx: Transaction, community: CommunityID, member: MemberID, kind: MemberNotification.Kind, subject: String,
        parameters: [String: String], announce: Bool = true
    ) throws {
        let id: NotificationID = tx.ids.next()
        var parameters = parameters
        // An exchange's sides and listing, read once for both uses below.
        let exchange = subject.hasPrefix("exchange:")
            ? try ExchangeRegistrarNotices.sides(tx.db, community: community, exchange: String(subject.dropFirst("exchange:".count)))
            : nil
        // Every notice about an exchange names what it was about (helper 144 #3, #9: "交换
        // exc_01M97WNJE… 中您被登记为爽约" told a resident nothing she could recognise).
        if parameters["title"] == nil, let title = exchange?.title { parameters["title"] = title }
        // And, to a side, who the other side is ("对方（王秀英）取消了…"): "对方" alone left an elder
        // with two exchanges that week guessing which neighbour had cancelled (helper 144 #9).
        if parameters["other_name"] == nil, let other = exchange?.otherName(of: member) { parameters["other_name"] = other }
        // And when it is, which tells it from another exchange of the same listing now that the
        // text names exchanges by title, not id (helper 147 #11).
        if parameters["exchange_starts_at"] == nil, let startsAt = exchange?.startsAt { parameters["exchange_starts_at"] = startsAt }
        let encoded = ListingRows.encode(parameters)
        try tx.db.cachedStatement(sql: """
            INSERT INTO member_notifications (id, community_id, member_id, kind, subject, parameters_json, created_at)
            VALUES (?, ?, ?, ?, ?, ?, ?)
            """).execute(arguments: [id.rawValue, community.rawValue, member.rawValue, kind.rawValue, subject, encoded, tx.now])
        if let exchange {
            try ExchangeRegistrarNotices.forward(tx, community: community, member: member, kind: kind, exchange: exchange, parameters: parameters)
        }
        guard kind.isAnnounced, announce else { return }
        try tx.emit(
            community, type: "member.notified", subject: "member:\(member)",
            payload: ["notification_id": id.rawValue, "member_id": member.rawValue, "kind": kind.rawValue, "subject": subject])
    }

    /// The caller's own messages, newest first, optionally only the unread ones.
    public static func list(_ db: Database, principal: Principal, unreadOnly: Bool, page: PageRequest) throws -> Page<MemberNotification> {
        var sql = "SELECT * FROM member_notifications WHERE community_id = ? AND member_id = ?"
        var arguments: StatementArguments = [principal.communityID.rawValue, principal.memberID.rawValue]
        if unreadOnly { sql += " AND read_at IS NULL" }
        if let after = page.after { sql += " AND id < ?"; arguments += [after] }
        sql += " ORDER BY id DESC LIMIT ?"
        arguments += [page.limit + 1]
        let rows = try Row.fetchAll(db, sql: sql, arguments: arguments).map(decode)
        return Page.fromOverfetch(rows, limit: page.limit) { $0.id.rawValue }
    }

    /// Marks one of the caller's messages read (idempotent). Someone else's is "not found".
    public static func markRead(_ tx: Transaction, principal: Principal, id: NotificationID) throws -> MemberNotification {
        try tx.db.execute(
            sql: "UPDATE member_notifications SET read_at = ? WHERE community_id = ? AND member_id = ? AND id = ? AND read_at IS NULL",
            arguments: [tx.now, principal.communityID.rawValue, principal.memberID.rawValue, id.rawValue])
        guard let row = try Row.fetchOne(
            tx.db, sql: "SELECT * FROM member_notifications WHERE community_id = ? AND member_id = ? AND id = ?",
            arguments: [principal.communityID.rawValue, principal.memberID.rawValue, id.rawValue])
        else { throw DomainError.notFound("notification", id: id.rawValue) }
        return try decode(row)
    }

    /// Marks all of the caller's messages read; returns how many were unread.
    /// Marks the caller's unread messages read; with `upTo`, only those up to that one (ids grow
    /// with time): a message that arrived after the client drew the list, a cancelled appointment
    /// say, is not marked read unseen when she taps 全部已读 (helper 162 #6).
    public static func markAllRead(_ tx: Transaction, principal: Principal, upTo: NotificationID? = nil) throws -> Int {
        try tx.db.execute(
            sql: """
                UPDATE member_notifications SET read_at = ?
                WHERE community_id = ? AND member_id = ? AND read_at IS NULL AND (? IS NULL OR id <= ?)
                """,
            arguments: [tx.now, principal.communityID.rawValue, principal.memberID.rawValue, upTo?.rawValue, upTo?.rawValue])
        return tx.db.changesCount
    }

    static func decode(_ row: Row) throws -> MemberNotification {
        guard let kind = MemberNotification.Kind(rawValue: row["kind"]),
            let parameters = try? JSONDecoder().decode([String: String].self, from: Data((row["parameters_json"] as String).utf8))
        else { throw StoreError.corruptRow(table: "member_notifications", id: row["id"], reason: "unknown kind or parameters") }
        return MemberNotification(
            id: NotificationID(trusted: row["id"]), communityID: CommunityID(trusted: row["community_id"]),
            memberID: MemberID(trusted: row["member_id"]), kind: kind, subject: row["subject"], parameters: parameters,
            createdAt: row["created_at"], readAt: row["read_at"])
    }
}
