import Foundation
import Testing
@testable import LinliDelivery

/// The worker's in-memory queue: each lane stays a prefix of its endpoint's pending messages.
@Suite struct PendingLanesTests {
    static let now = Date(timeIntervalSince1970: 1_700_000_000)

    static func entry(_ id: String, endpoint: String = "ep_1", subject: String = "s", sequence: Int64) -> PendingLanes.Entry {
        PendingLanes.Entry(
            message: QueuedMessage(messageID: id, endpointID: endpoint, subject: subject, sequence: sequence, state: .new(at: now)),
            occurredAt: now.addingTimeInterval(Double(sequence)), event: nil)
    }

    @Test func aFullLaneDropsLaterMessagesAndAsksForARefillOnceHalfDrained() {
        var lanes = PendingLanes(capacityPerEndpoint: 4)
        for sequence in 1...6 { lanes.append(Self.entry("m\(sequence)", sequence: Int64(sequence))) }
        lanes.append(Self.entry("q1", endpoint: "ep_2", sequence: 7))
        #expect(lanes.count == 5)
        #expect(lanes.window(perEndpoint: 10, inFlight: [], now: Self.now).filter { $0.endpointID == "ep_1" }.map(\.messageID) == ["m1", "m2", "m3", "m4"])
        #expect(lanes.lanesToRefill.isEmpty, "still full")
        var delivered = MessageState.new(at: Self.now)
        delivered.status = .delivered
        lanes.update(messageID: "m1", endpointID: "ep_1", state: delivered)
        lanes.update(messageID: "m2", endpointID: "ep_1", state: delivered)
        #expect(lanes.lanesToRefill.map(\.endpointID) == ["ep_1"])
        #expect(lanes.lanesToRefill.first?.afterSequence == 4)
        // A message fanned out meanwhile is not taken: the lane must stay a prefix.
        lanes.append(Self.entry("m7", sequence: 8))
        #expect(!lanes.window(perEndpoint: 10, inFlight: [], now: Self.now).map(\.messageID).contains("m7"))
        lanes.refill(endpointID: "ep_1", with: [Self.entry("m5", sequence: 5), Self.entry("m6", sequence: 6), Self.entry("m7", sequence: 8)], complete: true)
        #expect(lanes.window(perEndpoint: 10, inFlight: [], now: Self.now).filter { $0.endpointID == "ep_1" }.map(\.messageID) == ["m3", "m4", "m5", "m6"])
        #expect(lanes.lanesToRefill.isEmpty)
    }

    /// Session 27 review (helper 83): after an outage a lane full of messages waiting hours for
    /// their retries took nothing new, and was refilled only once half of them had been tried
    /// again. Waiting messages now take no place (up to four times the capacity in all): the lane
    /// is refilled from the database at once, and new messages are taken as they are fanned out.
    @Test func messagesWaitingForARetryDoNotFillALane() {
        var lanes = PendingLanes(capacityPerEndpoint: 4)
        var waiting = MessageState.new(at: Self.now)
        waiting.attempts = 3
        waiting.nextAttemptAt = Self.now.addingTimeInterval(7200)
        lanes.replace(with: (1...4).map { sequence in
            var entry = Self.entry("m\(sequence)", subject: "s\(sequence)", sequence: Int64(sequence))
            entry.message.state = waiting
            return entry
        })
        #expect(lanes.lanesToRefill.isEmpty, "counting every message, the lane is full")
        #expect(lanes.lanesToRefill(now: Self.now).map(\.afterSequence) == [4], "none of them may go now")
        lanes.refill(
            endpointID: "ep_1", with: (5...7).map { Self.entry("m\($0)", subject: "t\($0)", sequence: Int64($0)) }, complete: true, now: Self.now)
        lanes.append(Self.entry("m8", subject: "new", sequence: 8), now: Self.now)
        let heads = lanes.heads(perEndpoint: 16, inFlight: [], now: Self.now)
        #expect(heads.map(\.messageID).contains("m8"), "a message fanned out after the outage goes at once")
        #expect(lanes.count == 8)
        // Messages that may go now still fill it at its capacity: m9 waits in the database.
        lanes.append(Self.entry("m9", subject: "t9", sequence: 9), now: Self.now)
        #expect(lanes.count == 8)
        #expect(lanes.lanesToRefill(now: Self.now).isEmpty)
        // And never more than four times the capacity, however many wait.
        var crowded = PendingLanes(capacityPerEndpoint: 2)
        for sequence in 1...20 {
            var entry = Self.entry("w\(sequence)", sequence: Int64(sequence))
            entry.message.state = waiting
            crowded.append(entry, now: Self.now)
        }
        #expect(crowded.count == 8)
    }

