import Foundation
import GRDB
import LinliDomain
import LinliRules
import LinliTrust
import LinliDelivery
import Testing
@testable import LinliStore

/// Fraud report and credit score over a real database: the exchange graph is the ledger's settled
/// member-to-member transfers until the exchanges table lands.
@Suite("Trust queries over the store")
struct TrustQueriesTests {
    let cache = ActiveRules()

    /// alice → bob → carol → alice, a day apart, 100 points each.
    func ring(_ bed: LedgerTestBed) throws -> [Transfer] {
        for member in [bed.alice, bed.bob, bed.carol] { try bed.fund(member, 500) }
        var transfers: [Transfer] = []
        for (payer, payee) in [(bed.alice, bed.bob), (bed.bob, bed.carol), (bed.carol, bed.alice)] {
            bed.clock.advance(by: 86_400)
            transfers.append(try bed.write { tx in
                try LedgerSettlementCommands.payExchange(
                    tx, community: bed.community, payer: payer, payee: payee, points: 100, minutes: nil, reason: "交换",
                    reference: nil, idempotencyKey: "pay-\(payer)-\(payee)", actor: bed.actor(payer), limits: bed.limits)
            }.transfer)
        }
        return transfers
    }

    @Test("a ring of ledger exchange payments appears in the fraud report with its transfers as evidence")
    func ringInReport() throws {
        let bed = try LedgerTestBed()
        let transfers = try ring(bed)
        let now = bed.clock.now()
        let report = try bed.read { db in
            try TrustQueries.fraudReport(db, community: bed.community, since: now.addingTimeInterval(-7 * 86_400), now: now, rules: cache)
        }
        #expect(report.rings.count == 1)
        #expect(report.rings.first?.evidence.exchanges == transfers.map(\.id.rawValue).sorted())
        #expect(Set(report.rings.first?.subjects ?? []) == [bed.alice, bed.bob, bed.carol])
        #expect(report.topAccounts.map(\.member).sorted() == [bed.alice, bed.bob, bed.carol].sorted())

        let later = now.addingTimeInterval(60 * 86_400)
        let quiet = try bed.read { db in
            try TrustQueries.fraudReport(db, community: bed.community, since: later.addingTimeInterval(-7 * 86_400), now: later, rules: cache)
        }
        #expect(quiet.rings.isEmpty, "outside the period")
    }

    @Test("a reversed exchange is not an edge")
    func reversalExcluded() throws {
        let bed = try LedgerTestBed()
        let transfers = try ring(bed)
        try bed.write { tx in
            _ = try LedgerCorrectionCommands.reverse(
                tx, community: bed.community, principal: bed.adminPrincipal, transfer: transfers[1].id,
                input: ReversalInput(reason: "录错了"), idempotencyKey: "rev-1", actor: bed.actor(bed.admin), limits: bed.limits)
        }
        let now = bed.clock.now()
        let snapshot = try bed.read { db in try TrustSnapshotQueries.snapshot(db, community: bed.community, exchangesSince: nil) }
        #expect(snapshot.exchanges.map(\.id) == [transfers[0].id.rawValue, transfers[2].id.rawValue])
        let report = try bed.read { db in
            try TrustQueries.fraudReport(db, community: bed.community, since: now.addingTimeInterval(-7 * 86_400), now: now, rules: cache)
        }
        #expect(report.rings.isEmpty)
    }

    @Test("credit score counts settled exchanges on either side and the account's verification")
    func credit() throws {
        let bed = try LedgerTestBed()
        _ = try ring(bed)
        let score = try bed.read { db in
            try TrustQueries.creditScore(db, community: bed.community, member: bed.alice, now: bed.clock.now(), rules: cache)
        }
        #expect(score.components.first { $0.key == .completedExchanges }?.input == RuleDecimal(integer: 2))
        #expect(score.components.first { $0.key == .realNameVerified }?.contribution == .zero)
        #expect(score.score.description == "61.00")
        #expect(throws: DomainError.self) {
            try bed.read { db in
                try TrustQueries.creditScore(
                    db, community: bed.community, member: MemberID("mem_01JD5Q0Z6W8K3M2N4P5R6S7T8V")!, now: bed.clock.now(), rules: cache)
            }
        }
    }
}

