import Foundation
import GRDB
import LinliDomain
import LinliRules
import LinliStore
import Testing

/// Time exchanges re-valued from actual minutes, and automatic confirmation with a manual clock.
@Suite struct ExchangeSettlementTests {
    /// Shorter than listed, as the provider reported: the hold is refunded and the payer pays the
    /// recomputed value.
    @Test func shorterTimePaysLess() throws {
        let f = try ExchangeFixture()
        let accepted = try f.accept(try f.request(try f.timeListing(minutes: 120))).exchange
        #expect(accepted.points == 20)
        f.clock.advance(by: 2 * 3600)
        let reported = try f.reportMinutes(accepted, 60)
        let done = try f.complete(reported, minutes: 60)
        #expect(done.settledPoints == 10)
        #expect(try f.balance(f.neighbour.memberID) == -10)
        #expect(try f.balance(f.resident.memberID) == 10)
        #expect(try f.account(f.resident.memberID).pointsReceived == 10)
        #expect(try f.account(f.resident.memberID).minutesServed == 60)
        #expect(try f.base.count("SELECT COUNT(*) FROM ledger_transfers WHERE kind = 'exchange'") == 1)
        // Which rules valued the minutes is recorded, as for every valuation (session 27 review).
        let rules = try f.base.database.readSync { db in
            try f.listings.services.rules.current(db, community: f.resident.communityID, at: f.clock.now())
        }
        #expect(try f.base.count(
            "SELECT COUNT(*) FROM audit_entries WHERE action = 'exchange.completed' AND after_json LIKE ?",
            ["%\"repriced_by_rule_set\":\"\(rules.version) \(rules.contentHash)\"%"]) == 1)
        #expect(try f.verify().isClean)
    }

    /// Longer than listed: capped at the hold (the payer agreed to that amount).
    @Test func longerTimeIsCappedAtTheHold() throws {
        let f = try ExchangeFixture()
        let accepted = try f.accept(try f.request(try f.timeListing(minutes: 60))).exchange
        let done = try f.complete(accepted, minutes: 180)
        #expect(done.settledPoints == 10 && done.actualMinutes == 180)
        #expect(try f.balance(f.neighbour.memberID) == -10)
        #expect(try f.account(f.resident.memberID).minutesServed == 180)
        #expect(try f.verify().isClean)
    }

    @Test func recomputationOffKeepsTheAcceptedValue() throws {
        let f = try ExchangeFixture(rules: ExchangeRules(autoConfirmAfterHours: 72, noShowPenaltyPoints: 5, maxOpenPerMember: 5, recomputeTimeFromActualHours: false))
        let accepted = try f.accept(try f.request(try f.timeListing(minutes: 120))).exchange
        f.clock.advance(by: 2 * 3600)
        #expect(try f.complete(try f.reportMinutes(accepted, 30), minutes: 30).settledPoints == 20)
    }

    /// Candidates come in (scheduled end, id) pages that together list each exactly once.
    @Test func candidatePagesCoverEveryCandidateOnce() throws {
        let f = try ExchangeFixture()
        var accepted: [ExchangeID] = []
        for title in ["梯子一", "梯子二", "梯子三"] { accepted.append(try f.accept(try f.request(try f.offer(title))).exchange.id) }
        f.clock.advance(by: 3 * 3600)
        var seen: [ExchangeID] = []
        var cursor: ExchangeCandidateCursor?
        var pages = 0
        repeat {
            let after = cursor
            let page = try f.base.database.readSync { db in
                try ExchangeCompletionCommands.candidatePage(db, now: f.clock.now(), after: after, limit: 2)
            }
            seen += page.items.map(\.1)
            cursor = page.next
            pages += 1
        } while cursor != nil
        #expect(Set(seen) == Set(accepted) && seen.count == 3 && pages == 2)
    }

    /// Asked with the community's rules, a page keeps only the candidates whose confirmation
    /// period has ended, and its cursor still moves past the rest: the scheduler opens no write
    /// transaction for an exchange that ended an hour ago under a 72-hour period.
    @Test func candidatePagesWithRulesKeepOnlyDueCandidates() throws {
        let f = try ExchangeFixture()  // auto_confirm_after_hours 72
        let early = try f.accept(try f.request(try f.offer("梯子一"))).exchange.id
        f.clock.advance(by: 24 * 3600)
        let late = try f.accept(try f.request(try f.offer("梯子二"))).exchange.id
        f.clock.advance(by: 2 * 3600 + 49 * 3600)  // early ended 73 h ago, late 49 h ago
        func page(limit: Int, after: ExchangeCandidateCursor? = nil) throws -> (items: [ExchangeID], next: ExchangeCandidateCursor?) {
            let page = try f.base.database.readSync { db in
                try ExchangeCompletionCommands.candidatePage(db, now: f.clock.now(), after: after, limit: limit, services: f.services)
            }
            return (page.items.map(\.1), page.next)
        }
        #expect(try page(limit: 10).items == [early])
        let first = try page(limit: 1)
        #expect(first.items == [early])
        let second = try page(limit: 1, after: try #require(first.next))
        #expect(second.items.isEmpty && second.next != nil)  // read, not due, walked past
        #expect(try f.base.database.readSync { db in try ExchangeCompletionCommands.candidates(db, now: f.clock.now()) }.map(\.1) == [early, late])
        f.clock.advance(by: 24 * 3600)
        #expect(try page(limit: 10).items == [early, late])
    }

    @Test func autoConfirmAfterThePeriod() throws {
        let f = try ExchangeFixture()
        let listing = try f.offer()
        let accepted = try f.accept(try f.request(listing)).exchange
        func run() throws -> ExchangeOutcome? {
            try f.store.transactionSync { tx in
                try ExchangeCompletionCommands.autoConfirm(tx, community: f.resident.communityID, id: accepted.id, services: f.services)
            }
        }
        // Scheduled end is now + 2 h; confirmation 72 h after that.
        f.clock.advance(by: 2 * 3600 + 71 * 3600)
        #expect(try run() == nil)
        #expect(try f.base.database.readSync { db in try ExchangeCompletionCommands.candidates(db, now: f.clock.now()) }.count == 1)
        f.clock.advance(by: 3600)
        let done = try #require(try run())
        #expect(done.exchange.state == .completed)
        #expect(try f.balance(f.resident.memberID) == 20)
        #expect(try f.listing(listing.id).status == .exchanged)
        let actor = try f.base.database.readSync { db in
            try String.fetchOne(db, sql: "SELECT actor_label FROM audit_entries WHERE action = 'exchange.completed'")
        }
        #expect(actor == "system")
        #expect(try f.base.database.readSync { db in try ExchangeCompletionCommands.candidates(db, now: f.clock.now()) }.isEmpty)
        #expect(try f.verify().isClean)
    }

    /// A time exchange confirmed automatically is settled on its scheduled duration.
    @Test func autoConfirmedTimeUsesScheduledMinutes() throws {
        let f = try ExchangeFixture()
        let accepted = try f.accept(try f.request(try f.timeListing(minutes: 120))).exchange
        f.clock.advance(by: 80 * 3600)
        let done = try #require(try f.store.transactionSync { tx in
            try ExchangeCompletionCommands.autoConfirm(tx, community: f.resident.communityID, id: accepted.id, services: f.services)
        })
        #expect(done.exchange.actualMinutes == 60 && done.exchange.settledPoints == 10)
        #expect(try f.verify().isClean)
    }

    /// The defaults mirror the shipped rule file's `exchange:` section.
    @Test func standardRulesMatchTheDefaultRuleFile() throws {
        let rules = try RuleSetCompiler.compile(RuleSource.preset("default")!.text, fileName: "default.yaml")
        #expect(ExchangeRules(policy: rules.ruleSet.exchange) == .standard)
    }
}
