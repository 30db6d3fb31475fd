import Synchronization

/// A wake-up call between a producer and one or more waiting loops: `notify()` wakes every current
/// waiter, or, if nobody is waiting, makes the next `wait` return at once (so a notification sent
/// just before the loop starts waiting is never lost). Waits always end by their deadline, so a
/// missed or spurious wake-up only costs a poll interval, never correctness.
public final class ActivitySignal: Sendable {
    private struct State {
        var pending = false
        var nextID = 0
        var waiters: [Int: CheckedContinuation<Bool, Never>] = [:]
    }

    private let state = Mutex(State())

    public init() {}

    /// Wakes the waiters (or the next one to wait).
    public func notify() {
        let woken = state.withLock { state -> [CheckedContinuation<Bool, Never>] in
            guard !state.waiters.isEmpty else {
                state.pending = true
                return []
            }
            defer { state.waiters.removeAll(keepingCapacity: true) }
            return Array(state.waiters.values)
        }
        for continuation in woken { continuation.resume(returning: true) }
    }

    /// Returns when notified or after `timeout`, whichever comes first (or at once if a
    /// notification is pending): true when notified. Cancellation ends the wait too (false).
    @discardableResult
    public func wait(upTo timeout: Duration) async -> Bool {
        if state.withLock({ state in
            defer { state.pending = false }
            return state.pending
        }) { return true }
        return await withTaskGroup(of: Bool.self) { group in
            group.addTask {
                try? await Task.sleep(for: timeout)
                return false
            }
            group.addTask { await self.nextNotification() }
            let first = await group.next() ?? false
            group.cancelAll()
            return first
        }
    }

    /// True when a notification arrived, false when cancelled first.
    private func nextNotification() async -> Bool {
        let id = state.withLock { state -> Int in
            state.nextID += 1
            return state.nextID
        }
        return await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Bool, Never>) in
                let immediate = state.withLock { state -> Bool? in
                    if state.pending {
                        state.pending = false
                        return true
                    }
                    if Task.isCancelled { return false }
                    state.waiters[id] = continuation
                    return nil
                }
                if let immediate { continuation.resume(returning: immediate) }
            }
        } onCancel: {
            state.withLock { $0.waiters.removeValue(forKey: id) }?.resume(returning: false)
        }
    }
}
