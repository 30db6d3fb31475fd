import Foundation
import Synchronization

/// Whether a message is the one said last, within `window`: two services that run together at
/// start (the photo sweeps) meet the same problem at once, and it was logged twice (helper 113).
/// Said again after the window, so a lasting problem is repeated by the hourly run.
final class RecentMessage: Sendable {
    private let last = Mutex<(text: String, at: Date)?>(nil)
    let window: TimeInterval

    init(window: TimeInterval) { self.window = window }

    /// True when `text` was said less than `window` before `now`; otherwise records it as said now.
    func isRepeat(_ text: String, at now: Date) -> Bool {
        last.withLock { last in
            if let said = last, said.text == text, now.timeIntervalSince(said.at) < window { return true }
            last = (text, now)
            return false
        }
    }
}
