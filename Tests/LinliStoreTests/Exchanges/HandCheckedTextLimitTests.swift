import Foundation
import GRDB
import LinliDomain
import LinliRules
import LinliStore
import Testing

/// Text limits count scalars too (`FieldValidator.scalarsPerCharacter`, 8 per character), because
/// one character may carry any number of combining marks; limits once checked by hand with
/// `String.count` now go through `FieldValidator`. Found by review 9f (each test failed first).
@Suite struct HandCheckedTextLimitTests {
    /// `RatingCommands.hideComment` checks its reason with `trimmed.count > 500` only
    /// (RatingCommands.swift line 57), not through `FieldValidator`: one letter carrying 20,000
    /// combining acute accents (40 KB, under the 64 KB body limit) is "1 character" and is stored
    /// in the rating and the audit log. The same text is refused by every `FieldValidator`
    /// limit of 500 (e.g. `POST /v1/rules/revaluations`).
    @Test func aHideCommentReasonOfOneCharacterWithThousandsOfMarksIsTooLong() throws {
        let f = try ExchangeFixture()
        let done = try f.complete(try f.accept(try f.request(try f.offer())).exchange)
        let rating = try f.store.transactionSync { tx in
            try RatingCommands.rate(
                tx, principal: f.neighbour, exchange: done.id, input: RatingInput(stars: 5, comment: "电话 13800000000"),
                services: f.services, actor: f.actor(f.neighbour))
        }
        let reason = "a" + String(repeating: "\u{301}", count: 20_000)
        // What the shared validator says about the same text under the same limit.
        var check = FieldValidator()
        check.text(reason, at: "/reason", max: 500)
        #expect(throws: DomainError.self) { try check.finish() }

        var code: String?
        do {
            _ = try f.store.transactionSync { tx in
                try RatingCommands.hideComment(tx, principal: f.moderator, id: rating.id, reason: reason, actor: f.actor(f.moderator))
            }
        } catch let error as DomainError {
            code = error.code
        }
        #expect(code == "validation_failed", "a 40 KB reason of one character was accepted (code \(code ?? "none"))")
    }
}
