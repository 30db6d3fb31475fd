import Foundation
import Testing
@testable import LinliDelivery

@Suite("Message state machine and the one-step delivery decision")
struct DeliveryPolicyTests {
    static let start = Date(timeIntervalSince1970: 1_700_000_000)

    static func endpoint(_ format: EndpointFormat = .standard) throws -> WebhookEndpoint {
        let url = format == .wecom ? "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=robot-key-123456" : "https://hooks.example.com/x"
        return WebhookEndpoint(id: "ep_1", communityID: "com_1", url: url, format: format, events: try EventTypeFilter(["*"]),
                               secrets: [try WebhookSecret(encoded: "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")])
    }

    static func result(_ status: Int, _ body: String = "") -> TransportResult {
        TransportResult(statusCode: status, bodyExcerpt: Data(body.utf8), duration: .milliseconds(12))
    }

    @Test("500, 500, 500, 200: one success after four logged attempts")
    func failThenSucceed() throws {
        let policy = DeliveryPolicy()
        let endpoint = try Self.endpoint()
        var generator = SeededRandomNumberGenerator(seed: 9)
        var state = MessageState.new(at: Self.start)
        var health = EndpointHealth()
        var attempts: [AttemptRecord] = []
        var now = Self.start
        for status in [500, 500, 500, 200] {
            #expect(state.isDue(at: now))
            let decision = policy.decide(messageID: "msg_1", message: state, endpoint: endpoint, health: health, part: 0,
                                         partCount: 1, result: Self.result(status), startedAt: now, now: now,
                                         using: &generator)
            attempts.append(decision.attempt)
            state = decision.message
            health = decision.health
            if let next = state.nextAttemptAt {
                #expect(!state.isDue(at: next.addingTimeInterval(-0.001)))
                now = next
            }
        }
        #expect(state.status == .delivered)
        #expect(state.attempts == 4)
        #expect(attempts.map(\.number) == [1, 2, 3, 4])
        #expect(attempts.map(\.outcome) == ["retry", "retry", "retry", "delivered"])
        #expect(Set(attempts.map(\.messageID)) == ["msg_1"])
        #expect(health.failingSince == nil && health.lastSuccessAt == now)
        // 5 s, 5 min, 30 min (±10 %) between the attempts
        #expect(now.timeIntervalSince(Self.start) > (5 + 300 + 1800) * 0.9)
    }

    @Test func exhaustingTheScheduleFailsTheMessageAndRaisesEndpointFailing() throws {
        let policy = DeliveryPolicy(schedule: RetrySchedule(delays: [0, 1, 1], jitter: 0))
        var generator = SeededRandomNumberGenerator(seed: 1)
        var state = MessageState.new(at: Self.start)
        var last: DeliveryDecision?
        var outcomes: [String] = []
        for _ in 0..<3 {
            let decision = policy.decide(messageID: "m", message: state, endpoint: try Self.endpoint(), health: EndpointHealth(),
                                         part: 0, partCount: 1, result: Self.result(503), startedAt: Self.start,
                                         now: Self.start, using: &generator)
            state = decision.message
            last = decision
            outcomes.append(decision.attempt.outcome)
        }
        #expect(state.status == .failed)
        // The last attempt's log says the retries ran out (it said "retry" next to a failed message).
        #expect(outcomes == ["retry", "retry", "retries_exhausted"])
        #expect(outcomes.allSatisfy(DeliveryOutcome.labels.contains))
        #expect(last?.raiseEndpointFailing?.code == "http.503")
        #expect(last?.disableEndpoint == nil)
        try state.resend(at: Self.start)
        #expect(state.status == .pending && state.consecutiveFailures == 0 && state.isDue(at: Self.start))
        #expect(throws: MessageTransitionError.alreadyPending) { try state.resend(at: Self.start) }
    }

