import Synchronization

/// Counts and times database transactions into fixed latency buckets, so the app can export them
/// as a Prometheus histogram without the store importing a metrics backend.
///
/// This runs on every transaction of every request, so recording is a handful of integer
/// additions under one lock: no closure call-out, no dictionary, no allocation.
public final class DatabaseObserver: Sendable {
    public enum Kind: String, Sendable, CaseIterable {
        case read, write

        var index: Int { self == .read ? 0 : 1 }
    }

    /// Upper bounds of the latency buckets, in seconds (the last bucket, +Inf, is implicit).
    public static let bucketBounds: [Double] = [0.0005, 0.001, 0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5]
    private static let boundNanoseconds: [Int64] = bucketBounds.map { Int64(($0 * 1e9).rounded()) }

    /// Totals since start for one kind: non-cumulative bucket counts (`bucketBounds.count + 1`,
    /// the last is +Inf), count and summed seconds.
    public struct Totals: Sendable, Equatable {
        public var buckets: [Int]
        public var count: Int = 0
        public var seconds: Double = 0

        init() { buckets = Array(repeating: 0, count: DatabaseObserver.bucketBounds.count + 1) }
    }

    private let totals = Mutex<[Totals]>([Totals(), Totals()])

    public init() {}

    public func recordTransaction(kind: Kind, duration: Duration) {
        let (seconds, attoseconds) = duration.components
        let nanoseconds = seconds * 1_000_000_000 + attoseconds / 1_000_000_000
        var bucket = Self.boundNanoseconds.count
        for (index, bound) in Self.boundNanoseconds.enumerated() where nanoseconds <= bound {
            bucket = index
            break
        }
        totals.withLock { totals in
            totals[kind.index].buckets[bucket] += 1
            totals[kind.index].count += 1
            totals[kind.index].seconds += Double(nanoseconds) / 1e9
        }
    }

    public func snapshot() -> [Kind: Totals] {
        let values = totals.withLock { $0 }
        return [.read: values[0], .write: values[1]]
    }
}