    @Test func aRetryKeepsItsPlaceAndTheWindowIsPerEndpoint() {
        var lanes = PendingLanes(capacityPerEndpoint: 100)
        for sequence in 1...5 { lanes.append(Self.entry("a\(sequence)", subject: "s\(sequence)", sequence: Int64(sequence))) }
        lanes.append(Self.entry("b1", endpoint: "ep_2", sequence: 6))
        var retry = MessageState.new(at: Self.now)
        retry.attempts = 1
        retry.nextAttemptAt = Self.now.addingTimeInterval(5)
        lanes.update(messageID: "a1", endpointID: "ep_1", state: retry)
        // a1 keeps its place at the front while it waits, but takes none of the window's two.
        let window = lanes.window(perEndpoint: 2, inFlight: [], now: Self.now)
        #expect(Set(window.map(\.messageID)) == ["a1", "a2", "a3", "b1"])
        #expect(Set(lanes.window(perEndpoint: 2, inFlight: [], now: Self.now.addingTimeInterval(5)).map(\.messageID)) == ["a1", "a2", "b1"])
        #expect(window.first { $0.messageID == "a1" }?.state.attempts == 1)
        lanes.remove(messageIDs: ["a1", "b1"])
        #expect(lanes.count == 4)
        #expect(lanes.endpointIDs.contains("ep_1"))
    }

    /// Session 30 walk: twenty updates of one event waited behind its first message (waiting for
    /// a retry); being due, they filled the endpoint's sixteen places, and a message about another
    /// event waited as long. Messages behind an earlier one of their subject take no place, so the
    /// other subject goes at once, in the window and in the lane's memory alike.
    @Test func messagesBehindTheirSubjectDoNotHoldBackOthers() {
        var lanes = PendingLanes(capacityPerEndpoint: 1_000)
        var waiting = MessageState.new(at: Self.now)
        waiting.attempts = 1
        waiting.nextAttemptAt = Self.now.addingTimeInterval(60)
        var first = Self.entry("a1", subject: "event:A", sequence: 1)
        first.message.state = waiting
        lanes.append(first, now: Self.now)
        for sequence in 2...21 { lanes.append(Self.entry("a\(sequence)", subject: "event:A", sequence: Int64(sequence)), now: Self.now) }
        lanes.append(Self.entry("b1", subject: "event:B", sequence: 22), now: Self.now)
        // a1 heads its subject, waiting for its retry (the planner wakes for it); b1 may go now.
        #expect(lanes.heads(perEndpoint: 16, inFlight: [], now: Self.now).map(\.messageID) == ["a1", "b1"])
        let window = lanes.window(perEndpoint: 16, inFlight: [], now: Self.now)
        #expect(window.contains { $0.messageID == "b1" })
        #expect(DeliveryPlanner.orderedHeads(window, inFlight: []).filter { $0.state.isDue(at: Self.now) }.map(\.messageID) == ["b1"])
        // Once a1 went, a2 heads its subject beside b1.
        lanes.remove(messageIDs: ["a1"])
        #expect(lanes.heads(perEndpoint: 16, inFlight: [], now: Self.now).map(\.messageID) == ["a2", "b1"])
    }

