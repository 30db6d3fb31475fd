import Foundation
import GRDB
import LinliDomain

/// Ratings after a completed exchange: each side rates the other once, within the rule file's
/// window; moderators can hide a comment (audited, the stars stay).
public enum RatingCommands {
    /// The principal (or the resident they act for) rates the other side of exchange `id`.
    public static func rate(
        _ tx: Transaction, principal: Principal, exchange id: ExchangeID, input: RatingInput, services: ExchangeServices,
        actor: AuditActor
    ) throws -> ExchangeRating {
        try principal.require(.exchangeParticipate)
        try input.validate()
        let access = try ExchangeAccess.resolve(tx.db, principal: principal, id: id, now: tx.now)
        let exchange = access.exchange
        let rater = access.actingFor ?? principal.memberID
        // Only the two sides rate (a moderator who can see the exchange is not a side of it).
        guard let ratee = exchange.counterpart(of: rater) else { throw DomainError.notFound("exchange", id: id.rawValue) }
        // Station staff acting for a suspended or banned resident do not rate in their name (the
        // resident's own token is refused everywhere), as they cannot request an exchange for them.
        if access.actingFor != nil {
            let member = try MemberCommands.fetch(tx.db, community: exchange.communityID, id: rater)
            guard member.isActive(at: tx.now) else {
                throw DomainError(
                    code: "exchange.member_inactive", category: .forbidden, parameters: ["id": rater.rawValue, "name": member.displayName])
            }
        }
        // A dispute settled with compensation still completed the exchange; a refund did not.
        let completed = exchange.state == .completed || (exchange.state == .resolved && exchange.resolution == .compensate)
        guard completed, let closedAt = exchange.closedAt else {
            var parameters = ["current_state": exchange.state.rawValue]
            if exchange.state == .resolved, exchange.resolution != .compensate { parameters["refunded"] = "yes" }
            throw DomainError(code: "rating.not_completed", category: .conflict, parameters: parameters)
        }
        let days = try services.listings.rules.current(tx.db, community: exchange.communityID, at: tx.now).ruleSet.exchange.ratingWindowDays
        guard tx.now <= closedAt.addingTimeInterval(Double(days) * 86_400) else {
            throw DomainError(code: "rating.window_closed", category: .conflict, parameters: ["days": String(days)])
        }
        let exists = try Bool.fetchOne(
            tx.db.cachedStatement(sql: "SELECT EXISTS (SELECT 1 FROM exchange_ratings WHERE exchange_id = ? AND rater_id = ?)"),
            arguments: [exchange.id.rawValue, rater.rawValue]) ?? false
        if exists { throw DomainError(code: "rating.already_rated", category: .conflict) }
        let comment = input.comment?.trimmingCharacters(in: .whitespacesAndNewlines)
        let rating = ExchangeRating(
            id: tx.ids.next(), communityID: exchange.communityID, exchangeID: exchange.id, rater: rater, ratee: ratee,
            stars: input.stars, comment: (comment?.isEmpty ?? true) ? nil : comment, commentHidden: false, createdAt: tx.now)
        try tx.db.cachedStatement(sql: """
                INSERT INTO exchange_ratings (id, community_id, exchange_id, rater_id, ratee_id, stars, comment, created_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                """).execute(arguments: [
            rating.id.rawValue, rating.communityID.rawValue, rating.exchangeID.rawValue, rater.rawValue, ratee.rawValue, rating.stars,
            rating.comment, tx.now,
        ])
        try tx.audit(
            exchange.communityID, actor: access.actor(actor), action: "exchange.rated", targetType: "exchange",
            targetID: exchange.id.rawValue, after: ["rating_id": rating.id.rawValue, "ratee": ratee.rawValue, "stars": String(rating.stars)])
        try tx.emit(
            exchange.communityID, type: "exchange.rated", subject: "exchange:\(exchange.id)",
            payload: ["exchange_id": exchange.id.rawValue, "rater_id": rater.rawValue, "ratee_id": ratee.rawValue, "stars": String(rating.stars)])
        // A rating in her name is hers, public, counted in the other side's credit, and the only
        // one she gets to give (helper 140: she was not told, and her own was then refused).
        var told = ["stars": String(rating.stars)]
        told["comment"] = rating.comment
        try ExchangeCommands.tellOfStepForYou(
            tx, exchange, staff: principal, resident: access.actingFor, step: "rated", points: exchange.points, extra: told)
        return rating
    }

    /// A moderator hides a rating's comment (abuse, personal data); the stars stay. Not a comment
    /// about themselves (`case.own`) or a housemate (`moderation.own_household`): another moderator
    /// decides whether criticism of them stays.
    public static func hideComment(_ tx: Transaction, principal: Principal, id: RatingID, reason: String, actor: AuditActor) throws -> ExchangeRating {
        try setCommentHidden(true, tx, principal: principal, id: id, reason: reason, actor: actor)
    }

    /// A moderator shows a hidden comment again, with a reason (helper 137 #13: a comment hidden by
    /// mistake, or found fair on a second look, stayed hidden for good). Under the same limits as
    /// hiding it, and not by its author (`case.own`) or the author's household; the audit log keeps
    /// who hid it and why.
    public static func showComment(_ tx: Transaction, principal: Principal, id: RatingID, reason: String, actor: AuditActor) throws -> ExchangeRating {
        try setCommentHidden(false, tx, principal: principal, id: id, reason: reason, actor: actor)
    }

