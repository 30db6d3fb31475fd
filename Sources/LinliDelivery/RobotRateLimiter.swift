import Foundation

/// Local sliding-window rate limits per robot key, over injected time.
///
/// Exceeding a robot's limit is punished by the platform (DingTalk blocks the robot for ten
/// minutes), so Linli keeps under it locally and never spends an attempt on a send the platform
/// would refuse. The limiter remembers the send times of the last `max(limit)` sends per key, which
/// answers every window exactly; memory is bounded by keys × largest limit.
public struct RobotRateLimiter: Sendable {
    private var history: [String: [Date]] = [:]
    /// Robots the platform said are over their limit, with when they take messages again: the
    /// whole robot waits, not only the refused message (helper 119: the group's other messages
    /// were sent into DingTalk's ten-minute block one by one, each refused and each spending a
    /// retry).
    private var blocked: [String: Date] = [:]

    public init() {}

    /// Whether a send to `key` may happen at `now`; if so it is recorded. Otherwise returns the
    /// earliest time it could.
    public mutating func acquire(key: String, windows: [RateWindow], now: Date) -> RateDecision {
        let decision = check(key: key, windows: windows, now: now)
        if case .allowed = decision, let keep = windows.map(\.limit).max() {
            var sends = history[key, default: []]
            // In time order: a send restamped to its answer can be later than this `now`.
            sends.insert(now, at: sends.lastIndex { $0 <= now }.map { $0 + 1 } ?? 0)
            if sends.count > keep { sends.removeFirst(sends.count - keep) }
            history[key] = sends
        }
        return decision
    }

    /// Like `acquire` but records nothing.
    public func check(key: String, windows: [RateWindow], now: Date) -> RateDecision {
        let sends = history[key] ?? []
        var earliest: Date? = blocked[key].flatMap { $0 > now ? $0 : nil }
        for window in windows {
            let windowStart = now.addingTimeInterval(-window.seconds)
            let inWindow = sends.filter { $0 > windowStart }
            if inWindow.count >= window.limit {
                // Free again when the oldest send that keeps the count at the limit leaves the window.
                let blocker = inWindow[inWindow.count - window.limit]
                let freeAt = blocker.addingTimeInterval(window.seconds)
                earliest = max(earliest ?? freeAt, freeAt)
            }
        }
        return earliest.map(RateDecision.wait(until:)) ?? .allowed
    }

    /// Forgets one admission recorded at `date`: the send was planned but never made (the message
    /// was cancelled unsent, or its claim given up), so it must not use up the robot's allowance.
    public mutating func release(key: String, at date: Date) {
        guard var sends = history[key], let index = sends.lastIndex(of: date) else { return }
        sends.remove(at: index)
        history[key] = sends.isEmpty ? nil : sends
    }

    /// Moves one admission from when it was planned to when the send went out (`to`, later): a
    /// planned send can wait for a free slot and the host's queue for seconds, and the platform
    /// counts it when it arrives. Counting it at planning time let the next window's sends start
    /// early and two windows' worth reach the robot within one window.
    public mutating func restamp(key: String, from planned: Date, to sent: Date) {
        guard var sends = history[key] else { return }
        if let index = sends.lastIndex(of: planned) { sends.remove(at: index) }
        let position = sends.firstIndex { $0 > sent } ?? sends.endIndex
        sends.insert(sent, at: position)
        history[key] = sends
    }

    /// The platform refused a send to `key` as over its limit: nothing more goes to the robot
    /// before `until` (a later block only extends it).
    public mutating func block(key: String, until: Date) {
        blocked[key] = max(blocked[key] ?? until, until)
    }

    /// Ends a block before its time: the receiver it was asked by is no longer the one sent to (a
    /// new address), or an organizer says it is mended (re-enabled).
    public mutating func unblock(key: String) {
        blocked[key] = nil
    }

    /// A send made before this limiter existed (another server's, or this one's before a restart,
    /// read from the attempt log): counted as if admitted at `date`. A restart forgot the sends of
    /// the minute before it, and the robot received a second minute's allowance at once (helper 119).
    public mutating func recordPast(key: String, at date: Date) {
        var sends = history[key, default: []]
        sends.insert(date, at: sends.lastIndex { $0 <= date }.map { $0 + 1 } ?? 0)
        history[key] = sends
    }

    /// Drops history older than `horizon` (call occasionally so removed robots do not accumulate).
    public mutating func prune(olderThan horizon: Date) {
        history = history.compactMapValues { sends in
            let kept = sends.filter { $0 > horizon }
            return kept.isEmpty ? nil : kept
        }
        blocked = blocked.filter { $0.value > horizon }
    }
}
