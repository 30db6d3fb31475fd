import Foundation
import LinliDelivery
import LinliDomain
import LinliTestSupport
import Testing
@testable import LinliApp
@testable import LinliStore

/// When the recording loop writes the results gathered so far, and when it lets them gather.
@Suite struct DeliveryWorkerStateTests {
    static let now = Date(timeIntervalSince1970: 1_700_000_000)

    static func write(_ id: String, status: MessageStatus = .delivered, sentTo: String? = nil) -> DeliveryWrite {
        var state = MessageState.new(at: now)
        state.status = status
        state.attempts = 1
        let attempt = AttemptRecord(
            messageID: id, endpointID: "wep_1", number: 1, part: 0, startedAt: now, duration: .milliseconds(3), statusCode: 204,
            outcome: "delivered", failure: nil, responseExcerpt: "")
        return DeliveryWrite(
            messageID: WebhookMessageID(trusted: id), communityID: CommunityID(trusted: "com_1"),
            decision: DeliveryDecision(message: state, attempt: attempt, health: EndpointHealth(lastSuccessAt: now), outcome: .delivered, decidedAt: now),
            sentTo: sentTo)
    }

    /// A worker state holding one WeCom robot (`wep_1`, key `robot-key-123456`) that takes `listing.*`.
    static func robotState() throws -> DeliveryWorkerState {
        var state = DeliveryWorkerState(capacityPerEndpoint: 64)
        state.reloadNeeded = false
        state.leading = true
        let endpoint = WebhookEndpoint(
            id: "wep_1", communityID: "com_1", url: "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=robot-key-123456",
            format: .wecom, events: try EventTypeFilter(["listing.*"]), secrets: [])
        state.endpoints["wep_1"] = StoredEndpoint(
            id: WebhookEndpointID(trusted: "wep_1"), communityID: CommunityID(trusted: "com_1"), endpoint: endpoint, health: EndpointHealth(),
            disabledReason: nil, secrets: [], startsAfterSequence: 0, createdAt: now, updatedAt: now, version: 1, validUntil: nil)
        state.policyEndpoints["wep_1"] = endpoint
        return state
    }

    /// `count` `listing.published` messages for `wep_1`, each its own subject (`msg_0`, `msg_1`, …).
    static func queueListings(_ count: Int, in state: inout DeliveryWorkerState) {
        for index in 0..<count {
            let event = OutboundEvent(
                id: "evt_\(index)", type: "listing.published", communityID: "com_1", subject: "s\(index)", occurredAt: now,
                payload: ["title": "旧书架", "listing_id": .string("lst_\(index)")])
            state.lanes.append(PendingLanes.Entry(
                message: QueuedMessage(messageID: "msg_\(index)", endpointID: "wep_1", subject: "s\(index)", sequence: Int64(index), state: .new(at: now)),
                occurredAt: now, event: PreparedEvent(event)))
        }
    }

    /// A state with `sending` sends under way (claimed and started by the sending loop).
    static func state(sending: Int) -> DeliveryWorkerState {
        var state = DeliveryWorkerState(capacityPerEndpoint: 10)
        state.sending = sending
        state.reloadNeeded = false
        state.leading = true
        return state
    }

    @Test func resultsGatherWhileOtherSendsAreUnderWay() {
        let start = ContinuousClock.now
        var state = Self.state(sending: 3)
        state.finishedSend(Self.write("msg_1"), at: start, policy: DeliveryPolicy())
        #expect(state.sending == 2)
        #expect(state.takeResults(batch: 3, delay: .milliseconds(20), now: start).isEmpty, "two sends still under way")
        #expect(state.finished.count == 1, "nothing was taken")
        state.finishedSend(Self.write("msg_2"), at: start, policy: DeliveryPolicy())
        #expect(!state.resultsDue(batch: 3, delay: .milliseconds(20), now: start + .milliseconds(19)))
        #expect(state.resultsDue(batch: 3, delay: .milliseconds(20), now: start + .milliseconds(20)), "the oldest waited long enough")
        #expect(state.resultsDue(batch: 2, delay: .milliseconds(20), now: start), "a full batch")
    }

    @Test func resultsAreWrittenAtOnceWhenNothingElseIsUnderWay() {
        let start = ContinuousClock.now
        var state = Self.state(sending: 2)
        state.finishedSend(Self.write("msg_1"), at: start, policy: DeliveryPolicy())
        state.finishedSend(Self.write("msg_2"), at: start, policy: DeliveryPolicy())
        let taken = state.takeResults(batch: 100, delay: .seconds(60), now: start)
        #expect(taken.map(\.messageID.rawValue) == ["msg_1", "msg_2"], "in the order they were decided")
        #expect(state.finished.isEmpty && state.finishedSince == nil)
    }

