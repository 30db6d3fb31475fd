import Foundation
import GRDB
import LinliApp
import LinliCurl
import LinliDelivery
import LinliDomain
import LinliStore
import LinliTestReceivers
import LinliTestSupport
import Logging
import ServiceLifecycle
import Synchronization
import Testing

/// The delivery worker end to end: outbox → fan-out → libcurl → a real local receiver → results.
@Suite(.serialized) struct WebhookWorkerTests {
    struct Setup {
        let environment: LinliEnvironment
        let admin: Principal
        let community: CommunityID
        let transport: CurlTransport
        let transportConfiguration: CurlTransportConfiguration
        /// Removed with the fixture.
        let scratch: TemporaryDirectory

        /// - Parameter totalTimeout: how long one delivery may take. Generous by default: on a
        ///   loaded machine the in-process receiver can stall for seconds, and a request that times
        ///   out after the receiver took it is sent again (at least once), which tests counting
        ///   deliveries would read as a duplicate.
        init(totalTimeout: Duration = .seconds(30)) throws {
            scratch = try TemporaryDirectory(prefix: "linli-wh")
            let path = scratch.url.appendingPathComponent("linli.sqlite").path
            let configuration = try ConfigurationLoader.load(file: nil, environment: [:], flags: ["database.path": path])
            var logger = Logger(label: "test")
            logger.logLevel = .critical
            let environment = try LinliEnvironment(configuration: configuration, logger: logger)
            self.environment = environment
            let boot = try environment.store.transactionSync { tx in
                try CommunityCommands.create(
                    tx, input: NewCommunityInput(name: "推送测试", timezone: nil, adminDisplayName: "管理员", adminPhone: nil),
                    rules: environment.defaultRules, principal: nil, actor: .commandLine)
            }
            community = boot.community.id
            admin = Principal(communityID: community, memberID: boot.admin.id, role: .admin, tokenID: boot.token.token.id)
            transportConfiguration = CurlTransportConfiguration(
                connectTimeout: .seconds(2), totalTimeout: totalTimeout, addressPolicy: try AddressPolicy(allowing: ["127.0.0.0/8"]))
            transport = try CurlTransport(configuration: transportConfiguration)
        }

        func endpoint(_ url: String, events: [String] = ["*"]) throws -> EndpointWithSecret {
            try environment.store.transactionSync { tx in
                try WebhookEndpointCommands.create(
                    tx, principal: admin, draft: EndpointDraft(url: url, format: .standard, events: events), actor: .commandLine)
            }
        }

        /// Writes `count` outbox events of one subject (as any state change would).
        func emit(_ type: String, subject: String, count: Int = 1) throws {
            try environment.store.transactionSync { tx in
                for index in 0..<count {
                    try tx.emit(community, type: type, subject: subject, payload: ["n": index])
                }
            }
        }

        /// - Parameter store: another server's store on the same file (default: this one's).
        func worker(
            schedule: [TimeInterval] = [0, 0.05, 0.05, 0.05, 0.05], poll: Duration = .milliseconds(10), queueWindow: Int = 1_000,
            laneWindow: Int = 16, store: Store? = nil
        ) -> WebhookWorker {
            // A transport of its own, as each server process has: a worker torn down (cancelled)
            // ends its transport's requests and it sends no more.
            WebhookWorker(
                store: store ?? environment.store, transport: (try? CurlTransport(configuration: transportConfiguration)) ?? transport,
                settings: WebhookWorkerSettings(
                    pollInterval: poll, queueWindow: queueWindow, laneWindow: laneWindow,
                    policy: DeliveryPolicy(schedule: RetrySchedule(delays: schedule, jitter: 0))),
                logger: environment.logger)
        }

        /// True once `count` messages exist and all are delivered.
        func allDelivered(_ count: Int) throws -> Bool {
            let rows = try messages()
            return rows.count == count && rows.allSatisfy { $0["status"] == "delivered" }
        }