    /// Hides or shows the comment; a rating already so is returned as it is, with no audit entry.
    private static func setCommentHidden(
        _ hidden: Bool, _ tx: Transaction, principal: Principal, id: RatingID, reason: String, actor: AuditActor
    ) throws -> ExchangeRating {
        try principal.require(.caseManage)
        var check = FieldValidator()
        check.text(reason, at: "/reason", max: TrustLimits.reason)
        try check.finish()
        let trimmed = reason.trimmingCharacters(in: .whitespacesAndNewlines)
        var rating = try RatingQueries.fetch(tx.db, community: principal.communityID, id: id)
        // Showing it again is not for the comment's author either (helper 143): a moderator who
        // wrote it, or whose household did, would overturn the hiding of their own words.
        try ModerationConflict.check(tx.db, principal, about: hidden ? [rating.ratee] : [rating.ratee, rating.rater], decision: "rating comment")
        guard rating.commentHidden != hidden else { return rating }
        let before = try Row.fetchOne(
            tx.db, sql: "SELECT hidden_by, hidden_reason FROM exchange_ratings WHERE community_id = ? AND id = ?",
            arguments: [principal.communityID.rawValue, id.rawValue])
        try tx.db.cachedStatement(sql: """
                UPDATE exchange_ratings SET comment_hidden = ?, hidden_by = ?, hidden_reason = ? WHERE community_id = ? AND id = ?
                """).execute(arguments: [
                    hidden, hidden ? principal.memberID.rawValue : nil, hidden ? trimmed : nil, principal.communityID.rawValue, id.rawValue,
                ])
        var recordedBefore = ["comment_hidden": String(!hidden)]
        if !hidden {
            recordedBefore["hidden_by"] = before?["hidden_by"]
            recordedBefore["hidden_reason"] = before?["hidden_reason"]
        }
        try tx.audit(
            principal.communityID, actor: actor, action: hidden ? "rating.comment_hidden" : "rating.comment_shown", targetType: "rating",
            targetID: id.rawValue, reason: trimmed, before: recordedBefore, after: ["comment_hidden": String(hidden)])
        rating.commentHidden = hidden
        return rating
    }
}

/// Reading ratings.
public enum RatingQueries {
    static func rating(_ row: Row) -> ExchangeRating {
        ExchangeRating(
            id: RatingID(trusted: row["id"]), communityID: CommunityID(trusted: row["community_id"]),
            exchangeID: ExchangeID(trusted: row["exchange_id"]), rater: MemberID(trusted: row["rater_id"]),
            ratee: MemberID(trusted: row["ratee_id"]), stars: row["stars"], comment: row["comment"], commentHidden: row["comment_hidden"],
            createdAt: row["created_at"])
    }

    public static func fetch(_ db: Database, community: CommunityID, id: RatingID) throws -> ExchangeRating {
        guard let row = try Row.fetchOne(
            db, sql: "SELECT * FROM exchange_ratings WHERE community_id = ? AND id = ?", arguments: [community.rawValue, id.rawValue])
        else { throw DomainError.notFound("rating", id: id.rawValue) }
        return rating(row)
    }

    /// Ratings a member received, newest first (visible to the community; hidden comments blanked
    /// by the view for everyone but moderators).
    public static func received(_ db: Database, principal: Principal, member: MemberID, page: PageRequest) throws -> Page<ExchangeRating> {
        try principal.require(.memberReadCredit)
        _ = try MemberCommands.fetch(db, community: principal.communityID, id: member)
        var sql = "SELECT * FROM exchange_ratings WHERE community_id = ? AND ratee_id = ?"
        var arguments: StatementArguments = [principal.communityID.rawValue, member.rawValue]
        if let after = page.after { sql += " AND id < ?"; arguments += [after] }
        sql += " ORDER BY id DESC LIMIT ?"
        arguments += [page.limit + 1]
        let rows = try Row.fetchAll(db, sql: sql, arguments: arguments).map(rating)
        return Page.fromOverfetch(rows, limit: page.limit) { $0.id.rawValue }
    }

    /// Ratings that count toward a score or a rating ring. Not those by a banned member: a
    /// sockpuppet banned for it kept lifting its accomplice with its five stars (helper 161 #11).
    /// Nor those of an exchange whose payment an administrator reversed: the trust snapshot no
    /// longer counts it as settled (`TransferSQL.reversed`), and the stars of an exchange the
    /// community undid went on lifting (or sinking) a score. (A hold's release is not reversed; a
    /// time exchange paid for its actual hours is paid directly, and that payment can be.) Reversals
    /// are few, found along `ledger_transfers_reversal`. Bound: the community id (`?1`).
    static let countedRatings = """
        rater_id NOT IN (SELECT m.id FROM members m WHERE m.community_id = ?1 AND m.status = 'banned')
        AND 'exchange:' || exchange_id NOT IN (
            SELECT o.reference FROM ledger_transfers r JOIN ledger_transfers o ON o.id = r.reverses_id
            WHERE r.community_id = ?1 AND r.reverses_id IS NOT NULL AND o.kind = 'exchange' AND o.reference IS NOT NULL)
        """

    /// Every rating a member received that counts, for their credit score (`countedRatings`).
    static func receivedAll(_ db: Database, community: CommunityID, member: MemberID) throws -> [ExchangeRating] {
        try Row.fetchAll(
            db, sql: "SELECT * FROM exchange_ratings WHERE community_id = ?1 AND ratee_id = ?2 AND \(countedRatings) ORDER BY id",
            arguments: [community.rawValue, member.rawValue]
        ).map(rating)
    }

    /// Every rating of a community that counts, for the trust snapshot (`countedRatings`).
    static func all(_ db: Database, community: CommunityID) throws -> [ExchangeRating] {
        try Row.fetchAll(
            db, sql: "SELECT * FROM exchange_ratings WHERE community_id = ?1 AND \(countedRatings) ORDER BY id", arguments: [community.rawValue]
        ).map(rating)
    }
}
