import Foundation

/// Maps a transport result to a `DeliveryOutcome`, per platform.
///
/// The chat robots answer HTTP 200 with an error code in the body, so for them a 2xx is only
/// success when the code is 0; their business code is read before the HTTP status because
/// Feishu also reports some errors as HTTP 400 with a `code`.
public struct ResponseClassifier: Sendable {
    /// Floor for backing off after 429, timeouts and platform rate limits.
    public var minimumBackoff: TimeInterval
    /// Ceiling for a `Retry-After` we honour; larger values are clamped, not obeyed blindly.
    public var maximumRetryAfter: TimeInterval

    public init(minimumBackoff: TimeInterval = 60, maximumRetryAfter: TimeInterval = 24 * 3600) {
        self.minimumBackoff = minimumBackoff
        self.maximumRetryAfter = maximumRetryAfter
    }

    public func classify(_ result: TransportResult, format: EndpointFormat, now: Date) -> DeliveryOutcome {
        if let error = result.error { return classify(error) }
        guard let status = result.statusCode else {
            return .retry(notBefore: nil, reason: FailureReason(code: "transport.no_response", detail: "no HTTP status"))
        }
        let retryAfter = RetryAfter.seconds(from: result.header("retry-after"), now: now)
            .map { min(max($0, 0), maximumRetryAfter) }
        if format.isChat, let outcome = classifyChatBody(result, format: format, status: status) {
            // A platform's code decides, but a `Retry-After` sent with it is honoured as well
            // (helper 151 #5: a 600 s one was retried after 60).
            if case .retry(let notBefore, let reason) = outcome, let retryAfter {
                return .retry(notBefore: max(notBefore ?? 0, retryAfter), reason: reason)
            }
            return outcome
        }
        let reason = FailureReason(code: "http.\(status)", detail: "HTTP \(status)")
        switch status {
        case 200..<300:
            if format.isChat {
                return .retry(notBefore: nil, reason: FailureReason(code: "chat.response_unrecognised",
                                                                    detail: "2xx without errcode/code"))
            }
            return .delivered
        case 301, 308:
            // Moved for good: the endpoint's address is to be updated, and a retry would be
            // answered the same.
            return .finalFailure(FailureReason(code: "http.redirect", detail: "HTTP \(status); redirects are not followed"))
        case 300..<400:
            // Temporary (302, 303, 307: a maintenance page, say): not followed, tried again on the
            // schedule (helper 151 #4: every message of a ten-minute window was given up).
            return .retry(notBefore: retryAfter, reason: FailureReason(
                code: "http.\(status)", detail: "HTTP \(status) (a temporary redirect, not followed)"))
        case 410:
            return .disableEndpoint(FailureReason(code: "http.410", detail: "receiver answered 410 Gone"))
        case 413:
            return .finalFailure(FailureReason(code: "http.413", detail: "receiver refused the body size"))
        case 429:
            return .retry(notBefore: max(minimumBackoff, retryAfter ?? 0), reason: reason)
        default:
            // 5xx and other 4xx: the schedule decides; a Retry-After (e.g. with 503) is honoured.
            return .retry(notBefore: retryAfter, reason: reason)
        }
    }

    func classify(_ error: TransportError) -> DeliveryOutcome {
        let reason = FailureReason(code: "transport.\(error.category.rawValue)", detail: error.detail)
        switch error.category {
        case .timeout, .queueTimeout:
            return .retry(notBefore: minimumBackoff, reason: reason)
        case .addressRefused, .protocolRefused:
            // Policy refusals do not heal by retrying; the continuous-failure rule covers the endpoint.
            return .finalFailure(reason)
        case .dnsFailed, .connectFailed, .tlsFailed, .connectionLost, .cancelled, .other:
            return .retry(notBefore: nil, reason: reason)
        }
    }

    /// Whether a `standard` endpoint's answer asks the sender to hold off altogether: 429, or 503
    /// with `Retry-After` (the retry then carries a delay). Then none of its messages goes before
    /// the refused one may (helper 151 #1: a receiver back from an outage answered 429 with an
    /// hour's Retry-After, and every queued message was sent into it, each spending a retry, and
    /// all came due again together an hour later).
    public static func pausesEndpoint(_ outcome: DeliveryOutcome) -> TimeInterval? {
        guard case .retry(let notBefore?, let reason) = outcome, reason.code == "http.429" || reason.code == "http.503" else { return nil }
        return notBefore
    }

    /// The pause an answer asks of the endpoint it came from, kept with the endpoint
    /// (`webhook_endpoints.paused_until`) so a restarted worker holds it too: a `standard`
    /// receiver's (`pausesEndpoint`), or a chat platform's robot limit with its full delay, a
    /// `Retry-After` beyond the platform's minimum included (a restart rebuilt that one from the
    /// attempt log at the minimum only, and sent the robot's messages into the rest of the block).
    public static func pause(of outcome: DeliveryOutcome, format: EndpointFormat) -> TimeInterval? {
        guard case .retry(let notBefore?, let reason) = outcome else { return nil }
        if format.isChat { return isRobotRateLimit(reason, format: format) ? notBefore : nil }
        return pausesEndpoint(outcome)
    }

    /// Whether `reason` is a chat platform saying the robot is over its limit (its rate-limit code,
    /// or HTTP 429): then the whole robot waits out the retry's delay, not only this message
    /// (`RobotRateLimiter.block`).
    /// The delay itself is the retry's (`classify`); this only says whose it is. (A restarted
    /// worker once rebuilt the delay from the code here; the endpoints carry it now, `RobotPauses`.)
    public static func isRobotRateLimit(_ reason: FailureReason, format: EndpointFormat) -> Bool {
        guard format.isChat else { return false }
        if reason.code == "http.429" { return true }
        let prefix = format.rawValue + "."
        guard reason.code.hasPrefix(prefix), let code = Int64(reason.code.dropFirst(prefix.count)),
              case .rateLimited? = ChatErrorCodes.meaning(of: code, format: format)
        else { return false }
        return true
    }

    /// The chat platform's verdict from its JSON body, nil when the body carries no code.
    func classifyChatBody(_ result: TransportResult, format: EndpointFormat, status: Int) -> DeliveryOutcome? {
        guard let body = try? JSONDecoder().decode(JSONValue.self, from: result.bodyExcerpt),
              let code = (body["errcode"] ?? body["code"] ?? body["StatusCode"])?.intValue
        else { return nil }
        if code == 0 { return (200..<300).contains(status) ? .delivered : nil }
        let message = (body["errmsg"] ?? body["msg"] ?? body["StatusMessage"])?.stringValue ?? ""
        let reason = FailureReason(code: "\(format.rawValue).\(code)", detail: String(message.prefix(200)))
        switch ChatErrorCodes.meaning(of: code, format: format) {
        case .rateLimited(let delay)?: return .retry(notBefore: max(delay, minimumBackoff), reason: reason)
        case .endpointBroken?: return .disableEndpoint(reason)
        case .messageRejected?: return .finalFailure(reason)
        case .transient?, nil: return .retry(notBefore: nil, reason: reason)
        }
    }
}