    @Test func invalidKeyDisablesTheEndpointAndMasksTheKey() throws {
        let endpoint = try Self.endpoint(.wecom)
        var generator = SeededRandomNumberGenerator(seed: 1)
        let decision = DeliveryPolicy().decide(
            messageID: "m", message: .new(at: Self.start), endpoint: endpoint, health: EndpointHealth(), part: 0, partCount: 1,
            result: Self.result(200, #"{"errcode":93000,"errmsg":"invalid webhook url, key robot-key-123456"}"#),
            startedAt: Self.start, now: Self.start, using: &generator)
        #expect(decision.message.status == .failed)
        #expect(decision.disableEndpoint?.code == "wecom.93000")
        #expect(decision.raiseEndpointFailing?.code == "wecom.93000")
        #expect(!decision.attempt.responseExcerpt.contains("robot-key-123456"))
        #expect(!(decision.attempt.failure?.detail.contains("robot-key-123456") ?? true))
    }

    /// A standard endpoint whose URL carries a token (`?token=…`, or a user and password) is
    /// shown masked by the API; a receiver that echoes the URL in its error page must not put
    /// the token in the attempt log in clear (session 21 review).
    @Test func secretsInTheURLAreScrubbedFromTheExcerpt() throws {
        let endpoint = WebhookEndpoint(
            id: "ep_2", communityID: "com_1", url: "https://hook:Pa55word-xyz@rx.example/hook?token=S3cr3tValue123&team=north",
            format: .standard, events: try EventTypeFilter(["*"]))
        var generator = SeededRandomNumberGenerator(seed: 1)
        let decision = DeliveryPolicy().decide(
            messageID: "m", message: .new(at: Self.start), endpoint: endpoint, health: EndpointHealth(), part: 0, partCount: 1,
            result: Self.result(401, #"{"error":"bad token S3cr3tValue123 for hook:Pa55word-xyz, team north"}"#),
            startedAt: Self.start, now: Self.start, using: &generator)
        let excerpt = decision.attempt.responseExcerpt
        #expect(!excerpt.contains("S3cr3tValue123") && !excerpt.contains("Pa55word-xyz"), "\(excerpt)")
        #expect(excerpt.contains("team north"), "what is not secret stays readable")
    }

    @Test func failingContinuouslyForDaysDisables() throws {
        let policy = DeliveryPolicy(disableAfterFailingFor: 3 * 86_400)
        var generator = SeededRandomNumberGenerator(seed: 1)
        // Failing for three days less a minute, the last failure ten minutes ago: failures kept coming.
        let health = EndpointHealth(failingSince: Self.start.addingTimeInterval(-3 * 86_400 + 60), lastFailureAt: Self.start.addingTimeInterval(-600))
        func decide(at now: Date) throws -> DeliveryDecision {
            policy.decide(messageID: "m", message: .new(at: now), endpoint: try Self.endpoint(), health: health, part: 0,
                          partCount: 1, result: Self.result(500), startedAt: now, now: now, using: &generator)
        }
        #expect(try decide(at: Self.start).disableEndpoint == nil)
        let later = try decide(at: Self.start.addingTimeInterval(60))
        #expect(later.disableEndpoint?.code == "endpoint.failing_too_long")
        #expect(later.raiseEndpointFailing != nil)
        #expect(later.message.status == .pending)  // the message itself keeps its schedule (cancelled by the worker)
    }

    /// Session 32 walk (helper 107): one message failed a week ago, then nothing was sent; today's
    /// first failure disabled the endpoint and cancelled its backlog without a retry. A silence
    /// longer than the streak gap starts the streak again; failures that keep coming still disable.
    @Test(arguments: [
        // (hours since the streak began, hours since its last failure, disabled now)
        (24.0 * 7, 24.0 * 7, false),  // one failure, a quiet week
        (24.0 * 7, nil, false),  // a streak from before the last failure was recorded: its start stands for it
        (24.0 * 7, 24.0 * 3, false),  // failures, then three quiet days
        (24.0 * 7, 20.0, true),  // tried within the gap (twice the schedule's longest delay, 48 h) all along
        (24.0 * 4, 1.0, false),  // not yet five days
    ] as [(Double, Double?, Bool)])
    func aQuietEndpointIsNotDisabledByOneBlip(streakHours: Double, lastFailureHours: Double?, disabled: Bool) throws {
        let policy = DeliveryPolicy()
        #expect(policy.streakBreaksAfter == 2 * 86_400)
        var generator = SeededRandomNumberGenerator(seed: 1)
        let health = EndpointHealth(
            failingSince: Self.start.addingTimeInterval(-streakHours * 3_600),
            lastFailureAt: lastFailureHours.map { Self.start.addingTimeInterval(-$0 * 3_600) })
        let decision = policy.decide(
            messageID: "m", message: .new(at: Self.start), endpoint: try Self.endpoint(), health: health, part: 0, partCount: 1,
            result: Self.result(503), startedAt: Self.start, now: Self.start, using: &generator)
        #expect((decision.disableEndpoint?.code == "endpoint.failing_too_long") == disabled)
        #expect(decision.health.lastFailureAt == Self.start)
        let restarted = !disabled && lastFailureHours.map { $0 * 3_600 > policy.streakBreaksAfter } ?? true
        #expect(decision.health.failingSince == (restarted ? Self.start : health.failingSince))
    }

    /// A request the process ended while stopping (`WebhookTransport.cancelAll`) is retried, and
    /// says nothing about the endpoint: its health is left as it was.
    @Test func aSendEndedByTheShutdownLeavesTheHealthAlone() throws {
        let policy = DeliveryPolicy(schedule: RetrySchedule(delays: [0, 1, 1], jitter: 0))
        var generator = SeededRandomNumberGenerator(seed: 1)
        let cancelled = TransportResult(statusCode: nil, error: TransportError(.cancelled, detail: "transport shut down"))
        // A message on its last attempt, to an endpoint whose one failure was a week ago (helper
        // 109: it was given up, `endpoint.failing` raised, and the quiet endpoint disabled).
        var lastTry = MessageState.new(at: Self.start)
        lastTry.attempts = 2
        lastTry.consecutiveFailures = 2
        let stale = EndpointHealth(failingSince: Self.start.addingTimeInterval(-7 * 86_400), lastFailureAt: Self.start.addingTimeInterval(-7 * 86_400))
        for (message, health) in [(MessageState.new(at: Self.start), EndpointHealth(lastSuccessAt: Self.start.addingTimeInterval(-60))), (lastTry, stale)] {
            let decision = policy.decide(
                messageID: "m", message: message, endpoint: try Self.endpoint(), health: health, part: 0, partCount: 1,
                result: cancelled, startedAt: Self.start, now: Self.start, using: &generator)
            #expect(decision.message.status == .pending)
            #expect(decision.message.nextAttemptAt == Self.start.addingTimeInterval(5))
            #expect(decision.message.consecutiveFailures == message.consecutiveFailures, "not a step of the schedule")
            #expect(decision.message.attempts == message.attempts + 1, "logged as an attempt")
            #expect(decision.health == health)
            #expect(decision.raiseEndpointFailing == nil && decision.disableEndpoint == nil)
        }
    }

    /// Session 15 review: two sends planned on the same old health, a success then a failure.
    /// Applied as decided, the failure put the old `failing_since` back and, five days on,
    /// disabled the endpoint that had just succeeded. Rebased onto the health the success left,
    /// the failure starts a new failing period and disables nothing.
    @Test func aFailurePlannedBeforeASuccessIsAppliedOnTheHealthTheSuccessLeft() throws {
        let policy = DeliveryPolicy(disableAfterFailingFor: 5 * 86_400)
        var generator = SeededRandomNumberGenerator(seed: 1)
        let planned = EndpointHealth(failingSince: Self.start.addingTimeInterval(-5 * 86_400 + 10), lastFailureAt: Self.start.addingTimeInterval(-60))
        func decide(_ status: Int, at now: Date) throws -> DeliveryDecision {
            policy.decide(messageID: "m", message: .new(at: now), endpoint: try Self.endpoint(), health: planned, part: 0,
                          partCount: 1, result: Self.result(status), startedAt: now, now: now, using: &generator)
        }
        let success = try decide(200, at: Self.start)
        let failure = try decide(503, at: Self.start.addingTimeInterval(20))
        #expect(failure.disableEndpoint?.code == "endpoint.failing_too_long", "as decided on the old health")
        let afterSuccess = policy.rebased(success, onto: planned).health
        #expect(afterSuccess == EndpointHealth(failingSince: nil, lastSuccessAt: Self.start))
        let applied = policy.rebased(failure, onto: afterSuccess)
        #expect(applied.disableEndpoint == nil && applied.raiseEndpointFailing == nil)
        #expect(applied.health == EndpointHealth(
            failingSince: Self.start.addingTimeInterval(20), lastSuccessAt: Self.start, lastFailureAt: Self.start.addingTimeInterval(20)))
        #expect(applied.message == failure.message && applied.attempt == failure.attempt)
    }