    @Test func aReloadKeepsEventsAlreadyInMemory() {
        var lanes = PendingLanes(capacityPerEndpoint: 2)
        var first = Self.entry("m1", sequence: 1)
        let event = PreparedEvent(OutboundEvent(id: "evt_1", type: "t", communityID: "c", subject: "s", occurredAt: Self.now, payload: .null))
        first.event = event
        lanes.append(first)
        lanes.replace(with: [Self.entry("m1", sequence: 1), Self.entry("m2", sequence: 2)])
        #expect(lanes.entry(messageID: "m1", endpointID: "ep_1")?.event === event)
        #expect(lanes.entry(messageID: "m2", endpointID: "ep_1")?.event == nil)
        #expect(lanes.lanesToRefill.isEmpty, "a full lane after a reload may have more, but is not drained")
        lanes.remove(messageIDs: ["m1", "m2"])
        #expect(lanes.lanesToRefill.map(\.endpointID) == ["ep_1"], "loaded full: assumed to have more in the database")
    }

    @Test("heads straight from the lanes equal the planner's ordered heads of the window", arguments: 0..<20)
    func headsEqualTheOrderedHeadsOfTheWindow(seed: Int) {
        var random = SeededRandomNumberGenerator(seed: UInt64(seed))
        var lanes = PendingLanes(capacityPerEndpoint: 40)
        var ids: [String] = []
        // Events fan out to several endpoints with one sequence each, so sequences tie across lanes.
        for sequence in 1...120 {
            let subject = "s\(Int.random(in: 0..<12, using: &random))"
            for endpoint in 0..<5 where Bool.random(using: &random) {
                let id = "m\(sequence)_\(endpoint)"
                ids.append(id)
                lanes.append(Self.entry(id, endpoint: "ep_\(endpoint)", subject: subject, sequence: Int64(sequence)))
            }
        }
        let inFlight = Set(ids.filter { _ in Int.random(in: 0..<4, using: &random) == 0 })
        // Some wait for a retry, which takes no place in the window.
        for id in ids where Int.random(in: 0..<3, using: &random) == 0 {
            var waiting = MessageState.new(at: Self.now)
            waiting.attempts = 1
            waiting.nextAttemptAt = Self.now.addingTimeInterval(60)
            lanes.update(messageID: id, endpointID: "ep_" + id.split(separator: "_").last!, state: waiting)
        }
        for perEndpoint in [1, 3, 16, 100] {
            let expected = DeliveryPlanner.orderedHeads(lanes.window(perEndpoint: perEndpoint, inFlight: inFlight, now: Self.now), inFlight: inFlight)
            #expect(lanes.heads(perEndpoint: perEndpoint, inFlight: inFlight, now: Self.now) == expected)
        }
    }

    /// Sixteen messages wait for retries hours away (the endpoint was down): a new message of
    /// another subject is still planned at once, while one of a waiting message's subject waits
    /// behind it. Before, the sixteen filled the window and held every message of the endpoint
    /// until their own retries (session 21 review).
    @Test func messagesWaitingForARetryDoNotHoldOtherSubjectsBack() {
        var lanes = PendingLanes(capacityPerEndpoint: 100)
        for sequence in 1...16 {
            lanes.append(Self.entry("old\(sequence)", subject: "s\(sequence)", sequence: Int64(sequence)))
            var waiting = MessageState.new(at: Self.now)
            waiting.attempts = 5
            waiting.nextAttemptAt = Self.now.addingTimeInterval(2 * 3600)
            lanes.update(messageID: "old\(sequence)", endpointID: "ep_1", state: waiting)
        }
        lanes.append(Self.entry("new", subject: "fresh", sequence: 17))
        lanes.append(Self.entry("behind", subject: "s3", sequence: 18))
        let heads = lanes.heads(perEndpoint: 16, inFlight: [], now: Self.now)
        #expect(heads.map(\.messageID).contains("new"))
        #expect(!heads.map(\.messageID).contains("behind"), "its subject's earlier message still waits")
        var limiter = RobotRateLimiter()
        let plan = DeliveryPlanner.plan(
            heads: heads, endpoints: ["ep_1": WebhookEndpoint(id: "ep_1", communityID: "c", url: "https://rx.example/hook", format: .standard, events: try! EventTypeFilter(["*"]), secrets: [])],
            limiter: &limiter, now: Self.now, maxBatch: 16)
        #expect(plan.ready.map(\.messageID) == ["new"])
        #expect(plan.nextWakeAt == Self.now.addingTimeInterval(2 * 3600))
    }
}

