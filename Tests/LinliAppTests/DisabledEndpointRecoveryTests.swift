import Foundation
import GRDB
import LinliApp
import LinliDelivery
import LinliDomain
import LinliStore
import LinliTestReceivers
import Synchronization
import Testing

/// Found by review 8d (each test failed on the code it was written against): delivery through the real worker, libcurl and a local receiver.
@Suite(.serialized) struct DisabledEndpointRecoveryTests {
    /// What a user sees now: a receiver answers 410 once (say, a misconfigured reverse proxy at
    /// night); the worker disables the endpoint and raises `endpoint.failing`, as documented. The
    /// service keeps running and residents keep acting: those events are fanned out while the
    /// endpoint is disabled, so no message is ever created for it. In the morning the organizer
    /// fixes the receiver, re-enables the endpoint and calls `POST …/recover` with a `since` before
    /// the outage — which OpenAPI describes as the way "re-enabling an endpoint and recovering
    /// brings its backlog back" — and gets only the message that hit the 410. Every event of the
    /// outage is lost for this endpoint, without a trace in its message list.
    /// What should happen: events raised while an endpoint was disabled *automatically* are kept
    /// for it (as cancelled messages `recover` requeues, like the backlog cancelled at the moment
    /// of disabling), so re-enable + recover delivers all of them.
    @Test func eventsRaisedWhileAnEndpointIsDisabledAreRecovered() async throws {
        let setup = try WebhookWorkerTests.Setup()
        try await ScriptedReceiver.with { receiver, base in
            receiver.script("/proxy", statuses: [410])
            let endpoint = try setup.endpoint(base + "/proxy", events: ["member.*"]).endpoint.id
            try setup.emit("member.joined", subject: "member:night-1")
            // Worker 1: the 410 disables the endpoint; two more events happen during the outage
            // and are fanned out by the running worker.
            let outage = setup.worker()
            let emitted = Once()
            try await WebhookWorkerTests.run(outage) {
                let disabled = try setup.environment.database.readSync { db in
                    try Bool.fetchOne(db, sql: "SELECT enabled = 0 FROM webhook_endpoints WHERE id = ?", arguments: [endpoint.rawValue])
                } ?? false
                guard disabled else { return false }
                if emitted.first() {
                    try setup.emit("member.joined", subject: "member:night-2")
                    try setup.emit("member.verified", subject: "member:night-3")
                }
                return try setup.environment.database.readSync { db in
                    let cursor = try Int64.fetchOne(db, sql: "SELECT last_seq FROM webhook_fanout_cursor WHERE name = 'outbox'") ?? 0
                    let last = try Int64.fetchOne(db, sql: "SELECT MAX(seq) FROM outbox_events") ?? 0
                    return cursor >= last
                }
            }
            // Morning: re-enable and recover everything since before the outage.
            try WebhookRecoverTests.setEnabled(setup, endpoint, true)
            let requeued = try WebhookRecoverTests.recover(setup, endpoint, since: Date(timeIntervalSince1970: 0))
            try await WebhookWorkerTests.run(setup.worker()) {
                try setup.messages().allSatisfy { $0["status"] as String == "delivered" }
            }
            let subjects = receiver.received(on: "/proxy").compactMap { hit -> String? in
                (try? JSONSerialization.jsonObject(with: hit.body) as? [String: Any])?["subject"] as? String
            }
            #expect(requeued == 3, "recover requeued \(requeued) message(s)")
            #expect(subjects.contains("member:night-2"), "an event of the outage never arrived: \(subjects)")
            #expect(subjects.contains("member:night-3"), "an event of the outage never arrived: \(subjects)")
        }
    }
}

/// True the first time only.
private final class Once: Sendable {
    private let done = Mutex(false)
    func first() -> Bool { done.withLock { done in defer { done = true }; return !done } }
}
