import Foundation

/// "At most `limit` sends per `per`" for one robot.
public struct RateWindow: Hashable, Sendable {
    public var limit: Int
    public var per: Duration

    public init(limit: Int, per: Duration) {
        precondition(limit > 0, "limit must be positive")
        self.limit = limit
        self.per = per
    }

    var seconds: TimeInterval {
        let (whole, attoseconds) = per.components
        return TimeInterval(whole) + TimeInterval(attoseconds) / 1e18
    }
}
