import Foundation
import GRDB
import LinliDomain
import LinliTestSupport
import Testing
@testable import LinliStore

/// Found by review 9a (each test failed first): exchanges and the points ledger. Unless named otherwise the neighbour pays and the
/// resident provides (an offer of the resident's).
@Suite struct ExchangeLedgerIntegrityTests {
    /// A time exchange of a 60-minute listing (10 points held) whose provider reported only 30
    /// minutes. Left alone, it auto-confirms on the provider's 30 minutes and pays the re-priced
    /// value (5 points). If the payer instead disputes a defect and the moderator decides
    /// `compensate` (ordering 1 point of compensation), `ExchangeIncidentCommands.resolve`
    /// releases the *whole* hold (`.release(points: exchange.points)`), while recording the 30
    /// minutes (`unconfirmedMinutes`) as hours served: the provider is paid 10 for 30 minutes, and
    /// the payer who complained ends up 4 points worse off than one who stayed silent (net −9
    /// instead of −5). docs/exchanges.md: "Without the payer's word (automatic confirmation, a
    /// dispute resolved by payment, an overturned no-show) a time exchange settles on the least of
    /// the window, the listed duration and the provider's report". The overturned no-show was
    /// fixed to pay that (review 7b); the compensate resolution was not.
    /// Expected: `compensate` pays the provider what automatic confirmation would have paid
    /// (`ExchangeCompletionCommands.settlementPlan`), then the ordered compensation.
    @Test func compensateResolutionPaysNoMoreThanTheProvidersOwnReport() throws {
        // Baseline: the same exchange, confirmed automatically on the provider's 30 minutes.
        let silent = try ExchangeFixture()
        let baseline = try silent.accept(try silent.request(try silent.timeListing(minutes: 60))).exchange
        #expect(baseline.points == 10)
        silent.clock.advance(by: 2 * 3600)
        _ = try silent.reportMinutes(baseline, 30)
        silent.clock.advance(by: 73 * 3600)
        let automatic = try #require(try silent.autoConfirm(baseline)).exchange
        let fair = try #require(automatic.settledPoints)
        #expect(automatic.actualMinutes == 30)
        #expect(fair < baseline.points)

        // Disputed instead, and resolved by compensation of 1 point.
        let f = try ExchangeFixture()
        let accepted = try f.accept(try f.request(try f.timeListing(minutes: 60))).exchange
        f.clock.advance(by: 2 * 3600)
        let reported = try f.reportMinutes(accepted, 30)
        let disputed = try f.dispute(reported)
        #expect(disputed.state == .disputed)
        let resolved = try f.resolve(disputed, ExchangeResolutionInput(outcome: .compensate, compensationPoints: 1, note: "有轻微瑕疵"))
        #expect(resolved.state == .resolved)
        #expect(resolved.actualMinutes == 30)
        #expect(try f.account(f.resident.memberID).minutesServed == 30)

        #expect(resolved.settledPoints == fair, "settled \(resolved.settledPoints ?? -1) for the 30 reported minutes; automatic confirmation pays \(fair)")
        #expect(try f.balance(f.resident.memberID) == fair - 1, "the provider keeps the whole hold for half the service")
        #expect(try f.balance(f.neighbour.memberID) == -fair + 1, "the payer who disputed pays more than one who stayed silent")
        #expect(try f.verify().isClean)
    }

    /// `ledger verify` ties exchanges to their holds (`verifyExchangeHolds`) precisely because a
    /// hold stranded by an exchange that ended balances and is invisible otherwise. But the check
    /// only reads exchanges `WHERE e.hold_id IS NOT NULL`: an accepted exchange rewritten to
    /// `cancelled` with its `hold_id` cleared (the schema allows a cancelled exchange without a
    /// hold) leaves the payer's points in escrow for ever, and verify reports the ledger clean.
    /// The hold names its exchange (`reference` = `exchange:exc_…`), and the exchange keeps
    /// `accepted_at`, so the stranded hold is detectable. Expected: a violation (e.g.
    /// `exchange_hold`: an open hold whose exchange has ended or no longer points at it).
    @Test func verifySeesAHoldStrandedByAnExchangeThatDroppedIt() throws {
        let f = try ExchangeFixture()
        let accepted = try f.accept(try f.request(try f.offer("旧书"))).exchange
        let hold = try #require(accepted.holdID)
        #expect(try f.verify().isClean)
        try f.sql(
            "UPDATE exchanges SET state = 'cancelled', closed_at = updated_at, hold_id = NULL WHERE id = ?", [accepted.id.rawValue])
        // The payer's points are still in escrow, with no exchange left to release them.
        let state = try f.base.database.readSync { db in
            try String.fetchOne(db, sql: "SELECT state FROM ledger_holds WHERE id = ?", arguments: [hold.rawValue])
        }
        #expect(state == "held")
        #expect(try f.balance(f.neighbour.memberID) == -accepted.points)
        let report = try f.verify()
        #expect(!report.isClean, "a hold stranded in escrow by a cancelled exchange passes verify")
    }

