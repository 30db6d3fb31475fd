import Foundation
import Testing
@testable import LinliDelivery

@Suite("Response classification per platform")
struct ClassificationTests {
    static let now = Date(timeIntervalSince1970: 1_700_000_000)
    let classifier = ResponseClassifier()

    func classify(_ status: Int, _ body: String = "", headers: [HTTPHeader] = [], as format: EndpointFormat) -> DeliveryOutcome {
        classifier.classify(TransportResult(statusCode: status, headers: headers, bodyExcerpt: Data(body.utf8)),
                            format: format, now: Self.now)
    }

    static func reason(_ outcome: DeliveryOutcome) -> String? { outcome.reason?.code }

    enum Expected: Equatable, Sendable {
        case delivered, retry(minimum: TimeInterval?), final, disable
    }

    static func shape(_ outcome: DeliveryOutcome) -> Expected {
        switch outcome {
        case .delivered: .delivered
        case .retry(let notBefore, _): .retry(minimum: notBefore)
        case .finalFailure: .final
        case .disableEndpoint: .disable
        }
    }

    @Test("chat business codes", arguments: [
        (EndpointFormat.wecom, #"{"errcode":0,"errmsg":"ok"}"#, Expected.delivered, nil as String?),
        (.wecom, #"{"errcode":45009,"errmsg":"api freq out of limit"}"#, .retry(minimum: 60), "wecom.45009"),
        (.wecom, #"{"errcode":93000,"errmsg":"invalid webhook url"}"#, .disable, "wecom.93000"),
        (.wecom, #"{"errcode":40008,"errmsg":"invalid message type"}"#, .final, "wecom.40008"),
        (.wecom, #"{"errcode":-1,"errmsg":"system busy"}"#, .retry(minimum: nil), "wecom.-1"),
        (.wecom, #"{"errcode":12345,"errmsg":"new"}"#, .retry(minimum: nil), "wecom.12345"),
        (.dingtalk, #"{"errcode":0,"errmsg":"ok"}"#, .delivered, nil),
        (.dingtalk, #"{"errcode":130101,"errmsg":"send too fast"}"#, .retry(minimum: 600), "dingtalk.130101"),
        (.dingtalk, #"{"errcode":300001,"errmsg":"token is not exist"}"#, .disable, "dingtalk.300001"),
        (.dingtalk, #"{"errcode":310000,"errmsg":"keywords not in content"}"#, .final, "dingtalk.310000"),
        // Helper 119: these were retried on the schedule.
        (.dingtalk, #"{"errcode":410100,"errmsg":"send too fast"}"#, .retry(minimum: 600), "dingtalk.410100"),
        (.dingtalk, #"{"errcode":90030,"errmsg":"webhook over limit"}"#, .retry(minimum: 3600), "dingtalk.90030"),
        (.dingtalk, #"{"errcode":400102,"errmsg":"robot deactivated"}"#, .disable, "dingtalk.400102"),
        (.dingtalk, #"{"errcode":400013,"errmsg":"group dissolved"}"#, .disable, "dingtalk.400013"),
        (.dingtalk, #"{"errcode":400106,"errmsg":"robot does not exist"}"#, .disable, "dingtalk.400106"),
        (.dingtalk, #"{"errcode":400105,"errmsg":"unsupported msgtype"}"#, .final, "dingtalk.400105"),
        (.dingtalk, #"{"errcode":430102,"errmsg":"inappropriate text"}"#, .final, "dingtalk.430102"),
        (.feishu, #"{"code":0,"msg":"success","data":{}}"#, .delivered, nil),
        (.feishu, #"{"StatusCode":0,"StatusMessage":"success"}"#, .delivered, nil),
        (.feishu, #"{"code":11232,"msg":"frequency limited"}"#, .retry(minimum: 60), "feishu.11232"),
        (.feishu, #"{"code":19021,"msg":"sign match fail or timestamp is not within one hour from current time"}"#, .disable, "feishu.19021"),
        (.feishu, #"{"code":19024,"msg":"Key Words Not Found"}"#, .final, "feishu.19024"),
    ])
    func chatCodes(_ format: EndpointFormat, _ body: String, _ expected: Expected, _ code: String?) {
        let outcome = classify(200, body, as: format)
        #expect(Self.shape(outcome) == expected)
        #expect(Self.reason(outcome) == code)
    }

    /// The answers after which the whole robot waits (`RobotRateLimiter.block`), not only the
    /// refused message (helper 119).
    @Test("robot-wide rate limits", arguments: [
        (EndpointFormat.dingtalk, "dingtalk.130101", true), (.dingtalk, "dingtalk.410100", true), (.wecom, "wecom.45009", true),
        (.feishu, "feishu.11232", true), (.wecom, "http.429", true), (.dingtalk, "dingtalk.310000", false),
        (.dingtalk, "wecom.45009", false), (.standard, "http.429", false), (.wecom, "transport.timeout", false),
        (.feishu, "feishu.x", false),
    ])
    func robotRateLimits(_ format: EndpointFormat, _ code: String, _ expected: Bool) {
        #expect(ResponseClassifier.isRobotRateLimit(FailureReason(code: code, detail: ""), format: format) == expected)
    }

    @Test func chatTwoHundredWithoutACodeIsNotSuccess() {
        #expect(Self.shape(classify(200, "<html>portal</html>", as: .wecom)) == .retry(minimum: nil))
        #expect(Self.reason(classify(200, "", as: .feishu)) == "chat.response_unrecognised")
    }

    @Test func feishuCodesAreReadFromFourHundredsToo() {
        #expect(Self.shape(classify(400, #"{"code":19021,"msg":"sign match fail"}"#, as: .feishu)) == .disable)
    }

    @Test("HTTP statuses", arguments: [
        // Helper 151 #4: a temporary redirect (a maintenance page) is tried again on the schedule;
        // a permanent one says the address moved.
        (200, Expected.delivered), (204, .delivered), (302, .retry(minimum: nil)), (303, .retry(minimum: nil)), (307, .retry(minimum: nil)),
        (301, .final), (308, .final), (410, .disable), (413, .final),
        (429, .retry(minimum: 60)), (500, .retry(minimum: nil)), (503, .retry(minimum: nil)),
        (404, .retry(minimum: nil)), (401, .retry(minimum: nil)),
    ])
    func standardStatuses(_ status: Int, _ expected: Expected) {
        #expect(Self.shape(classify(status, as: .standard)) == expected)
    }

    @Test func retryAfterIsHonouredWithinBounds() {
        func after(_ status: Int, _ value: String) -> Expected {
            Self.shape(classify(status, headers: [HTTPHeader(name: "retry-after", value: value)], as: .standard))
        }
        #expect(after(429, "120") == .retry(minimum: 120))
        #expect(after(429, "5") == .retry(minimum: 60))  // 429 backs off at least 60 s
        #expect(after(503, "30") == .retry(minimum: 30))
        #expect(after(429, "9999999999") == .retry(minimum: 86_400))
        #expect(after(429, "Tue, 14 Nov 2023 22:18:20 GMT") == .retry(minimum: 300))  // now + 300 s
        #expect(after(503, "garbage") == .retry(minimum: nil))
    }

    /// Helper 151 #5: a chat platform's code decided the delay and a `Retry-After` sent with it
    /// was dropped; the longer of the two is kept.
    @Test func aChatPlatformsRetryAfterIsHonouredToo() {
        let busy = [HTTPHeader(name: "retry-after", value: "600")]
        #expect(Self.shape(classify(200, #"{"errcode":45009,"errmsg":"api freq out of limit"}"#, headers: busy, as: .wecom)) == .retry(minimum: 600))
        #expect(Self.shape(classify(503, #"{"errcode":-1,"errmsg":"system busy"}"#, headers: busy, as: .wecom)) == .retry(minimum: 600))
        #expect(Self.shape(classify(200, #"{"errcode":130101,"errmsg":"send too fast"}"#,
                                    headers: [HTTPHeader(name: "retry-after", value: "5")], as: .dingtalk)) == .retry(minimum: 600))
    }

    /// Helper 151 #1: which answers hold a whole `standard` endpoint back, and for how long.
    @Test func whichAnswersPauseAStandardEndpoint() {
        func pause(_ status: Int, _ retryAfter: String?) -> TimeInterval? {
            ResponseClassifier.pausesEndpoint(classify(
                status, headers: retryAfter.map { [HTTPHeader(name: "retry-after", value: $0)] } ?? [], as: .standard))
        }
        #expect(pause(429, "3600") == 3600)
        #expect(pause(429, nil) == 60)
        #expect(pause(503, "120") == 120)
        #expect(pause(503, nil) == nil, "a 503 without Retry-After is the message's own retry")
        #expect(pause(500, "120") == nil)
    }

    /// The pause kept with an endpoint (`pause(of:format:)`, stored as its `paused_until`): a
    /// `standard` receiver's as above; for a chat robot only its platform's "too fast", at the
    /// full delay asked (a `Retry-After` beyond the platform's minimum too), never a busy answer.
    @Test("pauses kept with the endpoint", arguments: [
        (EndpointFormat.standard, 429, "", "3600", 3600.0), (.standard, 503, "", "120", 120), (.standard, 503, "", nil, nil),
        (.wecom, 200, #"{"errcode":45009,"errmsg":"api freq out of limit"}"#, "600", 600),
        (.wecom, 200, #"{"errcode":45009,"errmsg":"api freq out of limit"}"#, nil, 60),
        (.dingtalk, 200, #"{"errcode":130101,"errmsg":"send too fast"}"#, "5", 600),
        (.wecom, 429, "", "900", 900), (.wecom, 503, #"{"errcode":-1,"errmsg":"system busy"}"#, "600", nil),
        (.feishu, 503, "", "120", nil), (.feishu, 200, #"{"code":0}"#, "120", nil),
    ] as [(EndpointFormat, Int, String, String?, TimeInterval?)])
    func pausesKeptWithTheEndpoint(_ format: EndpointFormat, _ status: Int, _ body: String, _ retryAfter: String?, _ expected: TimeInterval?) {
        let outcome = classify(status, body, headers: retryAfter.map { [HTTPHeader(name: "retry-after", value: $0)] } ?? [], as: format)
        #expect(ResponseClassifier.pause(of: outcome, format: format) == expected)
    }

    @Test func httpDateForms() {
        let expected = Date(timeIntervalSince1970: 784_111_777)
        #expect(RetryAfter.httpDate("Sun, 06 Nov 1994 08:49:37 GMT") == expected)
        #expect(RetryAfter.httpDate("Sunday, 06-Nov-94 08:49:37 GMT") == expected)
        #expect(RetryAfter.httpDate("Sun Nov  6 08:49:37 1994") == expected)
        #expect(RetryAfter.seconds(from: "Sun, 06 Nov 1994 08:49:37 GMT", now: Self.now) == 0)
        #expect(RetryAfter.httpDate("yesterday") == nil)
    }

    @Test("transport errors", arguments: [
        (TransportError.Category.timeout, Expected.retry(minimum: 60)), (.queueTimeout, .retry(minimum: 60)),
        (.addressRefused, .final), (.protocolRefused, .final),
        (.connectFailed, .retry(minimum: nil)), (.dnsFailed, .retry(minimum: nil)), (.tlsFailed, .retry(minimum: nil)),
    ])
    func transportErrors(_ category: TransportError.Category, _ expected: Expected) {
        let result = TransportResult(statusCode: nil, error: TransportError(category, detail: "x"))
        let outcome = classifier.classify(result, format: .wecom, now: Self.now)
        #expect(Self.shape(outcome) == expected)
        #expect(outcome.reason?.code == "transport.\(category.rawValue)")
    }
}
