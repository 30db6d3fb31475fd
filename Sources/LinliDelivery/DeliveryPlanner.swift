import Foundation

/// Chooses what the worker sends next.
///
/// Ordering: per endpoint, a message is deliverable only when no earlier message with the same
/// subject is still pending (waiting for a retry counts) or in flight. Failed and cancelled
/// messages do not block: a message that will never be delivered must not freeze its subject.
/// For this to be exact the worker loads pending messages in sequence order, due or not.
///
/// Rate limits: a send is only planned when the robot's local limiter admits it; the admission is
/// recorded in `limiter`, so call `plan` once per actual sending round.
public enum DeliveryPlanner {
    public static func plan(
        queue: [QueuedMessage], endpoints: [String: WebhookEndpoint], inFlight: Set<String>,
        limiter: inout RobotRateLimiter, now: Date, maxBatch: Int
    ) -> DeliveryPlan {
        plan(heads: orderedHeads(queue, inFlight: inFlight), endpoints: endpoints, limiter: &limiter, now: now, maxBatch: maxBatch)
    }

    /// Plans from heads already chosen by the ordering rule (`orderedHeads`, or
    /// `PendingLanes.heads`, which gives the same list without copying the whole window).
    public static func plan(
        heads: [QueuedMessage], endpoints: [String: WebhookEndpoint], limiter: inout RobotRateLimiter, now: Date, maxBatch: Int
    ) -> DeliveryPlan {
        var plan = DeliveryPlan(ready: [], orphaned: [], nextWakeAt: nil)
        func wake(at date: Date) { plan.nextWakeAt = min(plan.nextWakeAt ?? date, date) }
        for message in heads {
            guard let endpoint = endpoints[message.endpointID], endpoint.enabled else {
                plan.orphaned.append(message)
                continue
            }
            guard message.state.isDue(at: now) else {
                if let due = message.state.nextAttemptAt { wake(at: due) }
                continue
            }
            guard plan.ready.count < maxBatch else { wake(at: now); break }
            if let key = endpoint.robotKey {
                let windows = PlatformLimits.rateLimits(for: endpoint.format)
                if case .wait(let until) = limiter.acquire(key: key, windows: windows, now: now) {
                    wake(at: until)
                    continue
                }
            } else if endpoint.format == .standard,
                      case .wait(let until) = limiter.check(key: pauseKey(endpoint.id), windows: [], now: now)
            {
                // The receiver asked for a pause (`ResponseClassifier.pausesEndpoint`).
                wake(at: until)
                continue
            }
            plan.ready.append(message)
        }
        return plan
    }

    /// The limiter key under which a `standard` endpoint's pause is kept (`RobotRateLimiter.block`):
    /// no rate windows, only the block.
    public static func pauseKey(_ endpointID: String) -> String { "endpoint:" + endpointID }

    /// The first pending message of every endpoint+subject that is not in flight and has no
    /// earlier pending sibling in flight, in sequence order.
    public static func orderedHeads(_ queue: [QueuedMessage], inFlight: Set<String>) -> [QueuedMessage] {
        struct Lane: Hashable { let endpoint: String; let subject: String }
        var seen: Set<Lane> = []
        seen.reserveCapacity(queue.count)
        var heads: [QueuedMessage] = []
        // Sorting positions, not the messages themselves: the worker plans many times a second and
        // moving whole messages (strings and state) dominated its profile. The sort is stable, as before.
        for index in queue.indices.sorted(by: { queue[$0].sequence < queue[$1].sequence }) {
            let message = queue[index]
            guard message.state.status == .pending else { continue }
            let lane = Lane(endpoint: message.endpointID, subject: message.subject)
            guard seen.insert(lane).inserted else { continue }
            if !inFlight.contains(message.messageID) { heads.append(message) }
        }
        return heads
    }
}
