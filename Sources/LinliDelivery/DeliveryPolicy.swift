import Foundation

/// The one-step decision of the delivery worker: given a message, its endpoint and what the
/// transport returned, what is the message's next state, what gets logged, and what happens to the
/// endpoint. Pure, so the worker is only "load → plan → render → send → decide → save".
public struct DeliveryPolicy: Sendable {
    public var schedule: RetrySchedule
    public var classifier: ResponseClassifier
    /// Endpoints failing without a single success for this long are disabled (default 5 days).
    public var disableAfterFailingFor: TimeInterval

    public init(
        schedule: RetrySchedule = .standardWebhooks, classifier: ResponseClassifier = ResponseClassifier(),
        disableAfterFailingFor: TimeInterval = 5 * 86_400
    ) {
        self.schedule = schedule
        self.classifier = classifier
        self.disableAfterFailingFor = disableAfterFailingFor
    }

    /// The failure code of a request the transport ended itself (the process stopping, or its
    /// queue full): not the receiver's doing.
    static let endedOnThisSide = "transport.\(TransportError.Category.cancelled.rawValue)"
    /// When a request ended on this side is tried again: soon, but not in a tight loop while a
    /// full queue drains.
    static let afterLocalCancellation: TimeInterval = 5
    /// The failure code of a request that waited past its deadline for a free connection to its
    /// host and was never sent: a step of the message's schedule (so a host that stays saturated
    /// does not keep it retrying every few seconds for days), but nothing about this endpoint's
    /// health (helper 151 #2: robots sharing one platform host were marked failing for the
    /// others' slowness).
    static let notSent = "transport.\(TransportError.Category.queueTimeout.rawValue)"

    /// How long a silence between two failed attempts breaks an endpoint's failing streak
    /// (`EndpointHealth.recordFailure`): twice the longest retry delay, at least two hours. While
    /// messages wait, a failing endpoint is tried at least that often; a longer gap means nothing
    /// was sent, and says nothing about whether it was down.
    public var streakBreaksAfter: TimeInterval {
        2 * max(schedule.delays.max() ?? 0, 3_600)
    }

    /// Decides after one HTTP attempt for part `part` of `partCount`.
    public func decide(
        messageID: String, message: MessageState, endpoint: WebhookEndpoint, health: EndpointHealth,
        part: Int, partCount: Int, result: TransportResult, startedAt: Date, now: Date,
        using generator: inout some RandomNumberGenerator
    ) -> DeliveryDecision {
        let outcome = classifier.classify(result, format: endpoint.format, now: now)
        let attempt = AttemptRecord(
            messageID: messageID, endpointID: endpoint.id, number: message.attempts + 1, part: part, startedAt: startedAt,
            duration: result.duration, statusCode: result.statusCode, outcome: outcome.label,
            failure: outcome.reason.map { masked($0, endpoint) },
            responseExcerpt: excerpt(result.bodyExcerpt, endpoint: endpoint))
        return apply(outcome, message: message, endpoint: endpoint, health: health, partCount: partCount,
                     attempt: attempt, now: now) { failures in schedule.delay(afterAttempts: failures, using: &generator) }
    }

    /// Decides when the message could not even be rendered (broken template): final, logged as
    /// an attempt without a request so organizers see why.
    public func decideRenderFailure(
        messageID: String, message: MessageState, endpoint: WebhookEndpoint, health: EndpointHealth,
        reason: FailureReason, now: Date
    ) -> DeliveryDecision {
        let attempt = AttemptRecord(
            messageID: messageID, endpointID: endpoint.id, number: message.attempts + 1, part: message.partsDelivered,
            startedAt: now, duration: .zero, statusCode: nil, outcome: DeliveryOutcome.finalFailure(reason).label,
            failure: reason, responseExcerpt: "")
        return apply(.finalFailure(reason), message: message, endpoint: endpoint, health: health, partCount: 1,
                     attempt: attempt, now: now) { _ in nil }
    }

    func apply(
        _ outcome: DeliveryOutcome, message: MessageState, endpoint: WebhookEndpoint, health: EndpointHealth,
        partCount: Int, attempt: AttemptRecord, now: Date,
        retryDelay: (_ consecutiveFailures: Int) -> TimeInterval?
    ) -> DeliveryDecision {
        var next = message
        next.attempts += 1
        var decision = DeliveryDecision(message: next, attempt: attempt, health: health, outcome: outcome, decidedAt: now)
        switch outcome {
        case .delivered:
            next.consecutiveFailures = 0
            next.lastFailure = nil
            next.partsDelivered += 1
            if next.partsDelivered >= partCount {
                next.status = .delivered
                next.nextAttemptAt = nil
                next.finishedAt = now
            } else {
                next.nextAttemptAt = now  // the next part goes right away (rate limits permitting)
            }
        case .retry(_, let reason) where reason.code == Self.endedOnThisSide:
            // Ended on this side (the process stopping, or the transport's queue full), not by the
            // receiver: logged, but neither a failure of the message nor a step of its schedule.
            // It never uses up the message's last retry (helper 109).
            next.lastFailure = attempt.failure ?? reason
            next.nextAttemptAt = now.addingTimeInterval(Self.afterLocalCancellation)
        case .retry(let notBefore, let reason):
            next.consecutiveFailures += 1
            next.lastFailure = attempt.failure ?? reason
            if let delay = retryDelay(next.consecutiveFailures) {
                next.nextAttemptAt = now.addingTimeInterval(max(delay, notBefore ?? 0))
            } else {
                // A retryable failure with no retry left is this message's last attempt: the log
                // and the metric say so, not "retry" next to a message that is failed.
                decision.attempt.outcome = DeliveryOutcome.retriesExhaustedLabel
                finish(&next, as: .failed, at: now)
            }
        case .finalFailure(let reason), .disableEndpoint(let reason):
            next.consecutiveFailures += 1
            next.lastFailure = attempt.failure ?? reason
            finish(&next, as: .failed, at: now)
        }
        decision.message = next
        return rebased(decision, onto: health)
    }