    /// Rebasing changes only the endpoint's part: the outcome's own disabling and an exhausted
    /// schedule's `endpoint.failing` stay whatever the health.
    @Test(arguments: [
        (503, [0.0], "http.503", nil as String?),  // retries used up: raised, not disabled
        (410, [0.0, 1, 1], "http.410", "http.410"),  // Gone: disabled on any health
        (413, [0.0, 1, 1], "http.413", nil),  // given up at once: raised too (helper 107), not disabled
        (200, [0.0, 1, 1], nil, nil),
    ])
    func rebasingKeepsTheOutcomesOwnEffects(status: Int, delays: [Double], raised: String?, disabled: String?) throws {
        let policy = DeliveryPolicy(schedule: RetrySchedule(delays: delays, jitter: 0))
        var generator = SeededRandomNumberGenerator(seed: 1)
        let decision = policy.decide(
            messageID: "m", message: .new(at: Self.start), endpoint: try Self.endpoint(), health: EndpointHealth(), part: 0,
            partCount: 1, result: Self.result(status), startedAt: Self.start, now: Self.start, using: &generator)
        for base in [EndpointHealth(), EndpointHealth(failingSince: Self.start.addingTimeInterval(-60)), EndpointHealth(lastSuccessAt: Self.start)] {
            let rebased = policy.rebased(decision, onto: base)
            #expect(rebased.raiseEndpointFailing?.code == raised && rebased.disableEndpoint?.code == disabled)
            #expect(rebased == policy.rebased(rebased, onto: base), "rebasing twice on the same health is the same")
        }
    }