@Suite("Weekly fraud report")
struct WeeklyFraudReportTests {
    @Test("published once a week per community as a fraud.report event for the chat templates")
    func weekly() throws {
        let bed = try LedgerTestBed()
        let cache = ActiveRules()
        let week: TimeInterval = 7 * 86_400
        let due = try bed.read { db in try FraudReportCommands.due(db, now: bed.clock.now(), period: week) }
        #expect(due == [bed.community])
        try bed.write { tx in _ = try FraudReportCommands.publish(tx, community: bed.community, period: week, rules: cache) }
        #expect(try bed.read { db in try FraudReportCommands.due(db, now: bed.clock.now(), period: week) }.isEmpty)
        bed.clock.advance(by: week)
        #expect(try bed.read { db in try FraudReportCommands.due(db, now: bed.clock.now(), period: week) } == [bed.community])

        let payload = try #require(try bed.read { db in
            try String.fetchOne(db, sql: "SELECT payload_json FROM outbox_events WHERE event_type = 'fraud.report'")
        })
        let object = try #require(try JSONSerialization.jsonObject(with: Data(payload.utf8)) as? [String: Any])
        #expect(object["signal_count"] as? Int == 0)
        #expect((object["period"] as? String)?.count == 23)
        #expect(object["summary"] as? String == "-; cases +0 / ✓0 / open 0")
        // In the group's language (helper 134: the Chinese text carried the English summary).
        #expect(object["summary_zh"] as? String == "新开案件 0 个，已处理 0 个，期末待处理 0 个。")
        #expect(object["summary_en"] as? String == "Cases opened 0, resolved 0, open at the end 0.")
        let data = try #require(try JSONSerialization.jsonObject(with: Data(payload.utf8)) as? [String: Any])
        let values = data.compactMapValues { value -> JSONValue? in
            if let text = value as? String { return .string(text) }
            if let number = value as? Int { return .int(Int64(number)) }
            return nil
        }
        let text = try MessageTemplates.render(
            OutboundEvent(id: "evt_1", type: "fraud.report", communityID: "cmt_1", subject: "community:cmt_1", occurredAt: Date(), payload: .object(values)),
            options: ChatOptions())
        #expect(text.hasSuffix("新增风险信号：0 条\n新开案件 0 个，已处理 0 个，期末待处理 0 个。"), "\(text)")
    }

    /// The chat text's period names the residents' days: published at 04:00 on 2 January in
    /// Shanghai (20:00 UTC the day before), the week ends on the 2nd, not on UTC's 1st.
    @Test("the period is the community's local days")
    func localPeriod() throws {
        let bed = try LedgerTestBed(start: Date(timeIntervalSince1970: 1_767_297_600))  // 2026-01-01T20:00:00Z
        try bed.write { tx in _ = try FraudReportCommands.publish(tx, community: bed.community, period: 7 * 86_400, rules: ActiveRules()) }
        let payload = try #require(try bed.read { db in
            try String.fetchOne(db, sql: "SELECT payload_json FROM outbox_events WHERE event_type = 'fraud.report'")
        })
        let object = try #require(try JSONSerialization.jsonObject(with: Data(payload.utf8)) as? [String: Any])
        #expect(object["period"] as? String == "2025-12-26 – 2026-01-02")
    }

    /// Helper 161 #6: a report covers the time since the last one, not one period back from now:
    /// the job runs hourly once a period has passed, and after downtime the days between were
    /// never looked at. At most five periods back.
    @Test("a report reaches back to the last one, at most five periods")
    func coversTheTimeSinceTheLastReport() throws {
        let bed = try LedgerTestBed(start: Date(timeIntervalSince1970: 1_767_297_600))  // 2026-01-01T20:00:00Z
        let week: TimeInterval = 7 * 86_400
        func publish() throws -> String? {
            try bed.write { tx in _ = try FraudReportCommands.publish(tx, community: bed.community, period: week, rules: ActiveRules()) }
            let payload = try #require(try bed.read { db in
                try String.fetchOne(db, sql: "SELECT payload_json FROM outbox_events WHERE event_type = 'fraud.report' ORDER BY seq DESC LIMIT 1")
            })
            return try #require(try JSONSerialization.jsonObject(with: Data(payload.utf8)) as? [String: Any])["period"] as? String
        }
        #expect(try publish() == "2025-12-26 – 2026-01-02")
        bed.clock.advance(by: 10 * 86_400)  // three days down past the week
        #expect(try publish() == "2026-01-02 – 2026-01-12")
        bed.clock.advance(by: 60 * 86_400)
        #expect(try publish() == "2026-02-06 – 2026-03-13", "five weeks back at most")
    }
}
