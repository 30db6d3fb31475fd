import Foundation
import LinliApp
import LinliDelivery
import LinliDomain
import LinliStore
import LinliTestReceivers
import Logging
import Testing

/// Found by review 8d (each test failed on the code it was written against): configuration values `linli config` accepts that the service cannot run with.
@Suite struct RetryScheduleConfigurationTests {
    /// What a user sees now: `webhooks.retry_schedule_seconds: 0,5,inf` (or `1e400`, which also
    /// parses to infinity) passes validation — `linli config` says "configuration is valid" and
    /// `linli serve` starts — because every `Double` that is `>= 0` is accepted. The first delivery
    /// that needs that retry gets an infinite delay (`inf` × jitter), its next attempt is scheduled
    /// at an infinite date, and the server process traps (see the exit test below: SIGILL).
    /// What should happen: the value is refused before any port is bound (exit status 78, "must be
    /// 1 to 30 non-negative numbers of seconds"), like any other invalid setting.
    @Test func retryScheduleWithAnInfiniteDelayIsRefused() throws {
        for schedule in ["0,5,inf", "0,5,1e400", "0,infinity"] {
            #expect(throws: ConfigurationError.self, "schedule \(schedule) is accepted") {
                try ConfigurationLoader.load(file: nil, environment: ["LINLI_WEBHOOKS_RETRY_SCHEDULE_SECONDS": schedule], flags: [:])
            }
        }
    }

    /// The first value is the first attempt, which goes as soon as the event is fanned out: a
    /// schedule starting `60,…` read as "wait a minute first" and was silently sent at once
    /// (session 15 review), so it is refused with a message that says what the values mean.
    @Test func aScheduleThatDoesNotStartWithZeroIsRefused() throws {
        for schedule in ["60,300", "5"] {
            let error = try #require(throws: ConfigurationError.self, "schedule \(schedule) is accepted") {
                try ConfigurationLoader.load(file: nil, environment: ["LINLI_WEBHOOKS_RETRY_SCHEDULE_SECONDS": schedule], flags: [:])
            }
            #expect("\(error)".contains("must start with 0"), "\(error)")
        }
        #expect(throws: Never.self) {
            try ConfigurationLoader.load(file: nil, environment: ["LINLI_WEBHOOKS_RETRY_SCHEDULE_SECONDS": "0,60"], flags: [:])
        }
    }

    /// The consequence of the accepted value, through the real delivery worker built from the
    /// configuration (`WebhookComponents`, as `linli serve` builds it) and a local receiver that
    /// answers 503 once: the retry is scheduled an infinite time ahead and the process dies with
    /// SIGILL (with `0,5` instead of `0,inf` the same child exits normally). The child
    /// should exit normally — the configuration refused (what should happen), or the message
    /// left pending at a finite time.
    @Test func anInfiniteRetryDelayNeverReachesTheDeliveryWorker() async {
        await #expect(processExitsWith: .success) {
            let path = FileManager.default.temporaryDirectory.appendingPathComponent("linli-r8d-\(UUID().uuidString).sqlite").path
            guard let configuration = try? ConfigurationLoader.load(
                file: nil,
                environment: ["LINLI_WEBHOOKS_RETRY_SCHEDULE_SECONDS": "0,inf", "LINLI_WEBHOOKS_ALLOW_PRIVATE_CIDRS": "127.0.0.0/8"],
                flags: ["database.path": path])
            else { return }  // refused before anything runs: what should happen
            let logger = { () -> Logger in
                var logger = Logger(label: "r8d")
                logger.logLevel = .critical
                return logger
            }()
            let environment = try LinliEnvironment(configuration: configuration, logger: logger)
            let boot = try environment.store.transactionSync { tx in
                try CommunityCommands.create(
                    tx, input: NewCommunityInput(name: "重试测试", timezone: nil, adminDisplayName: "管理员", adminPhone: nil),
                    rules: environment.defaultRules, principal: nil, actor: .commandLine)
            }
            let admin = Principal(communityID: boot.community.id, memberID: boot.admin.id, role: .admin, tokenID: boot.token.token.id)
            try await ScriptedReceiver.with { receiver, base in
                receiver.script("/hook", statuses: [503])
                try environment.store.transactionSync { tx in
                    _ = try WebhookEndpointCommands.create(
                        tx, principal: admin, draft: EndpointDraft(url: base + "/hook", format: .standard, events: ["*"]),
                        actor: .commandLine)
                    try tx.emit(boot.community.id, type: "member.verified", subject: "member:1", payload: ["n": 1])
                }
                let worker = WebhookWorker(
                    store: environment.store, transport: try WebhookComponents.transport(configuration),
                    settings: WebhookComponents.settings(configuration), logger: logger)
                try await WebhookWorkerTests.run(worker) {
                    try environment.database.readSync { db in
                        try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM webhook_attempts") ?? 0
                    } >= 1 && receiver.received(on: "/hook").count >= 1
                }
            }
        }
    }
}