    @Test func splitMessagesAdvancePartByPart() throws {
        var generator = SeededRandomNumberGenerator(seed: 1)
        var state = MessageState.new(at: Self.start)
        for part in 0..<3 {
            state = DeliveryPolicy().decide(messageID: "m", message: state, endpoint: try Self.endpoint(.wecom),
                                            health: EndpointHealth(), part: part, partCount: 3,
                                            result: Self.result(200, #"{"errcode":0}"#), startedAt: Self.start,
                                            now: Self.start, using: &generator).message
            #expect(state.partsDelivered == part + 1)
            #expect(state.status == (part == 2 ? .delivered : .pending))
        }
    }

    @Test func renderFailureIsFinalAndLogged() throws {
        let decision = DeliveryPolicy().decideRenderFailure(
            messageID: "m", message: .new(at: Self.start), endpoint: try Self.endpoint(.wecom), health: EndpointHealth(),
            reason: FailureReason(code: "render.template_invalid", detail: "unclosed section"), now: Self.start)
        #expect(decision.message.status == .failed)
        #expect(decision.attempt.outcome == "final_failure")
        // Logged, not announced: on an endpoint whose other messages go through, each would be
        // news again (helper 109).
        #expect(decision.raiseEndpointFailing == nil)
        // Nor a failure of the receiver, which never saw it (helper 151 #3): a group's template
        // typo does not start, extend, or after five days disable, the endpoint.
        #expect(decision.health == EndpointHealth())
        let failing = EndpointHealth(failingSince: Self.start.addingTimeInterval(-5 * 86_400 - 60), lastFailureAt: Self.start.addingTimeInterval(-600))
        let late = DeliveryPolicy().decideRenderFailure(
            messageID: "m", message: .new(at: Self.start), endpoint: try Self.endpoint(.wecom), health: failing,
            reason: FailureReason(code: "render.template_empty", detail: "empty"), now: Self.start)
        #expect(late.disableEndpoint == nil && late.health == failing)
    }

    /// Helper 151 #2: a request that waited past its deadline for a free connection to its host
    /// was never sent: a step of its schedule, nothing about the endpoint's health.
    @Test func aRequestNeverSentIsAStepButNotTheReceiversFailure() throws {
        var generator = SeededRandomNumberGenerator(seed: 3)
        let decision = DeliveryPolicy().decide(
            messageID: "m", message: .new(at: Self.start), endpoint: try Self.endpoint(), health: EndpointHealth(), part: 0, partCount: 1,
            result: TransportResult(statusCode: nil, error: TransportError(.queueTimeout, detail: "nothing was sent")),
            startedAt: Self.start, now: Self.start, using: &generator)
        #expect(decision.message.consecutiveFailures == 1 && decision.message.status == .pending)
        #expect(decision.health == EndpointHealth() && decision.raiseEndpointFailing == nil)
    }

    @Test func cancelOnlyFromPending() throws {
        var state = MessageState.new(at: Self.start)
        try state.cancel(reason: FailureReason(code: "endpoint.disabled", detail: ""), at: Self.start)
        #expect(state.status == .cancelled)
        #expect(throws: MessageTransitionError.notPending) {
            try state.cancel(reason: FailureReason(code: "x", detail: ""), at: Self.start)
        }
    }
}