    /// The decision with the endpoint's part taken again from `current`, its health as it stands
    /// when the result is applied. Sends to one endpoint run side by side and each was decided on
    /// the health known when it was planned, seconds or minutes earlier: applied as decided, a
    /// failure planned before a success would put the old `failing_since` back, and the five-day
    /// rule could disable an endpoint that had just succeeded. The worker applies results one at
    /// a time on the health the previous one left.
    ///
    /// The health records this attempt's success or failure at `decidedAt`. The endpoint is
    /// disabled when the outcome says so (key revoked, 410 Gone) or when it has now failed without
    /// a success for `disableAfterFailingFor`; `endpoint.failing` is raised then, or when this
    /// message was given up (its retries used up, or a failure not worth retrying).
    public func rebased(_ decision: DeliveryDecision, onto current: EndpointHealth) -> DeliveryDecision {
        var decision = decision
        var health = current
        let now = decision.decidedAt
        var givenUp: FailureReason?
        decision.disableEndpoint = nil
        let quiet = streakBreaksAfter
        switch decision.outcome {
        case .delivered:
            health.recordSuccess(at: now)
        case .retry(_, let reason) where reason.code == Self.endedOnThisSide:
            // Ended on this side (`WebhookTransport.cancelAll`, a full queue), not by the receiver:
            // nothing about the endpoint's health, and no disabling on the health it had.
            decision.health = health
            decision.raiseEndpointFailing = nil
            return decision
        case .retry(_, let reason) where reason.code == Self.notSent:
            if decision.message.status == .failed { givenUp = decision.message.lastFailure }
        case .retry:
            health.recordFailure(at: now, streakBreaksAfter: quiet)
            if decision.message.status == .failed { givenUp = decision.message.lastFailure }
        case .finalFailure(let reason) where reason.code.hasPrefix("render."):
            // A text that cannot be rendered never reached the receiver: nothing about its health
            // (helper 151 #3: a group's template typo counted as the robot failing, and after five
            // days disabled it), and no news: on an endpoint whose other messages go through,
            // every such message would be news again; the attempt log says it, and templates are
            // checked when saved.
            decision.health = health
            decision.raiseEndpointFailing = nil
            return decision
        case .finalFailure:
            // Given up at once by the receiver's answer (a permanent redirect, 413, an address
            // refused): as much news as retries used up, and before this went unsaid (helper 107).
            health.recordFailure(at: now, streakBreaksAfter: quiet)
            givenUp = decision.message.lastFailure
        case .disableEndpoint:
            health.recordFailure(at: now, streakBreaksAfter: quiet)
            decision.disableEndpoint = decision.message.lastFailure
        }
        if decision.disableEndpoint == nil, health.hasBeenFailing(for: disableAfterFailingFor, at: now) {
            decision.disableEndpoint = FailureReason(
                code: "endpoint.failing_too_long",
                detail: "no successful delivery for \(Int(disableAfterFailingFor / 86_400)) days")
        }
        decision.raiseEndpointFailing = decision.disableEndpoint ?? givenUp
        decision.health = health
        return decision
    }

    private func finish(_ state: inout MessageState, as status: MessageStatus, at now: Date) {
        state.status = status
        state.nextAttemptAt = nil
        state.finishedAt = now
    }

    private func masked(_ reason: FailureReason, _ endpoint: WebhookEndpoint) -> FailureReason {
        FailureReason(code: reason.code, detail: SecretMasker.scrub(reason.detail, knownSecrets: knownSecrets(endpoint)))
    }

    /// A bounded, masked, valid-UTF-8 excerpt of the response body for the attempt log.
    func excerpt(_ body: Data, endpoint: WebhookEndpoint) -> String {
        guard !body.isEmpty else { return "" }
        let text = String(decoding: body.prefix(AttemptRecord.maxExcerptBytes), as: UTF8.self)
        // Cutting bytes may split a character; decoding turned that into U+FFFD, which we drop.
        let cleaned = text.hasSuffix("\u{FFFD}") ? String(text.dropLast()) : text
        return SecretMasker.scrub(cleaned, knownSecrets: knownSecrets(endpoint))
    }

    /// Everything a receiver's answer must not show in the attempt log: the robot key, the chat
    /// signing secret, the `whsec_` secrets, and what the URL carries (`SecretMasker.secrets`):
    /// `GET …/endpoints` masks a `?token=` in the URL, so the attempt log must not show it either.
    private func knownSecrets(_ endpoint: WebhookEndpoint) -> [String] {
        [endpoint.robotKey, endpoint.chat.signingSecret].compactMap { $0 } + endpoint.secrets.map(\.encoded)
            + SecretMasker.secrets(inURL: endpoint.url)
    }
}
