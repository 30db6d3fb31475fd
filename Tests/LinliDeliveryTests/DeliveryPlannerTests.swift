import Foundation
import Testing
@testable import LinliDelivery

@Suite("Ordering rule and planning")
struct DeliveryPlannerTests {
    static let now = Date(timeIntervalSince1970: 1_700_000_000)

    static func message(_ id: String, endpoint: String = "ep_1", subject: String, sequence: Int64,
                        status: MessageStatus = .pending, dueIn: TimeInterval = 0) -> QueuedMessage {
        var state = MessageState.new(at: now.addingTimeInterval(dueIn))
        state.status = status
        if status != .pending { state.nextAttemptAt = nil }
        return QueuedMessage(messageID: id, endpointID: endpoint, subject: subject, sequence: sequence, state: state)
    }

    static func endpoints(_ formats: [String: EndpointFormat]) throws -> [String: WebhookEndpoint] {
        try formats.reduce(into: [:]) { result, entry in
            let url = entry.value == .wecom ? "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=same-robot-key" : "https://h.example/x"
            result[entry.key] = WebhookEndpoint(id: entry.key, communityID: "c", url: url, format: entry.value,
                                                events: try EventTypeFilter(["*"]))
        }
    }

    func plan(_ queue: [QueuedMessage], inFlight: Set<String> = [], endpoints: [String: WebhookEndpoint]? = nil,
              limiter: inout RobotRateLimiter, maxBatch: Int = 100) throws -> DeliveryPlan {
        DeliveryPlanner.plan(queue: queue, endpoints: try endpoints ?? Self.endpoints(["ep_1": .standard, "ep_2": .standard]),
                             inFlight: inFlight, limiter: &limiter, now: Self.now, maxBatch: maxBatch)
    }

    @Test func onlyTheEarliestPendingMessageOfASubjectIsDeliverable() throws {
        var limiter = RobotRateLimiter()
        let queue = [
            Self.message("m3", subject: "listing:a", sequence: 3),
            Self.message("m1", subject: "listing:a", sequence: 1, dueIn: 60),  // waiting for a retry: blocks m3
            Self.message("m2", subject: "listing:b", sequence: 2),
            Self.message("m4", endpoint: "ep_2", subject: "listing:a", sequence: 4),  // other endpoint: own lane
            Self.message("m0", subject: "listing:b", sequence: 0, status: .failed),  // failed: does not block
        ]
        let plan = try plan(queue, limiter: &limiter)
        #expect(plan.ready.map(\.messageID) == ["m2", "m4"])
        #expect(plan.nextWakeAt == Self.now.addingTimeInterval(60))
    }

    @Test func inFlightMessagesBlockTheirLane() throws {
        var limiter = RobotRateLimiter()
        let queue = [Self.message("m1", subject: "s", sequence: 1), Self.message("m2", subject: "s", sequence: 2)]
        #expect(try plan(queue, inFlight: ["m1"], limiter: &limiter).ready.isEmpty)
        #expect(try plan(queue, limiter: &limiter).ready.map(\.messageID) == ["m1"])
    }

    /// Helper 151 #1: a standard endpoint that asked for a pause (429, 503 with Retry-After)
    /// gets none of its messages until then, whatever their subject; other endpoints go on.
    @Test func aPausedStandardEndpointWaitsAsAWhole() throws {
        var limiter = RobotRateLimiter()
        limiter.block(key: DeliveryPlanner.pauseKey("ep_1"), until: Self.now.addingTimeInterval(3600))
        let queue = [
            Self.message("m1", subject: "listing:a", sequence: 1), Self.message("m2", subject: "listing:b", sequence: 2),
            Self.message("m3", endpoint: "ep_2", subject: "listing:a", sequence: 3),
        ]
        let plan = try plan(queue, limiter: &limiter)
        #expect(plan.ready.map(\.messageID) == ["m3"])
        #expect(plan.nextWakeAt == Self.now.addingTimeInterval(3600))
    }

    @Test func disabledOrMissingEndpointsOrphanTheirMessages() throws {
        var limiter = RobotRateLimiter()
        var endpoints = try Self.endpoints(["ep_1": .standard])
        endpoints["ep_1"]?.enabled = false
        let plan = try plan([Self.message("m1", subject: "s", sequence: 1), Self.message("m2", endpoint: "gone", subject: "s", sequence: 2)],
                            endpoints: endpoints, limiter: &limiter)
        #expect(plan.ready.isEmpty)
        #expect(plan.orphaned.map(\.messageID) == ["m1", "m2"])
    }

    @Test func robotRateLimitsDeferAndSetTheWakeTime() throws {
        var limiter = RobotRateLimiter()
        let endpoints = try Self.endpoints(["ep_1": .wecom, "ep_2": .wecom])  // same robot key twice
        let queue = (0..<30).map { Self.message("m\($0)", endpoint: $0 % 2 == 0 ? "ep_1" : "ep_2", subject: "s\($0)", sequence: Int64($0)) }
        let plan = try plan(queue, endpoints: endpoints, limiter: &limiter)
        #expect(plan.ready.count == 20)
        #expect(plan.ready.map(\.sequence) == Array(0..<20))
        #expect(plan.nextWakeAt == Self.now.addingTimeInterval(60))
    }

    @Test func batchSizeIsBounded() throws {
        var limiter = RobotRateLimiter()
        let queue = (0..<10).map { Self.message("m\($0)", subject: "s\($0)", sequence: Int64($0)) }
        let plan = try plan(queue, limiter: &limiter, maxBatch: 4)
        #expect(plan.ready.count == 4)
        #expect(plan.nextWakeAt == Self.now)
    }
}
