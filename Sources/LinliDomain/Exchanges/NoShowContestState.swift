import Foundation

/// Where a no-show contest stands. `open` until a moderator decides; both decisions are final.
public enum NoShowContestState: String, Codable, Sendable, CaseIterable {
    case open
    /// The no-show stands: penalty and mark stay.
    case upheld
    /// The no-show is set aside: the penalty is reversed and the mark no longer counts.
    case overturned

    /// The state a decision leads to; 409 `exchange.contest_decided` once decided (a second
    /// moderator clicking "overturn" must not reverse the penalty twice).
    public func deciding(_ outcome: NoShowContestOutcome) throws(DomainError) -> NoShowContestState {
        guard self == .open else {
            throw DomainError(code: "exchange.contest_decided", category: .conflict, parameters: ["state": rawValue])
        }
        switch outcome {
        case .upheld: return .upheld
        case .overturned: return .overturned
        }
    }

    /// Whether a contest may still be opened for a no-show recorded at `noShowAt`: within
    /// `windowDays` of it (409 `exchange.contest_window_closed` after, naming the deadline).
    public static func requireWithinWindow(noShowAt: Date, now: Date, windowDays: Int) throws(DomainError) {
        let deadline = noShowAt.addingTimeInterval(TimeInterval(windowDays) * 86_400)
        guard now <= deadline else {
            throw DomainError(
                code: "exchange.contest_window_closed", category: .conflict,
                parameters: ["days": String(windowDays)], instants: ["deadline": deadline])
        }
    }
}

/// A moderator's decision on a no-show contest.
public enum NoShowContestOutcome: String, Codable, Sendable, CaseIterable {
    case upheld
    case overturned
}
