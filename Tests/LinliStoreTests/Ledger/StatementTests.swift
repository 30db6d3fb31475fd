import Foundation
import GRDB
import LinliDomain
import LinliTestSupport
import Testing
@testable import LinliStore

@Suite("Statements: running balance, filters, pages")
struct StatementTests {
    /// Alice: +100 adjustment, -30 exchange to Bob, hold 20, refund 20, +15 reward, -5 penalty, one
    /// day apart each.
    func history() throws -> LedgerTestBed {
        let bed = try LedgerTestBed()
        let day: TimeInterval = 86_400
        try bed.fund(bed.alice, 100)
        bed.clock.advance(by: day)
        _ = try bed.write { tx in
            try LedgerSettlementCommands.payExchange(
                tx, community: bed.community, payer: bed.alice, payee: bed.bob, points: 30, minutes: nil, reason: "修水管",
                reference: nil, idempotencyKey: "x", actor: bed.actor(bed.alice), limits: bed.limits)
        }
        bed.clock.advance(by: day)
        let hold = try bed.write { tx in
            try LedgerHoldCommands.place(
                tx, community: bed.community, payer: bed.alice, amount: 20, reason: "借用推车", reference: nil, idempotencyKey: "h",
                actor: bed.actor(bed.alice), limits: bed.limits)
        }.hold
        bed.clock.advance(by: day)
        _ = try bed.write { tx in
            try LedgerHoldCommands.refund(
                tx, community: bed.community, hold: hold.id, reason: "取消", idempotencyKey: "hr", actor: bed.actor(bed.alice), limits: bed.limits)
        }
        bed.clock.advance(by: day)
        _ = try bed.write { tx in
            try LedgerRewardCommands.grant(
                tx, community: bed.community, principal: bed.organizerPrincipal,
                input: RewardInput(memberID: bed.alice, points: 15, category: "weekly_topic", reason: "垃圾分类宣讲"),
                idempotencyKey: "w", actor: bed.actor(bed.organizer), limits: bed.limits)
        }
        bed.clock.advance(by: day)
        _ = try bed.write { tx in
            try LedgerSettlementCommands.chargePenalty(
                tx, community: bed.community, member: bed.alice, points: 5, reason: "爽约", reference: nil, idempotencyKey: "p",
                actor: .system, limits: bed.limits)
        }
        return bed
    }

    func statement(_ bed: LedgerTestBed, _ filter: StatementFilter = StatementFilter(), after: String? = nil, limit: Int = 100) throws -> Page<StatementEntry> {
        try bed.read { db in
            try LedgerStatementQueries.statement(
                db, community: bed.community, member: bed.alice, filter: filter, page: PageRequest(after: after, limit: limit))
        }
    }

    @Test("each line shows the amount and the balance right after it")
    func runningBalance() throws {
        let bed = try history()
        let lines = try statement(bed).items
        #expect(lines.map(\.amount) == [100, -30, -20, 20, 15, -5])
        #expect(lines.map(\.balanceAfter) == [100, 70, 50, 70, 85, 80])
        #expect(lines.map(\.kind) == [.adjustment, .exchange, .hold, .release, .reward, .penalty])
        #expect(lines[1].counterparties == [.member(bed.bob)])
        #expect(lines[2].counterparties == [.escrow])
        var running = 0
        for line in lines {
            running += line.amount
            #expect(line.balanceAfter == running)
        }
        #expect(running == (try bed.balance(bed.alice)))
    }

    @Test("filters by kind and date keep the true balance on each line")
    func filters() throws {
        let bed = try history()
        let rewards = try statement(bed, StatementFilter(kinds: [.reward, .penalty])).items
        #expect(rewards.map(\.balanceAfter) == [85, 80])
        let start = LedgerTimestamp(milliseconds: 1_767_225_600_000 + 2 * 86_400_000)
        let end = LedgerTimestamp(milliseconds: 1_767_225_600_000 + 4 * 86_400_000)
        let window = try statement(bed, StatementFilter(from: start, to: end)).items
        #expect(window.map(\.kind) == [.hold, .release])
        #expect(window.map(\.balanceAfter) == [50, 70])
        #expect(throws: DomainError.self) { try statement(bed, StatementFilter(from: end, to: start)) }
    }

    @Test("pages follow each other without gaps or repeats")
    func pages() throws {
        let bed = try history()
        var cursor: String?
        var seen: [Int] = []
        repeat {
            let page = try statement(bed, after: cursor, limit: 4)
            seen += page.items.map(\.seq)
            cursor = page.nextAfter
        } while cursor != nil
        #expect(seen == (try statement(bed).items.map(\.seq)))
        #expect(throws: DomainError(code: "cursor.malformed", category: .invalidInput)) { try statement(bed, after: "abc") }
    }

    @Test("the CSV export of a real statement parses back line for line")
    func csv() throws {
        let bed = try history()
        let lines = try statement(bed).items
        let text = StatementCSV.render(lines, timeZone: TimeZone(identifier: "Asia/Shanghai")!)
        let rows = CSVReader.parse(String(text.dropFirst()))
        #expect(rows.count == lines.count + 1)
        let header = rows[0]
        for (row, line) in zip(rows.dropFirst(), lines) {
            let record = Dictionary(uniqueKeysWithValues: zip(header, row))
            #expect(record["seq"] == String(line.seq))
            #expect(record["amount"].flatMap { Int($0) } == line.amount)
            #expect(record["balance_after"].flatMap { Int($0) } == line.balanceAfter)
            #expect(record["reason"] == line.reason)
            #expect(record["kind"] == line.kind.rawValue)
        }
    }

    @Test("an account never posted to has an empty statement and a zero balance")
    func empty() throws {
        let bed = try LedgerTestBed()
        #expect(try statement(bed).items.isEmpty)
        let account = try bed.read { db in try LedgerAccounts.member(db, community: bed.community, member: bed.alice) }
        #expect(account == .empty(.member(bed.alice), in: bed.community))
    }
}

