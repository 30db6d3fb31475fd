import Foundation
import GRDB
import LinliDomain
import LinliRules
import LinliStore
import Testing

/// Ratings after a completed exchange: once per side, within the window, only by the sides, a
/// moderator can hide a comment, and the credit score reads the stars.
@Suite struct RatingTests {
    func rate(_ f: ExchangeFixture, _ exchange: Exchange, as principal: Principal, stars: Int, comment: String? = nil) throws -> ExchangeRating {
        try f.store.transactionSync { tx in
            try RatingCommands.rate(
                tx, principal: principal, exchange: exchange.id, input: RatingInput(stars: stars, comment: comment), services: f.services,
                actor: f.actor(principal))
        }
    }

    /// The ratings component of the provider's (`f.resident`'s) credit score.
    func ratingsInput(_ f: ExchangeFixture) throws -> RuleDecimal? {
        try f.base.database.readSync { db in
            try TrustQueries.creditScore(
                db, community: f.resident.communityID, member: f.resident.memberID, now: f.clock.now(), rules: ActiveRules())
        }.components.first { $0.key == .ratings }?.input
    }

    func code(_ body: () throws -> Any) -> String? {
        do { _ = try body(); return nil } catch let error as DomainError { return error.code } catch { return "\(error)" }
    }

    /// Helper 116: a dispute ended in a refund answered "only … completed, or a dispute settled
    /// with compensation (current state: resolved)", which read as a contradiction; it says why.
    @Test func aRefundedDisputeSaysWhyItCannotBeRated() throws {
        let f = try ExchangeFixture()
        let disputed = try f.dispute(try f.accept(try f.request(try f.offer())).exchange)
        let refunded = try f.resolve(disputed, ExchangeResolutionInput(outcome: .refund, compensationPoints: nil, note: "无法使用"))
        let refused = #expect(throws: DomainError.self) { _ = try rate(f, refunded, as: f.neighbour, stars: 1) }
        #expect(refused?.code == "rating.not_completed")
        #expect(refused.map { ErrorCatalog.message(for: $0, in: .en).detail } == "This exchange's dispute ended in a refund, so it did not take place and cannot be rated.")
    }

    @Test func eachSideRatesTheOtherOnce() throws {
        let f = try ExchangeFixture()
        let exchange = try f.accept(try f.request(try f.offer())).exchange
        #expect(code { try rate(f, exchange, as: f.neighbour, stars: 5) } == "rating.not_completed")
        let done = try f.complete(exchange)
        let byPayer = try rate(f, done, as: f.neighbour, stars: 5, comment: "  梯子很好用，谢谢！ ")
        #expect(byPayer.ratee == f.resident.memberID && byPayer.comment == "梯子很好用，谢谢！")
        #expect(code { try rate(f, done, as: f.neighbour, stars: 1) } == "rating.already_rated")
        let byProvider = try rate(f, done, as: f.resident, stars: 4)
        #expect(byProvider.ratee == f.neighbour.memberID)
        // Neither a moderator nor anyone else is a side of it.
        #expect(code { try rate(f, done, as: f.moderator, stars: 1) } == "exchange.not_found")
        #expect(try f.listings.events("exchange.rated").count == 2)
        #expect(try f.base.count("SELECT COUNT(*) FROM audit_entries WHERE action = 'exchange.rated'") == 2)
        #expect(code { try rate(f, done, as: f.resident, stars: 6) } == "validation_failed")
    }

    @Test func theWindowComesFromTheRuleFile() throws {
        let f = try ExchangeFixture()
        let done = try f.complete(try f.accept(try f.request(try f.offer())).exchange)
        f.clock.advance(by: 14 * 86_400 + 1)  // exchange.rating_window_days: 14 in rules/default.yaml
        #expect(code { try rate(f, done, as: f.neighbour, stars: 5) } == "rating.window_closed")
    }