    @Test func stoppingOrAReloadTakesEveryResult() {
        let start = ContinuousClock.now
        var state = Self.state(sending: 5)
        state.finishedSend(Self.write("msg_1"), at: start, policy: DeliveryPolicy())
        state.reloadNeeded = true
        #expect(state.resultsDue(batch: 100, delay: .seconds(60), now: start), "a reload reads the queue back: write first")
        state.reloadNeeded = false
        state.stopping = true
        #expect(state.resultsDue(batch: 100, delay: .seconds(60), now: start))
    }

    @Test func resultsThatCouldNotBeWrittenGoBackToTheFront() {
        let start = ContinuousClock.now
        var state = Self.state(sending: 2)
        state.finishedSend(Self.write("msg_1"), at: start, policy: DeliveryPolicy())
        let taken = state.takeAllResults()
        state.finishedSend(Self.write("msg_2"), at: start + .milliseconds(5), policy: DeliveryPolicy())
        state.restore(taken, at: start + .milliseconds(6))
        #expect(state.finished.map(\.messageID.rawValue) == ["msg_1", "msg_2"])
        #expect(state.finishedSince == start + .milliseconds(5), "the oldest waiting result counts")
    }

    @Test func aPlanningPassIsWantedWhenNothingIsClaimedAndCountsSendsSinceTheLastPass() {
        var state = Self.state(sending: 3)
        #expect(state.wantsPlan(lookahead: 128), "nothing claimed: a freed slot would go unused")
        state.finishedSend(Self.write("msg_1"), at: .now, policy: DeliveryPolicy())
        state.finishedSend(Self.write("msg_2"), at: .now, policy: DeliveryPolicy())
        #expect(state.finishedSincePlan == 2)
        let planned = state.plan(maxInFlight: 4, lookahead: 8, laneWindow: 16, now: Self.now)
        #expect(planned.starts.isEmpty, "the queue is empty")
        #expect(state.finishedSincePlan == 0, "a pass starts the count again")
    }

    /// A retry is not planned from memory before its result is written: the pass that writes it
    /// also reloads after a change made meanwhile, which is how a message cancelled while it was
    /// being sent stays cancelled even when the recording loop runs late (a busy machine).
    @Test func aRetryStaysClaimedUntilItsResultIsWritten() {
        var state = Self.state(sending: 2)
        state.inFlight = ["msg_retry", "msg_done"]
        let retry = Self.write("msg_retry", status: .pending)
        state.finishedSend(retry, at: .now, policy: DeliveryPolicy())
        state.finishedSend(Self.write("msg_done"), at: .now, policy: DeliveryPolicy())
        #expect(state.inFlight == ["msg_retry"], "a finished message is free at once, a retry only once written")
        let taken = state.takeAllResults()
        state.restore(taken, at: .now)
        #expect(state.inFlight == ["msg_retry"], "a write that failed leaves it claimed")
        state.recorded(state.takeAllResults())
        #expect(state.inFlight.isEmpty)
    }