    /// The CSV quoting defect of `StatementCSV.quote` (see `StatementCSVUnicodeTests` in the
    /// domain tests) reached through real data: the owner of a listing titles it with a comma
    /// behind a U+0600 prepend character (`FieldValidator.text` accepts it: not a control
    /// character). The payer's statement export then carries the hold line's reason
    /// `交换「…」` unquoted, the comma opens a new column, and the payer's spreadsheet shows the
    /// title's `999` where the amount should be (every later column shifts by one).
    /// Expected: the line has the header's 11 fields and its amount is the hold's −20.
    @Test func aListingTitleCannotShiftTheColumnsOfTheCounterpartysStatementCSV() throws {
        let f = try ExchangeFixture()
        let title = "梯子\u{600},999"
        let listing = try f.offer(title)
        #expect(listing.content.title == title)
        let accepted = try f.accept(try f.request(listing)).exchange
        let page = try f.base.database.readSync { db in
            try LedgerStatementQueries.statement(
                db, community: f.resident.communityID, member: f.neighbour.memberID, filter: StatementFilter(), page: PageRequest(after: nil, limit: 100))
        }
        try #require(page.items.count == 1)
        let csv = StatementCSV.render(page.items, timeZone: TimeZone(identifier: "Asia/Shanghai")!)
        let records = CSVReader.parse(String(csv.dropFirst()))
        try #require(records.count == 2)
        #expect(records[1].count == StatementCSV.header.count, "\(records[1])")
        let line = Dictionary(zip(records[0], records[1]), uniquingKeysWith: { first, _ in first })
        #expect(line["amount"] == String(-accepted.points))
        #expect(line["reason"] == "交换「\(title)」")
    }

    /// `ledger verify` checks an exchange's hold *state* but not that the exchange still carries
    /// the hold's amount, although settlement prices from the exchange row: `settlementPlan` and
    /// `ExchangeSettlementPlan.plan(held: exchange.points, …)` scale `exchanges.points` (not the
    /// hold's amount) for a shorter time exchange and have the payer pay that directly. The
    /// exchange row is not hashed, so `UPDATE exchanges SET points = 1000` on a 10-point accepted
    /// exchange is invisible to verify, and the next automatic confirmation on a 30-minute report
    /// posts a properly chained `exchange` transfer of 500 points from the payer — verify stays
    /// clean throughout. Expected: verify reports an exchange whose points differ from its hold's
    /// amount (so the tampering is caught before it moves points).
    @Test func verifySeesAnExchangeWhosePointsNoLongerMatchItsHold() throws {
        let f = try ExchangeFixture()
        let accepted = try f.accept(try f.request(try f.timeListing(minutes: 60))).exchange
        #expect(accepted.points == 10)
        f.clock.advance(by: 2 * 3600)
        _ = try f.reportMinutes(accepted, 30)
        try f.sql("UPDATE exchanges SET points = 1000 WHERE id = ?", [accepted.id.rawValue])
        #expect(!(try f.verify().isClean), "an exchange priced at 1000 over a 10-point hold passes verify")

        f.clock.advance(by: 73 * 3600)
        let settled = try #require(try f.autoConfirm(accepted)).exchange
        #expect(settled.settledPoints == 500)  // what the tampered row makes the payer pay
        #expect(try f.balance(f.resident.memberID) == 500)
        #expect(!(try f.verify().isClean), "the 500-point payment for a 10-point hold passes verify")
    }
}