    @Test func aModeratorHidesACommentAndTheStarsCount() throws {
        let f = try ExchangeFixture()
        let done = try f.complete(try f.accept(try f.request(try f.offer())).exchange)
        let rating = try rate(f, done, as: f.neighbour, stars: 5, comment: "电话 13800000000 随时联系")
        #expect(code {
            try f.store.transactionSync { tx in
                try RatingCommands.hideComment(tx, principal: f.neighbour, id: rating.id, reason: "含电话", actor: f.actor(f.neighbour))
            }
        } == "forbidden")
        let hidden = try f.store.transactionSync { tx in
            try RatingCommands.hideComment(tx, principal: f.moderator, id: rating.id, reason: "评论含个人电话", actor: f.actor(f.moderator))
        }
        #expect(hidden.commentHidden)
        let received = try f.base.database.readSync { db in
            try RatingQueries.received(db, principal: f.neighbour, member: f.resident.memberID, page: PageRequest(after: nil, limit: 10)).items
        }
        #expect(received.map(\.stars) == [5])
        let score = try f.base.database.readSync { db in
            try TrustQueries.creditScore(
                db, community: f.resident.communityID, member: f.resident.memberID, now: f.clock.now(), rules: ActiveRules())
        }
        let ratings = try #require(score.components.first { $0.key == .ratings })
        #expect(ratings.input > .zero, "a five-star rating from a member in good standing raises the score")
    }

    /// Helper 161 #11: a rater banned (a sockpuppet, say) no longer lifts anyone's score.
    @Test func aBannedRatersStarsNoLongerCount() throws {
        let f = try ExchangeFixture()
        let done = try f.complete(try f.accept(try f.request(try f.offer())).exchange)
        _ = try rate(f, done, as: f.neighbour, stars: 5)
        #expect(try ratingsInput(f).map { $0 > .zero } == true)
        _ = try f.store.transactionSync { tx in
            try MemberCommands.changeStatus(
                tx, principal: f.listings.admin, id: f.neighbour.memberID,
                input: StatusChangeInput(status: .banned, reason: "冒用他人身份", until: nil), expectedVersion: nil, actor: f.actor(f.listings.admin))
        }
        #expect(try ratingsInput(f).map { $0 == .zero } ?? true, "the banned rater's five stars count no more")
    }

    /// The stars of an exchange whose payment an administrator reversed no longer count: the
    /// trust snapshot already held it unsettled, and its rating went on moving the score (an
    /// older note's "ratings on reversed settlements"). A time exchange paid for fewer hours
    /// than held is paid directly, and that payment can be reversed.
    @Test func theStarsOfAnExchangeWhosePaymentWasReversedNoLongerCount() throws {
        let f = try ExchangeFixture()
        let done = try f.complete(try f.accept(try f.request(try f.timeListing(minutes: 120))).exchange, minutes: 60)
        _ = try rate(f, done, as: f.neighbour, stars: 5)
        #expect(try ratingsInput(f).map { $0 > .zero } == true)
        let payment = try #require(try f.base.database.readSync { db in
            try String.fetchOne(
                db, sql: "SELECT id FROM ledger_transfers WHERE kind = 'exchange' AND reference = ?", arguments: [done.reference])
        }, "paid for its actual hours, directly")
        _ = try f.store.transactionSync { tx in
            try LedgerCorrectionCommands.reverse(
                tx, community: f.resident.communityID, principal: f.listings.admin, transfer: TransferID(trusted: payment),
                input: ReversalInput(reason: "双方串通虚构交换"), idempotencyKey: "reverse-\(payment)", actor: f.actor(f.listings.admin),
                limits: .standard)
        }
        #expect(try ratingsInput(f).map { $0 == .zero } ?? true, "the reversed exchange's five stars count no more")
    }

    /// Helper 137 #13: a comment hidden by mistake stayed hidden for good. A moderator shows it
    /// again with a reason; the audit log keeps who hid it and why. Neither a resident nor the
    /// member the comment is about may.
    @Test func aHiddenCommentIsShownAgainWithAReason() throws {
        let f = try ExchangeFixture()
        let done = try f.complete(try f.accept(try f.request(try f.offer())).exchange)
        let rating = try rate(f, done, as: f.neighbour, stars: 2, comment: "迟到了半小时")
        func show(as principal: Principal, reason: String = "复核后认为评论属实，无个人信息") throws -> ExchangeRating {
            try f.store.transactionSync { tx in
                try RatingCommands.showComment(tx, principal: principal, id: rating.id, reason: reason, actor: f.actor(principal))
            }
        }
        // Not hidden: returned as it is, nothing audited.
        #expect(try show(as: f.moderator).commentHidden == false)
        _ = try f.store.transactionSync { tx in
            try RatingCommands.hideComment(tx, principal: f.moderator, id: rating.id, reason: "疑似报复性评价", actor: f.actor(f.moderator))
        }
        #expect(code { _ = try show(as: f.neighbour) } == "forbidden")
        #expect(code { _ = try show(as: f.moderator, reason: " ") } == "validation_failed")
        let shown = try show(as: f.moderator)
        #expect(!shown.commentHidden)
        let seen = try f.base.database.readSync { db in
            try RatingQueries.received(db, principal: f.neighbour, member: f.resident.memberID, page: PageRequest(after: nil, limit: 10)).items
        }
        #expect(seen.map(\.commentHidden) == [false] && seen.map(\.comment) == ["迟到了半小时"])
        #expect(try f.base.count("SELECT COUNT(*) FROM exchange_ratings WHERE hidden_by IS NULL AND hidden_reason IS NULL AND id = ?", [rating.id.rawValue]) == 1)
        #expect(try f.base.count(
            "SELECT COUNT(*) FROM audit_entries WHERE action = 'rating.comment_shown' AND target_id = ? AND before_json LIKE '%疑似报复性评价%'",
            [rating.id.rawValue]) == 1)
        #expect(try f.base.count("SELECT COUNT(*) FROM audit_entries WHERE action LIKE 'rating.comment_%'") == 2)
    }

    /// Helper 143: the moderator who wrote a hidden comment may not show it again (another
    /// moderator hid it); hiding it stays open to them, as it is about someone else.
    @Test func theAuthorOfAHiddenCommentMayNotShowIt() throws {
        let f = try ExchangeFixture()
        let moderatorB = f.listings.moderatorB
        let done = try f.complete(try f.accept(try f.request(try f.offer("台灯"), as: f.moderator)).exchange, as: f.moderator)
        let rating = try rate(f, done, as: f.moderator, stars: 1, comment: "态度很差")
        _ = try f.store.transactionSync { tx in
            try RatingCommands.hideComment(tx, principal: moderatorB, id: rating.id, reason: "疑似报复性评价", actor: f.actor(moderatorB))
        }
        #expect(code {
            try f.store.transactionSync { tx in
                try RatingCommands.showComment(tx, principal: f.moderator, id: rating.id, reason: "我写的是事实", actor: f.actor(f.moderator))
            }
        } == "case.own")
    }
}
