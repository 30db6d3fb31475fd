/// How the review queue is doing: what a coordinator checks, and what Prometheus gauges export.
public struct ReviewQueueHealth: Sendable, Equatable {
    public struct Moderator: Sendable, Equatable {
        public var memberID: MemberID
        public var decided: Int
        public var medianDecisionSeconds: Int?
        public var activeClaims: Int

        public init(memberID: MemberID, decided: Int, medianDecisionSeconds: Int?, activeClaims: Int) {
            self.memberID = memberID
            self.decided = decided
            self.medianDecisionSeconds = medianDecisionSeconds
            self.activeClaims = activeClaims
        }
    }

    public var pendingCount: Int
    /// Pending items someone holds a live claim on.
    public var claimedCount: Int
    public var oldestPendingAgeSeconds: Int?
    /// Over the window: items decided, and the median time from submission to decision.
    public var windowDays: Int
    public var decidedInWindow: Int
    public var medianDecisionSeconds: Int?
    public var moderators: [Moderator]

    public init(
        pendingCount: Int, claimedCount: Int, oldestPendingAgeSeconds: Int?, windowDays: Int, decidedInWindow: Int,
        medianDecisionSeconds: Int?, moderators: [Moderator]
    ) {
        self.pendingCount = pendingCount
        self.claimedCount = claimedCount
        self.oldestPendingAgeSeconds = oldestPendingAgeSeconds
        self.windowDays = windowDays
        self.decidedInWindow = decidedInWindow
        self.medianDecisionSeconds = medianDecisionSeconds
        self.moderators = moderators
    }

    /// The median of durations in seconds (lower middle for even counts: a whole second that occurred).
    public static func median(_ values: [Int]) -> Int? {
        guard !values.isEmpty else { return nil }
        let sorted = values.sorted()
        return sorted[(sorted.count - 1) / 2]
    }
}
