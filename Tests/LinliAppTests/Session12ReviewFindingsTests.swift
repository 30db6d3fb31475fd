import Foundation
import GRDB
import LinliApp
import LinliDelivery
import LinliDomain
import LinliStore
import Logging
import ServiceLifecycle
import Synchronization
import Testing

/// Defects an adversarial review (session 12 review of `8a8406e..HEAD`) found in the delivery
/// worker. The test failed against the code under review and passes since the fix: a retry result
/// is written only over a pending row, and the worker cancels what its endpoint no longer takes.
@Suite(.serialized) struct Session12ReviewFindingsWorkerTests {
    /// A group robot that holds the first request until released, answers it 503 (retry), then
    /// accepts everything, keeping each text it was sent.
    final class HeldTransport: WebhookTransport {
        struct State {
            var bodies: [String] = []
            var firstArrived = false
            var released = false
        }
        let state = Mutex(State())

        func send(_ request: TransportRequest) async -> TransportResult {
            let first = state.withLock { state -> Bool in
                state.bodies.append(String(decoding: request.body, as: UTF8.self))
                defer { state.firstArrived = true }
                return !state.firstArrived
            }
            if first {
                while !state.withLock({ $0.released }) { try? await Task.sleep(for: .milliseconds(5)) }
                return TransportResult(statusCode: 503, bodyExcerpt: Data("busy".utf8))
            }
            return TransportResult(
                statusCode: 200, headers: [HTTPHeader(name: "content-type", value: "application/json")],
                bodyExcerpt: Data(#"{"errcode":0,"errmsg":"ok"}"#.utf8))
        }
    }

    /// 83a8bdd cancels the pending messages of a type the group no longer takes, but a message
    /// the worker has already claimed (in flight while the organizer removes the text) is written
    /// back `pending` by its retry result (`WebhookQueue.record` updates without looking at the
    /// status), undoing the cancellation; the next reload sends it with the generic fallback,
    /// `【member.verified】member:…`, which names the member. (The test used `member.notified` until
    /// such member-private types were refused for groups outright; `member.verified` has no shipped text either.)
    @Test func aMessageInFlightWhenItsTextIsRemovedComesBackAndGoesOutWithTheFallback() async throws {
        let setup = try WebhookWorkerTests.Setup()
        let store = setup.environment.store
        let group = try store.transactionSync { tx in
            try WebhookEndpointCommands.create(
                tx, principal: setup.admin,
                draft: EndpointDraft(
                    url: "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=abcdef", format: .wecom, events: ["*"],
                    chat: ChatOptions(templates: ["member.verified": "有居民完成了实名核验"])),
                actor: .commandLine
            ).endpoint
        }
        try setup.environment.store.transactionSync { tx in
            try tx.emit(setup.community, type: "member.verified", subject: "member:mem_reporter", payload: ["member_id": "mem_reporter"])
        }
        let transport = HeldTransport()
        let worker = WebhookWorker(
            store: store, transport: transport,
            settings: WebhookWorkerSettings(
                pollInterval: .milliseconds(10),
                // Retries two seconds apart: the worker's memory follows a change at its next recording
                // pass (moments later), and a retry due before that would go out with the endpoint as it
                // was before the change (its own text then, so harmless, but not what this test is about).
                policy: DeliveryPolicy(schedule: RetrySchedule(delays: [0, 2, 2, 2, 2], jitter: 0))),
            logger: setup.environment.logger)
        func status() throws -> String? {
            try setup.environment.database.readSync { db in
                try String.fetchOne(db, sql: "SELECT status FROM webhook_messages WHERE endpoint_id = ?", arguments: [group.id.rawValue])
            }
        }
        let step = Mutex(0)
        let started = Date()
        let settled = Mutex(Date.distantFuture)
        try await WebhookWorkerTests.run(worker) {
            switch step.withLock({ $0 }) {
            case 0:
                // The message is on its way: the organizer removes the group's text for it.
                guard transport.state.withLock({ $0.firstArrived }) else { return false }
                _ = try store.transactionSync { tx in
                    try WebhookEndpointCommands.update(
                        tx, principal: setup.admin, id: group.id, draft: EndpointDraft(chat: ChatOptions()), expectedVersion: nil,
                        actor: .commandLine)
                }
                transport.state.withLock { $0.released = true }
                step.withLock { $0 = 1 }
                return false
            case 1:
                // The 503 result is written; any later endpoint change (here its description) reloads the queue.
                guard try setup.environment.database.readSync({ db in
                    try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM webhook_attempts") ?? 0
                }) >= 1 else { return Date().timeIntervalSince(started) > 20 }
                _ = try store.transactionSync { tx in
                    try WebhookEndpointCommands.update(
                        tx, principal: setup.admin, id: group.id, draft: EndpointDraft(description: "居民群"), expectedVersion: nil,
                        actor: .commandLine)
                }
                step.withLock { $0 = 2 }
                settled.withLock { $0 = Date() }
                return false
            default:
                // Long enough for the retry (two seconds after the 503) to have gone out if it were still queued.
                return transport.state.withLock({ $0.bodies.count >= 2 }) || Date().timeIntervalSince(settled.withLock { $0 }) > 6
            }
        }
        let bodies = transport.state.withLock { $0.bodies }
        let final = try status()
        #expect(final == "cancelled", "the cancelled message is \(final ?? "gone") again")
        #expect(bodies.count == 1, "sent again after its text was removed: \(bodies.dropFirst())")
        #expect(!bodies.dropFirst().contains { $0.contains("mem_reporter") }, "the fallback named the member: \(bodies.dropFirst())")
    }
}