    /// Two sends to one endpoint planned on the same health (failing for nearly five days): a
    /// success, then a failure. The failure is applied on the health the success left, so the
    /// endpoint starts a new failing period instead of being disabled as failing too long, in
    /// memory and in the result to write (session 15 review).
    @Test func resultsApplyToTheirEndpointOneAfterAnother() throws {
        var state = Self.state(sending: 2)
        let planned = EndpointHealth(failingSince: Self.now.addingTimeInterval(-5 * 86_400 + 10))
        let endpoint = WebhookEndpoint(
            id: "wep_1", communityID: "com_1", url: "https://hooks.example.com/x", format: .standard, events: try EventTypeFilter(["*"]),
            secrets: [try WebhookSecret(encoded: "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")])
        state.endpoints["wep_1"] = StoredEndpoint(
            id: WebhookEndpointID(trusted: "wep_1"), communityID: CommunityID(trusted: "com_1"), endpoint: endpoint, health: planned,
            disabledReason: nil, secrets: [], startsAfterSequence: 0, createdAt: Self.now, updatedAt: Self.now, version: 1, validUntil: nil)
        let policy = DeliveryPolicy()
        var generator = SystemRandomNumberGenerator()
        func write(_ id: String, _ status: Int, at now: Date) -> DeliveryWrite {
            let decision = policy.decide(
                messageID: id, message: .new(at: now), endpoint: endpoint, health: planned, part: 0, partCount: 1,
                result: TransportResult(statusCode: status, bodyExcerpt: Data(), duration: .milliseconds(3)), startedAt: now, now: now,
                using: &generator)
            return DeliveryWrite(messageID: WebhookMessageID(trusted: id), communityID: CommunityID(trusted: "com_1"), decision: decision)
        }
        state.finishedSend(write("msg_ok", 200, at: Self.now), at: .now, policy: policy)
        state.finishedSend(write("msg_503", 503, at: Self.now.addingTimeInterval(20)), at: .now, policy: policy)
        #expect(state.endpoints["wep_1"]?.health == EndpointHealth(
            failingSince: Self.now.addingTimeInterval(20), lastSuccessAt: Self.now, lastFailureAt: Self.now.addingTimeInterval(20)))
        #expect(!state.reloadNeeded, "nothing disabled")
        let results = state.takeAllResults()
        #expect(results.map(\.decision.disableEndpoint) == [nil, nil])
        #expect(results.last?.decision.health == state.endpoints["wep_1"]?.health, "the store gets the health memory has")
    }

    /// A WeCom robot that stopped taking `member.notified` has 25 of them queued (each its own
    /// subject), then a `listing.published`. One planning pass cancels the 25 without taking the
    /// robot's allowance (twenty a minute) and starts the listing's message at once (session 15
    /// review: the cancellations used the allowance up, and the group heard nothing for minutes).
    @Test func cancelledRobotMessagesDoNotUseItsAllowance() throws {
        var state = try Self.robotState()
        func entry(_ index: Int, type: String) -> PendingLanes.Entry {
            let event = OutboundEvent(
                id: "evt_\(index)", type: type, communityID: "com_1", subject: "s\(index)", occurredAt: Self.now,
                payload: ["title": "旧书架", "listing_id": "lst_1"])
            return PendingLanes.Entry(
                message: QueuedMessage(messageID: "msg_\(index)", endpointID: "wep_1", subject: "s\(index)", sequence: Int64(index), state: .new(at: Self.now)),
                occurredAt: Self.now, event: PreparedEvent(event))
        }
        for index in 0..<25 { state.lanes.append(entry(index, type: "member.notified")) }
        state.lanes.append(entry(25, type: "listing.published"))
        let planned = state.plan(maxInFlight: 8, lookahead: 128, laneWindow: 64, now: Self.now)
        #expect(planned.starts.map(\.message.messageID) == ["msg_25"], "the listing goes out at once")
        #expect(state.cancellations.count == 25 && planned.needsRecorder)
        #expect(state.limiter.check(key: "robot-key-123456", windows: PlatformLimits.rateLimits(for: .wecom), now: Self.now) == .allowed)
        #expect(state.admissions["msg_25"]?.at == Self.now, "the one send planned holds one admission")
    }

    /// A chat group gets one message at a time, in order, and a message split in two keeps the
    /// group between its parts until its first part's result is written (session 15 review:
    /// another subject's message could land between the parts).
    @Test func aRobotSendsOneMessageAtATimeAndASplitMessagesPartsTogether() throws {
        var state = try Self.robotState()
        Self.queueListings(3, in: &state)
        func plan() -> [String] { state.plan(maxInFlight: 8, lookahead: 16, laneWindow: 64, now: Self.now).starts.map(\.message.messageID) }
        func finished(_ id: String, status: MessageStatus, parts: Int) -> DeliveryWrite {
            var message = MessageState.new(at: Self.now)
            message.status = status
            message.attempts = 1
            message.partsDelivered = parts
            let attempt = AttemptRecord(
                messageID: id, endpointID: "wep_1", number: 1, part: parts - 1, startedAt: Self.now, duration: .milliseconds(3), statusCode: 200,
                outcome: "delivered", failure: nil, responseExcerpt: "")
            let write = DeliveryWrite(
                messageID: WebhookMessageID(trusted: id), communityID: CommunityID(trusted: "com_1"),
                decision: DeliveryDecision(message: message, attempt: attempt, health: EndpointHealth(), outcome: .delivered, decidedAt: Self.now))
            state.finishedSend(write, at: .now, policy: DeliveryPolicy())
            return write
        }
        #expect(plan() == ["msg_0"], "one message at a time")
        #expect(plan() == [], "the group is busy while it is sent")
        let firstPart = finished("msg_0", status: .pending, parts: 1)
        #expect(plan() == [], "between its parts the message keeps the group")
        state.recorded([firstPart])
        #expect(plan() == ["msg_0"], "its second part comes next, before the other messages")
        // The second part fails and waits for a retry: the group still waits for it.
        let retry = finished("msg_0", status: .pending, parts: 1)
        state.lanes.update(messageID: "msg_0", endpointID: "wep_1", state: {
            var waiting = retry.decision.message
            waiting.nextAttemptAt = Self.now.addingTimeInterval(5)
            return waiting
        }())
        state.recorded([retry])
        #expect(plan() == [], "a message between its parts holds the group through a retry")
        #expect(state.plan(maxInFlight: 8, lookahead: 16, laneWindow: 64, now: Self.now.addingTimeInterval(6)).starts.map(\.message.messageID) == ["msg_0"])
        _ = finished("msg_0", status: .delivered, parts: 2)
        #expect(plan() == ["msg_1"])
    }

    /// Session 27 review (helper 83): the message between its parts was looked for among the
    /// heads only. Behind a burst of due retries filling the window it was not among them, the
    /// group counted as free, and an earlier message landed between its parts. It holds the group
    /// wherever it stands, and goes as soon as it is due.
    @Test func aSplitMessageHoldsItsGroupFromOutsideTheWindow() throws {
        var state = try Self.robotState()
        Self.queueListings(3, in: &state)
        var due = MessageState.new(at: Self.now)
        due.attempts = 1
        due.nextAttemptAt = Self.now
        state.lanes.update(messageID: "msg_0", endpointID: "wep_1", state: due)
        state.lanes.update(messageID: "msg_1", endpointID: "wep_1", state: due)
        var between = MessageState.new(at: Self.now)
        between.attempts = 2
        between.partsDelivered = 1
        between.nextAttemptAt = Self.now.addingTimeInterval(5)
        state.lanes.update(messageID: "msg_2", endpointID: "wep_1", state: between)
        func plan(at seconds: TimeInterval) -> [String] {
            state.plan(maxInFlight: 8, lookahead: 16, laneWindow: 2, now: Self.now.addingTimeInterval(seconds)).starts.map(\.message.messageID)
        }
        #expect(plan(at: 0) == [], "msg_2 is between its parts: nothing else goes to the group")
        #expect(plan(at: 6) == ["msg_2"], "its next part goes when due, from outside the window")
    }

    /// Two endpoints posting to the same group robot (one key) are one group: it reads one
    /// message at a time whichever endpoint queued it (session 15 review: "one at a time" was per
    /// endpoint, and two endpoints interleaved their messages in one chat).
    @Test func twoEndpointsOfOneRobotKeyShareItsTurn() throws {
        var state = try Self.robotState()
        var twin = try #require(state.endpoints["wep_1"])
        let twinEndpoint = WebhookEndpoint(
            id: "wep_2", communityID: "com_1", url: "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=robot-key-123456",
            format: .wecom, events: try EventTypeFilter(["listing.*"]), secrets: [])
        twin = StoredEndpoint(
            id: WebhookEndpointID(trusted: "wep_2"), communityID: twin.communityID, endpoint: twinEndpoint, health: EndpointHealth(),
            disabledReason: nil, secrets: [], startsAfterSequence: 0, createdAt: Self.now, updatedAt: Self.now, version: 1, validUntil: nil)
        state.endpoints["wep_2"] = twin
        state.policyEndpoints["wep_2"] = twinEndpoint
        for (index, endpoint) in ["wep_1", "wep_2"].enumerated() {
            let event = OutboundEvent(
                id: "evt_\(index)", type: "listing.published", communityID: "com_1", subject: "s\(index)", occurredAt: Self.now,
                payload: ["title": "旧书架", "listing_id": .string("lst_\(index)")])
            state.lanes.append(PendingLanes.Entry(
                message: QueuedMessage(messageID: "msg_\(index)", endpointID: endpoint, subject: "s\(index)", sequence: Int64(index), state: .new(at: Self.now)),
                occurredAt: Self.now, event: PreparedEvent(event)))
        }
        let first = state.plan(maxInFlight: 8, lookahead: 16, laneWindow: 64, now: Self.now).starts.map(\.message.messageID)
        #expect(first.count == 1, "one message for the group at a time: \(first)")
        #expect(state.plan(maxInFlight: 8, lookahead: 16, laneWindow: 64, now: Self.now).starts.isEmpty)
    }

    /// The planner takes one of the robot's twenty a minute for each message it plans. A message
    /// whose text could not be rendered sent nothing and gives it back; one that went out keeps it.
    @Test(arguments: [true, false])
    func aMessageThatCouldNotBeRenderedGivesTheAllowanceBack(unrenderable: Bool) throws {
        var state = try Self.robotState()
        let event = OutboundEvent(
            id: "evt_0", type: "listing.published", communityID: "com_1", subject: "s0", occurredAt: Self.now,
            payload: ["title": "旧书架", "listing_id": "lst_0"])
        state.lanes.append(PendingLanes.Entry(
            message: QueuedMessage(messageID: "msg_0", endpointID: "wep_1", subject: "s0", sequence: 0, state: .new(at: Self.now)),
            occurredAt: Self.now, event: PreparedEvent(event)))
        let start = try #require(state.plan(maxInFlight: 8, lookahead: 16, laneWindow: 64, now: Self.now).starts.first)
        let endpoint = start.endpoint
        let policy = DeliveryPolicy()
        var random = SystemRandomNumberGenerator()
        let decision = unrenderable
            ? policy.decideRenderFailure(
                messageID: "msg_0", message: start.message.state, endpoint: endpoint.endpoint, health: endpoint.health,
                reason: FailureReason(code: "render.too_long", detail: "test"), now: Self.now)
            : policy.decide(
                messageID: "msg_0", message: start.message.state, endpoint: endpoint.endpoint, health: endpoint.health, part: 0,
                partCount: 1, result: TransportResult(statusCode: 200, bodyExcerpt: Data(#"{"errcode":0}"#.utf8), duration: .milliseconds(5)),
                startedAt: Self.now, now: Self.now, using: &random)
        state.finishedSend(
            DeliveryWrite(messageID: WebhookMessageID(trusted: "msg_0"), communityID: CommunityID(trusted: "com_1"), decision: decision),
            at: .now, policy: policy)
        let windows = PlatformLimits.rateLimits(for: .wecom)
        var allowed = 0
        while allowed < 25, state.limiter.acquire(key: "robot-key-123456", windows: windows, now: Self.now) == .allowed { allowed += 1 }
        #expect(allowed == (unrenderable ? 20 : 19), "sends the minute still allows")
    }

    /// A worker that does not hold the sender lock plans nothing: another server sends (helper 119).
    @Test func aWorkerWithoutTheSenderLockPlansNothing() throws {
        var state = try Self.robotState()
        Self.queueListings(1, in: &state)
        state.leading = false
        #expect(state.plan(maxInFlight: 8, lookahead: 16, laneWindow: 64, now: Self.now).starts.isEmpty)
        state.leading = true
        #expect(state.plan(maxInFlight: 8, lookahead: 16, laneWindow: 64, now: Self.now).starts.map(\.message.messageID) == ["msg_0"])
    }

    /// The platform answering "too fast" holds the whole robot for the retry's delay: its other
    /// messages wait instead of being sent into the block one by one (helper 119).
    @Test func aRateLimitAnswerHoldsTheWholeRobot() throws {
        var state = try Self.robotState()
        Self.queueListings(3, in: &state)
        let start = try #require(state.plan(maxInFlight: 8, lookahead: 16, laneWindow: 64, now: Self.now).starts.first)
        let policy = DeliveryPolicy()
        var random = SystemRandomNumberGenerator()
        let decision = policy.decide(
            messageID: start.message.messageID, message: start.message.state, endpoint: start.endpoint.endpoint, health: start.endpoint.health,
            part: 0, partCount: 1,
            result: TransportResult(statusCode: 200, bodyExcerpt: Data(#"{"errcode":45009,"errmsg":"api freq out of limit"}"#.utf8), duration: .milliseconds(5)),
            startedAt: Self.now, now: Self.now, using: &random)
        state.finishedSend(
            DeliveryWrite(messageID: WebhookMessageID(trusted: start.message.messageID), communityID: CommunityID(trusted: "com_1"), decision: decision),
            at: .now, policy: policy)
        state.recorded(state.takeAllResults())
        let windows = PlatformLimits.rateLimits(for: .wecom)
        #expect(state.limiter.check(key: "robot-key-123456", windows: windows, now: Self.now.addingTimeInterval(59)) == .wait(until: Self.now.addingTimeInterval(60)))
        #expect(state.plan(maxInFlight: 8, lookahead: 16, laneWindow: 64, now: Self.now.addingTimeInterval(30)).starts.isEmpty, "the other messages wait too")
        #expect(!state.plan(maxInFlight: 8, lookahead: 16, laneWindow: 64, now: Self.now.addingTimeInterval(61)).starts.isEmpty)
    }

    /// A worker taking over counts what the robots were sent in the last minute from the attempt
    /// log (helper 119: a restart forgot it). A platform's block is not read from there: the log
    /// gives only the platform's minimum and names the endpoint, whose robot may have changed
    /// since (helper 183); the endpoints carry it (`aStoredRobotLimitHoldsTheRobotWhenRead`).
    @Test func takingOverRemembersTheRobotsRecentSends() throws {
        var state = try Self.robotState()
        let windows = PlatformLimits.rateLimits(for: .wecom)
        let sent = (0..<20).map {
            WebhookQueue.RecentAttempt(endpointID: "wep_1", startedAt: Self.now.addingTimeInterval(Double(-50 + $0)), statusCode: 200)
        }
        let unsent = WebhookQueue.RecentAttempt(endpointID: "wep_1", startedAt: Self.now.addingTimeInterval(-5), statusCode: nil)
        state.rememberRobotSends(sent + [unsent], now: Self.now)
        #expect(state.limiter.check(key: "robot-key-123456", windows: windows, now: Self.now) == .wait(until: Self.now.addingTimeInterval(10)),
                "20 sends in the last minute, the unsent attempt not counted")
    }

    /// A chat endpoint read with a running pause (its robot's block, kept on every endpoint of the
    /// robot with its full delay since 0.47) holds the robot: a restarted worker rebuilt a
    /// `Retry-After` beyond the platform's minimum at the minimum from the attempt log, and sent
    /// the robot's messages into the rest of the block.
    @Test func aStoredRobotLimitHoldsTheRobotWhenRead() throws {
        let url = "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=robot-key-123456"
        func stored(_ id: String, pausedUntil: Date?) throws -> StoredEndpoint {
            let endpoint = WebhookEndpoint(
                id: id, communityID: "com_1", url: url, format: .wecom, events: try EventTypeFilter(["listing.*"]), secrets: [])
            return StoredEndpoint(
                id: WebhookEndpointID(trusted: id), communityID: CommunityID(trusted: "com_1"), endpoint: endpoint,
                health: EndpointHealth(), disabledReason: nil, secrets: [], startsAfterSequence: 0, createdAt: Self.now,
                updatedAt: Self.now, version: 1, validUntil: nil, pausedUntil: pausedUntil)
        }
        var state = try Self.robotState()
        state.reloaded(
            [], endpoints: ["wep_1": try stored("wep_1", pausedUntil: Self.now.addingTimeInterval(600)), "wep_2": try stored("wep_2", pausedUntil: nil)],
            fanned: FanOutResult(), generation: 1)
        #expect(state.limiter.check(key: "robot-key-123456", windows: [], now: Self.now) == .wait(until: Self.now.addingTimeInterval(600)))
        Self.queueListings(2, in: &state)
        #expect(state.plan(maxInFlight: 8, lookahead: 16, laneWindow: 64, now: Self.now.addingTimeInterval(60)).starts.isEmpty,
                "held past the platform's minimum")
        #expect(!state.plan(maxInFlight: 8, lookahead: 16, laneWindow: 64, now: Self.now.addingTimeInterval(601)).starts.isEmpty)
    }

    /// A standard endpoint read with a running pause (migration 0049: stored with the attempt that
    /// carried it) holds its messages in this worker too: after a restart, or when another process
    /// was told (helper 159 #9).
    @Test func aStoredPauseHoldsTheEndpointWhenRead() throws {
        let endpoint = WebhookEndpoint(
            id: "wep_9", communityID: "com_1", url: "https://hooks.example.org/busy", format: .standard,
            events: try EventTypeFilter(["listing.*"]), secrets: [])
        func stored(pausedUntil: Date?) -> StoredEndpoint {
            StoredEndpoint(
                id: WebhookEndpointID(trusted: "wep_9"), communityID: CommunityID(trusted: "com_1"), endpoint: endpoint,
                health: EndpointHealth(), disabledReason: nil, secrets: [], startsAfterSequence: 0, createdAt: Self.now,
                updatedAt: Self.now, version: 1, validUntil: nil, pausedUntil: pausedUntil)
        }
        let key = DeliveryPlanner.pauseKey("wep_9")
        var state = Self.state(sending: 0)
        state.reloaded([], endpoints: ["wep_9": stored(pausedUntil: Self.now.addingTimeInterval(1800))], fanned: FanOutResult(), generation: 1)
        #expect(state.limiter.check(key: key, windows: [], now: Self.now) == .wait(until: Self.now.addingTimeInterval(1800)))

        var unpaused = Self.state(sending: 0)
        unpaused.reloaded([], endpoints: ["wep_9": stored(pausedUntil: nil)], fanned: FanOutResult(), generation: 1)
        #expect(unpaused.limiter.check(key: key, windows: [], now: Self.now) == .allowed)

        // Read again unchanged, the pause held here stays; an edit that cleared the stored one (a
        // new address, re-enabled) ends it here too (helper 164 #2).
        state.reloaded([], endpoints: ["wep_9": stored(pausedUntil: nil)], fanned: FanOutResult(), generation: 2)
        #expect(state.limiter.check(key: key, windows: [], now: Self.now) == .wait(until: Self.now.addingTimeInterval(1800)))
        let edited = stored(pausedUntil: nil)
        let newer = StoredEndpoint(
            id: edited.id, communityID: edited.communityID, endpoint: edited.endpoint, health: edited.health, disabledReason: nil, secrets: [],
            startsAfterSequence: 0, createdAt: Self.now, updatedAt: Self.now, version: 2, validUntil: nil)
        state.reloaded([], endpoints: ["wep_9": newer], fanned: FanOutResult(), generation: 3)
        #expect(state.limiter.check(key: key, windows: [], now: Self.now) == .allowed)

        // Another edit (its description) while a 429 only this worker knows of waits to be
        // written: the reload finds no stored pause, and the pause comes back with the results
        // not yet committed (helper 165 #1).
        var refused = Self.write("msg_9", sentTo: "https://hooks.example.org/busy")
        refused.decision.attempt.endpointID = "wep_9"
        refused.decision.attempt.statusCode = 429
        refused.decision.outcome = .retry(notBefore: 600, reason: FailureReason(code: "http.429", detail: "too many"))
        state.sending = 1
        state.finishedSend(refused, at: .now, policy: DeliveryPolicy())
        #expect(state.limiter.check(key: key, windows: [], now: Self.now) == .wait(until: Self.now.addingTimeInterval(600)))
        let renamed = StoredEndpoint(
            id: edited.id, communityID: edited.communityID, endpoint: edited.endpoint, health: edited.health, disabledReason: nil, secrets: [],
            startsAfterSequence: 0, createdAt: Self.now, updatedAt: Self.now.addingTimeInterval(5), version: 3, validUntil: nil)
        state.reloaded([], endpoints: ["wep_9": renamed], fanned: FanOutResult(), generation: 4)
        state.reapplyUncommitted()
        #expect(state.limiter.check(key: key, windows: [], now: Self.now) == .wait(until: Self.now.addingTimeInterval(600)))

        // A refusal from the address the endpoint no longer sends to pauses nothing (helpers 165 #3,
        // 166 #1).
        var elsewhere = edited.endpoint
        elsewhere.url = "https://hooks.example.org/new"
        let moved = StoredEndpoint(
            id: edited.id, communityID: edited.communityID, endpoint: elsewhere, health: edited.health, disabledReason: nil, secrets: [],
            startsAfterSequence: 0, createdAt: Self.now, updatedAt: Self.now.addingTimeInterval(1), version: 4, validUntil: nil)
        var fresh = Self.state(sending: 1)
        fresh.reloaded([], endpoints: ["wep_9": moved], fanned: FanOutResult(), generation: 1)
        fresh.finishedSend(refused, at: .now, policy: DeliveryPolicy())
        #expect(fresh.limiter.check(key: key, windows: [], now: Self.now) == .allowed)
    }

    /// Helper 171 #1: a 429 held the endpoint's later plans, but the messages already claimed for
    /// it went on from the ready list, each into the pause. They are released with the pause
    /// and planned again when it ends; another endpoint's claims go on.
    @Test func aPauseReleasesTheEndpointsClaimedMessages() throws {
        var state = Self.state(sending: 0)
        var endpoints: [String: StoredEndpoint] = [:]
        for id in ["wep_9", "wep_8"] {
            let endpoint = WebhookEndpoint(
                id: id, communityID: "com_1", url: "https://hooks.example.org/\(id)", format: .standard,
                events: try EventTypeFilter(["listing.*"]), secrets: [])
            endpoints[id] = StoredEndpoint(
                id: WebhookEndpointID(trusted: id), communityID: CommunityID(trusted: "com_1"), endpoint: endpoint,
                health: EndpointHealth(), disabledReason: nil, secrets: [], startsAfterSequence: 0, createdAt: Self.now,
                updatedAt: Self.now, version: 1, validUntil: nil)
        }
        state.reloaded([], endpoints: endpoints, fanned: FanOutResult(), generation: 1)
        for index in 0..<4 {
            let endpoint = index == 3 ? "wep_8" : "wep_9"
            state.lanes.append(PendingLanes.Entry(
                message: QueuedMessage(messageID: "msg_\(index)", endpointID: endpoint, subject: "s\(index)", sequence: Int64(index), state: .new(at: Self.now)),
                occurredAt: Self.now, event: nil))
        }
        let first = try #require(state.plan(maxInFlight: 1, lookahead: 8, laneWindow: 16, now: Self.now).starts.first)
        #expect(first.message.messageID == "msg_0" && state.ready.count == 3)
        var refused = Self.write("msg_0", status: .pending, sentTo: "https://hooks.example.org/wep_9")
        refused.decision.attempt.endpointID = "wep_9"
        refused.decision.attempt.statusCode = 429
        refused.decision.outcome = .retry(notBefore: 3600, reason: FailureReason(code: "http.429", detail: "too many"))
        state.finishedSend(refused, at: .now, policy: DeliveryPolicy())
        #expect(state.nextReady()?.message.messageID == "msg_3", "the other endpoint's claim goes on")
        #expect(state.nextReady() == nil, "none of the paused endpoint's claims goes into the pause")
        #expect(!state.inFlight.contains("msg_1") && !state.inFlight.contains("msg_2"), "released, to be planned again")
        state.recorded(state.takeAllResults())
        #expect(state.plan(maxInFlight: 8, lookahead: 8, laneWindow: 16, now: Self.now.addingTimeInterval(60)).starts.isEmpty)
        let after = state.plan(maxInFlight: 8, lookahead: 8, laneWindow: 16, now: Self.now.addingTimeInterval(3601)).starts
        #expect(Set(after.map(\.message.messageID)) == ["msg_0", "msg_1", "msg_2"])
    }

    /// Helper 171 #4: a failure finished on an endpoint failing for days, still unwritten when a
    /// reload read `enabled: true` (a new version, the streak cleared), put the old streak back
    /// over the fresh one. Health decided on an older version is not reapplied.
    @Test func aStaleStreakIsNotReappliedOverAnEditedEndpoint() throws {
        let old = Self.now.addingTimeInterval(-4.99 * 86_400)
        let endpoint = WebhookEndpoint(
            id: "wep_9", communityID: "com_1", url: "https://hooks.example.org/mended", format: .standard,
            events: try EventTypeFilter(["listing.*"]), secrets: [])
        func stored(version: Int, health: EndpointHealth) -> StoredEndpoint {
            StoredEndpoint(
                id: WebhookEndpointID(trusted: "wep_9"), communityID: CommunityID(trusted: "com_1"), endpoint: endpoint, health: health,
                disabledReason: nil, secrets: [], startsAfterSequence: 0, createdAt: Self.now, updatedAt: Self.now, version: version, validUntil: nil)
        }
        var state = Self.state(sending: 1)
        let failing = EndpointHealth(failingSince: old, lastFailureAt: Self.now.addingTimeInterval(-60))
        state.reloaded([], endpoints: ["wep_9": stored(version: 1, health: failing)], fanned: FanOutResult(), generation: 1)
        var failed = Self.write("msg_9", status: .pending, sentTo: endpoint.url)
        failed.decision.attempt.endpointID = "wep_9"
        failed.decision.attempt.statusCode = 500
        failed.decision.outcome = .retry(notBefore: nil, reason: FailureReason(code: "http.500", detail: ""))
        failed.decision.health = EndpointHealth(failingSince: old, lastFailureAt: Self.now)
        state.finishedSend(failed, at: .now, policy: DeliveryPolicy())
        #expect(state.finished.first?.endpointVersion == 1)
        state.reloaded([], endpoints: ["wep_9": stored(version: 2, health: EndpointHealth())], fanned: FanOutResult(), generation: 2)
        state.reapplyUncommitted()
        #expect(state.endpoints["wep_9"]?.health.failingSince == nil)
    }

    /// A change made elsewhere since the last reload stops planning from memory until the
    /// recording loop has reloaded (session 15 review: a retry due after a cancellation committed
    /// just after the retry's own result could go out on the old endpoint).
    @Test func aChangeMadeElsewhereWaitsForTheReload() {
        var state = Self.state(sending: 0)
        state.seenGeneration = 3
        #expect(!state.changedElsewhere(generation: 3) && !state.reloadNeeded)
        #expect(state.changedElsewhere(generation: 4) && state.reloadNeeded)
        #expect(state.ready.isEmpty && state.nextReady() == nil, "nothing planned on the old state goes out")
        state.reloaded([], endpoints: [:], fanned: FanOutResult(), generation: 4)
        #expect(!state.changedElsewhere(generation: 4) && !state.reloadNeeded)
    }

    /// After a result that disables an endpoint, planning waits for the reload: it had gone on
    /// claiming that endpoint's messages and sending them to a receiver already judged dead
    /// (session 21 review), and each of their failures disabled it again.
    @Test func planningWaitsForTheReloadAfterADisablingResult() throws {
        var state = try Self.robotState()
        Self.queueListings(2, in: &state)
        state.reloadNeeded = true
        let waiting = state.plan(maxInFlight: 8, lookahead: 16, laneWindow: 64, now: Self.now)
        #expect(waiting.starts.isEmpty && state.ready.isEmpty, "nothing is claimed before the reload")
        #expect(waiting.needsRecorder, "the recording loop is woken to reload")
        state.reloadNeeded = false
        #expect(state.plan(maxInFlight: 8, lookahead: 16, laneWindow: 64, now: Self.now).starts.map(\.message.messageID) == ["msg_0"])
    }
}


/// The sender lock beside the database file itself: two servers reaching it through different
/// symbolic links lock one file (helper 122), and a second holder is refused.
@Suite struct WebhookSenderLockTests {
    @Test func serversReachingTheDatabaseThroughALinkShareTheLock() throws {
        let scratch = try TemporaryDirectory(prefix: "linli-lock")
        let real = scratch.url.appendingPathComponent("linli.sqlite").path
        FileManager.default.createFile(atPath: real, contents: Data())
        let link = scratch.url.appendingPathComponent("linked.sqlite").path
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: real)
        let first = WebhookSenderLock(databasePath: real), second = WebhookSenderLock(databasePath: link)
        #expect(first.path == second.path)
        #expect(first.tryHold() == .held)
        #expect(second.tryHold() == .heldElsewhere)
        first.release()
        #expect(second.tryHold() == .held)
        second.release()
        #expect(WebhookSenderLock(databasePath: ":memory:").tryHold() == .held, "an in-memory database has no lock to take")
    }

    /// A lock file removed or replaced while held is noticed, so the sender can lock the new one
    /// before another server does (helper 122).
    @Test func aRemovedOrReplacedLockFileIsNoticed() throws {
        let scratch = try TemporaryDirectory(prefix: "linli-lock")
        let database = scratch.url.appendingPathComponent("linli.sqlite").path
        let lock = WebhookSenderLock(databasePath: database)
        #expect(lock.tryHold() == .held)
        #expect(!lock.wasReplaced())
        let path = try #require(lock.path)
        try FileManager.default.removeItem(atPath: path)
        #expect(lock.wasReplaced(), "removed")
        FileManager.default.createFile(atPath: path, contents: Data())
        #expect(lock.wasReplaced(), "replaced by another file")
        lock.release()
        #expect(lock.tryHold() == .held)
        #expect(!lock.wasReplaced())
        lock.release()
    }
}
