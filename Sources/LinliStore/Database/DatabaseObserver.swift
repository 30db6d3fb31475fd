import Synchronization

/// Counts and times database transactions so the app can export pool statistics as metrics
/// without the store importing a metrics backend.
public final class DatabaseObserver: Sendable {
    public enum Kind: String, Sendable, CaseIterable { case read, write }

    /// Totals since start, per kind.
    public struct Totals: Sendable, Equatable {
        public var count: Int = 0
        public var seconds: Double = 0
    }

    private let totals = Mutex<[Kind: Totals]>([:])
    private let sink = Mutex<(@Sendable (Kind, Duration) -> Void)?>(nil)

    public init() {}

    /// Installs the function called after every transaction (e.g. to feed a histogram).
    public func setSink(_ sink: @escaping @Sendable (Kind, Duration) -> Void) {
        self.sink.withLock { $0 = sink }
    }

    func recordTransaction(kind: Kind, duration: Duration) {
        let seconds = Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
        totals.withLock { totals in
            totals[kind, default: Totals()].count += 1
            totals[kind, default: Totals()].seconds += seconds
        }
        sink.withLock { $0 }?(kind, duration)
    }

    public func snapshot() -> [Kind: Totals] { totals.withLock { $0 } }
}