        func messages() throws -> [Row] {
            try environment.database.readSync { db in try Row.fetchAll(db, sql: "SELECT * FROM webhook_messages ORDER BY event_seq") }
        }
    }

    /// Runs the worker until `done` holds (or 120 s pass: generous, because a loaded CI machine
    /// can stall the cooperative pool for seconds), then shuts it down gracefully.
    static func run(_ worker: WebhookWorker, until done: @escaping @Sendable () throws -> Bool) async throws {
        let group = ServiceGroup(services: [worker], logger: Logger(label: "test"))
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            let deadline = Date().addingTimeInterval(120)
            while try !done(), Date() < deadline { try await Task.sleep(for: .milliseconds(20)) }
            await group.triggerGracefulShutdown()
            try await tasks.waitForAll()
        }
    }

    /// A committed event wakes the worker: with a 10-minute poll interval, an event committed while
    /// it waits is still delivered and recorded (it would otherwise sit for ten minutes).
    @Test func aCommittedEventWakesAnIdleWorker() async throws {
        let setup = try Setup()
        try await ScriptedReceiver.with { receiver, base in
            receiver.script("/hook", statuses: [200])
            _ = try setup.endpoint(base + "/hook")
            let worker = setup.worker(poll: .seconds(600))
            let group = ServiceGroup(services: [worker], logger: Logger(label: "test"))
            try await withThrowingTaskGroup(of: Void.self) { tasks in
                tasks.addTask { try await group.run() }
                try await Task.sleep(for: .milliseconds(300))  // the worker has done its first round and waits
                let committed = ContinuousClock.now
                try setup.emit("listing.published", subject: "listing:1")
                while try !setup.allDelivered(1), ContinuousClock.now - committed < .seconds(300) {
                    try await Task.sleep(for: .milliseconds(10))
                }
                let waited = ContinuousClock.now - committed
                await group.triggerGracefulShutdown()
                try await tasks.waitForAll()
                #expect(try setup.allDelivered(1))
                #expect(waited < .seconds(300), "woken by the commit, not by the 10-minute poll")
            }
            #expect(receiver.received(on: "/hook").count == 1)
        }
    }

    /// Helper 151 #1: a consumer answering 429 asks for a pause; the refused message waits for its
    /// retry, and so does everything else for that endpoint (other subjects, new events), instead
    /// of each being sent into the pause and spending a retry.
    @Test func aStandardEndpointsTooManyRequestsHoldsItsOtherMessages() async throws {
        let setup = try Setup()
        try await ScriptedReceiver.with { receiver, base in
            receiver.script("/busy", statuses: [429, 200, 200, 200])
            _ = try setup.endpoint(base + "/busy")
            let group = ServiceGroup(services: [setup.worker()], logger: Logger(label: "test"))
            try await withThrowingTaskGroup(of: Void.self) { tasks in
                tasks.addTask { try await group.run() }
                try setup.emit("listing.published", subject: "listing:1")
                let deadline = ContinuousClock.now + .seconds(60)
                while receiver.received(on: "/busy").isEmpty, ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(10)) }
                try await Task.sleep(for: .milliseconds(200))  // the 429 is applied
                try setup.emit("listing.published", subject: "listing:2")
                try setup.emit("member.joined", subject: "member:3")
                try await Task.sleep(for: .seconds(1))
                await group.triggerGracefulShutdown()
                try await tasks.waitForAll()
            }
            #expect(receiver.received(on: "/busy").count == 1, "new messages waited out the 60 s pause")
        }
    }

    /// Helper 159 #9: the receiver's pause outlives the worker. A 503 with an hour's `Retry-After`,
    /// then a restart: the new worker holds the endpoint's new messages too (it had forgotten a
    /// 503's pause and rebuilt a 429's at the 60 s floor only).
    @Test func aReceiversPauseHoldsAfterARestart() async throws {
        let setup = try Setup()
        try await ScriptedReceiver.with { receiver, base in
            receiver.script("/busy", statuses: [503, 200, 200])
            receiver.answerHeaders("/busy", ["Retry-After": "3600"])
            let created = try setup.endpoint(base + "/busy")
            try setup.emit("listing.published", subject: "listing:1")
            try await Self.run(setup.worker()) {
                try setup.environment.database.readSync { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM webhook_attempts") } == 1
            }
            let stored = try setup.environment.database.readSync { db in
                try String.fetchOne(db, sql: "SELECT paused_until FROM webhook_endpoints WHERE id = ?", arguments: [created.endpoint.id.rawValue])
            }
            #expect(stored != nil, "the pause is kept with the endpoint")

            let group = ServiceGroup(services: [setup.worker()], logger: Logger(label: "test"))
            try await withThrowingTaskGroup(of: Void.self) { tasks in
                tasks.addTask { try await group.run() }
                try setup.emit("listing.published", subject: "listing:2")
                try setup.emit("member.joined", subject: "member:3")
                try await Task.sleep(for: .seconds(1))
                await group.triggerGracefulShutdown()
                try await tasks.waitForAll()
            }
            #expect(receiver.received(on: "/busy").count == 1, "the restarted worker waited out the receiver's hour")
        }
    }

    @Test func retriesUntilSuccessWithOneWebhookIDAndFourLoggedAttempts() async throws {
        let setup = try Setup()
        try await ScriptedReceiver.with { receiver, base in
            receiver.script("/hook", statuses: [500, 500, 500, 200])
            _ = try setup.endpoint(base + "/hook")
            try setup.emit("member.verified", subject: "member:1")
            try await Self.run(setup.worker()) { try setup.messages().first?["status"] == "delivered" }
            let hits = receiver.received(on: "/hook")
            #expect(hits.count == 4)
            #expect(Set(hits.compactMap { $0.headers["webhook-id"] }).count == 1)
            let attempts = try setup.environment.database.readSync { db in
                try Row.fetchAll(db, sql: "SELECT number, status_code, outcome FROM webhook_attempts ORDER BY number")
            }
            #expect(attempts.map { $0["status_code"] as Int? } == [500, 500, 500, 200])
            #expect(attempts.map { $0["number"] as Int } == [1, 2, 3, 4])
        }
    }

    @Test func anIndependentStandardWebhooksVerifierAcceptsLiveDeliveries() async throws {
        let setup = try Setup()
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Support/standard_webhooks_receiver.py")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        // The endpoint's secret is only known after creation, so create it against a placeholder
        // URL first, then point it at the verifier.
        let created = try setup.endpoint("http://127.0.0.1:9/placeholder")
        process.arguments = ["python3", script.path, "--secret", try #require(created.secret), "--seconds", "600"]
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        let lines = PipeCollector(output)
        let complaints = PipeCollector(errors)
        try await ProcessLaunch.start(process)
        defer { process.terminate() }
        // The port line; end of file before it: the verifier could not start (e.g. the
        // `standardwebhooks` package is missing; `scripts/test.sh` installs it). Fail, don't spin.
        let buffer = await lines.wait(timeout: .seconds(60)) { $0.contains("\n") }
        guard buffer.contains("\n") else {
            Issue.record("the independent verifier did not start listening: \(await complaints.wait(timeout: .seconds(5)))")
            return
        }
        let port = try #require(Int(buffer.split(separator: "\n")[0].trimmingCharacters(in: .whitespaces)))
        _ = try setup.environment.store.transactionSync { tx in
            try WebhookEndpointCommands.update(
                tx, principal: setup.admin, id: created.endpoint.id, draft: EndpointDraft(url: "http://127.0.0.1:\(port)/verify"),
                expectedVersion: nil, actor: .commandLine)
        }
        try setup.emit("listing.published", subject: "listing:1", count: 3)
        try await Self.run(setup.worker()) { try setup.allDelivered(3) }
        let verdicts = { (text: String) in text.split(separator: "\n").dropFirst().map(String.init) }
        let all = verdicts(await lines.wait(timeout: .seconds(5)) { verdicts($0).count >= 3 })
        #expect(all.count == 3)
        #expect(all.allSatisfy { $0.hasPrefix("ok evt_") }, "\(all)")
    }

    @Test func messagesOfOneSubjectArriveInOrderDespiteRetries() async throws {
        let setup = try Setup()
        try await ScriptedReceiver.with { receiver, base in
            receiver.script("/ordered", statuses: [503, 503])
            _ = try setup.endpoint(base + "/ordered")
            try setup.emit("listing.revalued", subject: "listing:42", count: 5)
            try await Self.run(setup.worker()) { try setup.allDelivered(5) }
            let delivered = receiver.received(on: "/ordered")
            // Only successful receipts count for order: drop the two refused first attempts.
            let numbers = delivered.dropFirst(2).compactMap { hit -> Int? in
                let object = try? JSONSerialization.jsonObject(with: hit.body) as? [String: Any]
                return (object?["data"] as? [String: Any])?["n"] as? Int
            }
            #expect(numbers == [0, 1, 2, 3, 4], "\(delivered.map { String(decoding: $0.body, as: UTF8.self) })")
        }
    }

    /// Both fast deliveries arrive while the slow endpoint's first request is still unanswered:
    /// no attempt of its has finished, so nothing waited for it (checked by order, not by clock).
    @Test func aHangingEndpointDoesNotDelayTheOthers() async throws {
        let setup = try Setup(totalTimeout: .seconds(10))
        try await ScriptedReceiver.with { receiver, base in
            receiver.delay("/slow", by: .seconds(30))  // the transport gives up at 10 s
            let slow = try setup.endpoint(base + "/slow").endpoint.id
            _ = try setup.endpoint(base + "/fast")
            try setup.emit("member.joined", subject: "member:1")
            try setup.emit("member.joined", subject: "member:2")
            let slowAttempts = AttemptCount()
            try await Self.run(setup.worker()) {
                guard receiver.received(on: "/fast").count == 2 else { return false }
                let attempts = try setup.environment.database.readSync { db in
                    try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM webhook_attempts WHERE endpoint_id = ?", arguments: [slow.rawValue])
                }
                slowAttempts.value.withLock { $0 = attempts }
                return true
            }
            #expect(receiver.received(on: "/fast").count == 2)
            #expect(slowAttempts.value.withLock { $0 } == 0, "the fast deliveries came after the slow endpoint's request had ended")
        }
    }

    /// The notice also carries what the chat templates render: the failing endpoint's description
    /// and its URL, masked (the query may hold a robot's key).
    @Test func goneEndpointsAreDisabledAndOtherEndpointsHearAboutIt() async throws {
        let setup = try Setup()
        try await ScriptedReceiver.with { receiver, base in
            receiver.script("/gone", statuses: [410])
            let gone = try setup.environment.store.transactionSync { tx in
                try WebhookEndpointCommands.create(
                    tx, principal: setup.admin,
                    draft: EndpointDraft(
                        url: base + "/gone?key=0123456789abcdef", format: .standard, events: ["member.*"], description: "物业群"),
                    actor: .commandLine)
            }
            _ = try setup.endpoint(base + "/ops", events: ["endpoint.failing"])
            try setup.emit("member.joined", subject: "member:1")
            try await Self.run(setup.worker()) { !receiver.received(on: "/ops").isEmpty }
            let endpoint = try setup.environment.database.readSync { db in
                try WebhookEndpointCommands.fetch(db, principal: setup.admin, id: gone.endpoint.id, now: Date())
            }
            #expect(endpoint.endpoint.enabled == false)
            #expect(endpoint.disabledReason?.contains("410") == true)
            let notice = try #require(receiver.received(on: "/ops").first)
            let object = try #require(try JSONSerialization.jsonObject(with: notice.body) as? [String: Any])
            #expect(object["type"] as? String == "endpoint.failing")
            let data = try #require(object["data"] as? [String: Any])
            #expect(data["endpoint_id"] as? String == gone.endpoint.id.rawValue)
            #expect(data["endpoint_description"] as? String == "物业群")
            #expect(data["endpoint_url"] as? String == gone.endpoint.endpoint.maskedURL)
            #expect((data["endpoint_url"] as? String)?.contains("0123456789abcdef") == false)
        }
    }

    /// Session 32 walk (helper 107): a message given up at once (a redirect, 413) told nobody,
    /// and the endpoint's health kept only when its streak began. Now the ops group hears it, and
    /// the latest failure is stored beside the streak's start.
    @Test func aMessageGivenUpAtOnceIsAnnouncedAndItsFailureStored() async throws {
        let setup = try Setup()
        try await ScriptedReceiver.with { receiver, base in
            receiver.script("/moved", statuses: [301])
            let moved = try setup.endpoint(base + "/moved", events: ["member.*"])
            _ = try setup.endpoint(base + "/ops", events: ["endpoint.failing"])
            try setup.emit("member.joined", subject: "member:1")
            try await Self.run(setup.worker()) { !receiver.received(on: "/ops").isEmpty }
            let notice = try #require(receiver.received(on: "/ops").first)
            let object = try #require(try JSONSerialization.jsonObject(with: notice.body) as? [String: Any])
            let data = try #require(object["data"] as? [String: Any])
            #expect(data["endpoint_id"] as? String == moved.endpoint.id.rawValue)
            #expect(data["disabled"] as? Bool == false)
            #expect((data["reason_code"] as? String)?.hasPrefix("http.") == true, "\(data)")
            let health = try setup.environment.database.readSync { db in
                try Row.fetchOne(db, sql: "SELECT failing_since, last_failure_at, enabled FROM webhook_endpoints WHERE id = ?",
                                 arguments: [moved.endpoint.id.rawValue])
            }
            #expect(health?["failing_since"] as String? != nil)
            #expect(health?["last_failure_at"] as String? == health?["failing_since"] as String?)
            #expect(health?["enabled"] as Bool? == true)
        }
    }

    @Test func aCrashLosesNothingAndRedeliversWithTheSameIDs() async throws {
        let setup = try Setup()
        try await ScriptedReceiver.with { receiver, base in
            receiver.delay("/crash", by: .milliseconds(300))
            _ = try setup.endpoint(base + "/crash")
            try setup.emit("member.joined", subject: "member:a", count: 3)
            try setup.emit("member.joined", subject: "member:b", count: 3)
            // First run: cancelled abruptly (not a graceful shutdown) while requests are in flight,
            // as a crash would: results still in memory are lost.
            let first = setup.worker()
            let task = Task { try await first.run() }
            while receiver.received(on: "/crash").isEmpty { try await Task.sleep(for: .milliseconds(10)) }
            task.cancel()
            _ = await task.result
            let beforeRestart = Set(receiver.received(on: "/crash").compactMap { $0.headers["webhook-id"] })
            // Second run: a fresh worker on the same database delivers everything.
            try await Self.run(setup.worker()) { try setup.allDelivered(6) }
            let eventIDs = Set(try setup.messages().map { $0["event_id"] as String })
            let delivered = Set(receiver.received(on: "/crash").compactMap { $0.headers["webhook-id"] })
            #expect(eventIDs.count == 6)
            #expect(delivered == eventIDs)
            #expect(beforeRestart.isSubset(of: eventIDs))
        }
    }

    /// A resend (by the API, while the worker runs) goes out again with the same webhook-id: the
    /// worker notices a change it did not make and reloads its in-memory queue.
    @Test func aMessageResentWhileTheWorkerRunsIsDeliveredAgain() async throws {
        let setup = try Setup()
        try await ScriptedReceiver.with { receiver, base in
            receiver.script("/again", statuses: [200, 200])
            _ = try setup.endpoint(base + "/again")
            try setup.emit("listing.published", subject: "listing:1")
            let worker = setup.worker(poll: .seconds(600))
            let group = ServiceGroup(services: [worker], logger: Logger(label: "test"))
            try await withThrowingTaskGroup(of: Void.self) { tasks in
                tasks.addTask { try await group.run() }
                let deadline = Date().addingTimeInterval(120)
                while try !setup.allDelivered(1), Date() < deadline { try await Task.sleep(for: .milliseconds(10)) }
                let id = WebhookMessageID(trusted: try #require(try setup.messages().first)["id"] as String)
                _ = try await setup.environment.store.transaction { [admin = setup.admin] tx in
                    try WebhookMessageCommands.resend(tx, principal: admin, id: id, actor: .commandLine)
                }
                while receiver.received(on: "/again").count < 2, Date() < deadline { try await Task.sleep(for: .milliseconds(10)) }
                while try !setup.allDelivered(1), Date() < deadline { try await Task.sleep(for: .milliseconds(10)) }
                await group.triggerGracefulShutdown()
                try await tasks.waitForAll()
            }
            let hits = receiver.received(on: "/again")
            #expect(hits.count == 2)
            #expect(Set(hits.compactMap { $0.headers["webhook-id"] }).count == 1)
            #expect(try setup.allDelivered(1))
        }
    }

    /// Session 27 review (helper 83): during a rolling update two servers share the file. Another
    /// process fanned out an event (its worker wrote the pending message and moved the cursor),
    /// then stopped without sending it; this worker never read that row (no commit hook fires
    /// across processes, and its lane was not truncated), so the message stayed pending until a
    /// restart. Finding the cursor where its own last fan-out did not leave it, the worker reloads.
    @Test func messagesAnotherProcessFannedOutAreDelivered() async throws {
        let setup = try Setup()
        try await ScriptedReceiver.with { receiver, base in
            _ = try setup.endpoint(base + "/shared")
            try setup.emit("listing.published", subject: "listing:1")
            let worker = setup.worker(poll: .milliseconds(10))
            let group = ServiceGroup(services: [worker], logger: Logger(label: "test"))
            try await withThrowingTaskGroup(of: Void.self) { tasks in
                tasks.addTask { try await group.run() }
                let deadline = Date().addingTimeInterval(120)
                while try !setup.allDelivered(1), Date() < deadline { try await Task.sleep(for: .milliseconds(10)) }
                // The other server: its own connections to the same file, its event and its fan-out
                // in one transaction (this worker never sees the event unconsumed).
                var logger = Logger(label: "other")
                logger.logLevel = .critical
                let other = try LinliEnvironment(configuration: setup.environment.configuration, logger: logger)
                try other.store.transactionSync { [community = setup.community] tx in
                    try tx.emit(community, type: "listing.published", subject: "listing:2", payload: ["n": 2])
                    try WebhookQueue.fanOut(tx, batch: 100)
                }
                while try !setup.allDelivered(2), Date() < deadline { try await Task.sleep(for: .milliseconds(10)) }
                await group.triggerGracefulShutdown()
                try await tasks.waitForAll()
                try other.database.close()
            }
            #expect(try setup.allDelivered(2))
            #expect(receiver.received(on: "/shared").count == 2)
        }
    }

    /// Helper 119: while two servers shared the file (a rolling update), each loaded the other's
    /// pending messages and sent them too, so every chat group read every announcement twice. One
    /// holds the sender lock and sends everything, events the other wrote included; the other
    /// takes over once it stops. A resend made through the other server's API is noticed
    /// (`PRAGMA data_version`) and sent again.
    @Test func twoServersOnOneDatabaseSendEachMessageOnce() async throws {
        let setup = try Setup()
        try await ScriptedReceiver.with { receiver, base in
            _ = try setup.endpoint(base + "/both")
            var logger = Logger(label: "other")
            logger.logLevel = .critical
            let other = try LinliEnvironment(configuration: setup.environment.configuration, logger: logger)
            let firstGroup = ServiceGroup(services: [setup.worker()], logger: Logger(label: "test"))
            let secondGroup = ServiceGroup(services: [setup.worker(store: other.store)], logger: Logger(label: "test"))
            try await withThrowingTaskGroup(of: Void.self) { tasks in
                tasks.addTask { try await firstGroup.run() }
                try await Task.sleep(for: .milliseconds(100))
                tasks.addTask { try await secondGroup.run() }
                let deadline = Date().addingTimeInterval(120)
                for index in 0..<30 {
                    let store = index.isMultiple(of: 2) ? setup.environment.store : other.store
                    try store.transactionSync { [community = setup.community] tx in
                        try tx.emit(community, type: "listing.published", subject: "listing:\(index)", payload: ["n": index])
                    }
                }
                while try !setup.allDelivered(30), Date() < deadline { try await Task.sleep(for: .milliseconds(10)) }
                // A resend through the other server's API: the sending server hears of it.
                let id = WebhookMessageID(trusted: try #require(try setup.messages().first)["id"] as String)
                _ = try await other.store.transaction { [admin = setup.admin] tx in
                    try WebhookMessageCommands.resend(tx, principal: admin, id: id, actor: .commandLine)
                }
                while receiver.received(on: "/both").count < 31, Date() < deadline { try await Task.sleep(for: .milliseconds(10)) }
                // The sending server stops; the other takes over and sends what comes next.
                await firstGroup.triggerGracefulShutdown()
                try other.store.transactionSync { [community = setup.community] tx in
                    for index in 30..<35 {
                        try tx.emit(community, type: "listing.published", subject: "listing:\(index)", payload: ["n": index])
                    }
                }
                while try !setup.allDelivered(35), Date() < deadline { try await Task.sleep(for: .milliseconds(10)) }
                await secondGroup.triggerGracefulShutdown()
                try await tasks.waitForAll()
            }
            try other.database.close()
            let arrivals = receiver.received(on: "/both").compactMap { $0.headers["webhook-id"] }
            #expect(try setup.allDelivered(35))
            #expect(arrivals.count == 36, "each message once, the resent one twice")
            #expect(Set(arrivals).count == 35)
        }
    }

    /// Helper 122: a lock file that cannot be opened (here a directory stands at its path) was
    /// taken for another server's lock, and nothing was ever sent. The worker sends without it,
    /// saying so at error level.
    @Test func aLockThatCannotBeTakenDoesNotStopDeliveries() async throws {
        let setup = try Setup()
        try await ScriptedReceiver.with { receiver, base in
            _ = try setup.endpoint(base + "/unlocked")
            let path = try #require(setup.environment.database.path) + "-webhooks.lock"
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: false)
            try setup.emit("listing.published", subject: "listing:1", count: 3)
            try await Self.run(setup.worker()) { try setup.allDelivered(3) }
            #expect(try setup.allDelivered(3))
            #expect(receiver.received(on: "/unlocked").count == 3)
        }
    }

    /// More pending messages than the worker keeps in memory per endpoint: the rest wait in the
    /// database, are read back as the window drains, and arrive in order.
    @Test func aBacklogLongerThanTheInMemoryWindowIsDeliveredInOrder() async throws {
        let setup = try Setup()
        try await ScriptedReceiver.with { receiver, base in
            receiver.script("/backlog", statuses: [503])
            _ = try setup.endpoint(base + "/backlog")
            try setup.emit("listing.revalued", subject: "listing:7", count: 20)
            try await Self.run(setup.worker(queueWindow: 4, laneWindow: 2)) { try setup.allDelivered(20) }
            let numbers = receiver.received(on: "/backlog").dropFirst().compactMap { hit -> Int? in
                let object = try? JSONSerialization.jsonObject(with: hit.body) as? [String: Any]
                return (object?["data"] as? [String: Any])?["n"] as? Int
            }
            #expect(numbers == Array(0..<20))
        }
    }
}

/// What a `run` condition saw, read after the worker stopped.
private final class AttemptCount: Sendable {
    let value = Mutex<Int?>(nil)
}
