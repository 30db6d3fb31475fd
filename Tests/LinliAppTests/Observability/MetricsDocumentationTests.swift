import Foundation
import GRDB
import LinliApp
import LinliDomain
import LinliStore
import LinliTestSupport
import Testing

/// deploy/OPERATIONS.md listed five of the series `/metrics` exposes; the webhook and review
/// queue ones, which are what an operator alerts on, were nowhere (session-17 operations walk).
/// Every series family the service can expose must be in its table, and nothing else.
@Suite struct MetricsDocumentationTests {
    @Test func theOperationsTableListsEverySeries() throws {
        let temporary = try TemporaryDirectory(prefix: "linli-metrics")
        let database = try AppDatabase(path: temporary.url.appendingPathComponent("m.sqlite").path)
        let metrics = LinliMetrics()
        metrics.attach(database: database)
        metrics.requestFinished(method: "GET", route: "/healthz", status: 200, duration: .milliseconds(1))
        metrics.attemptFinished(outcome: "delivered", latencySeconds: 0.2)
        metrics.queueObserved(pending: 1, oldestPendingSeconds: 3)
        metrics.reviewQueueObserved(community: CommunityID(trusted: "com_1"), health: ReviewQueueHealth(
            pendingCount: 1, claimedCount: 0, oldestPendingAgeSeconds: 60, windowDays: 7, decidedInWindow: 2,
            medianDecisionSeconds: 30, moderators: []))
        _ = try database.readSync { db in try Int.fetchOne(db, sql: "SELECT 1") }
        let exposed = Set(metrics.exposition().split(separator: "\n").compactMap { line -> String? in
            guard line.hasPrefix("# TYPE ") else { return nil }
            return line.split(separator: " ").dropFirst(2).first.map(String.init)
        })
        let operations = try String(contentsOf: URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("deploy/OPERATIONS.md"), encoding: .utf8)
        let table = try #require(operations.range(of: "### Metrics")).upperBound
        let documented = Set(operations[table...].split(separator: "\n").filter { $0.hasPrefix("| `linli_") }
            .flatMap { row in row.split(separator: "|")[0].matches(of: /`(linli_[a-z_]+)`/).map { String($0.1) } })
        #expect(exposed.contains("linli_db_transaction_duration_seconds"), "\(exposed.sorted())")
        #expect(documented == exposed, "undocumented: \(exposed.subtracting(documented).sorted()); not exposed: \(documented.subtracting(exposed).sorted())")
    }
}
