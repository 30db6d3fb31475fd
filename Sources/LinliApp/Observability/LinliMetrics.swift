import LinliAPI
import LinliStore
import Prometheus
import Synchronization

/// The service's Prometheus registry and the instruments fed by the HTTP layer and the store.
///
/// One registry per application instance (not the process-global `MetricsSystem`), so tests can
/// run several applications in one process and read each one's figures.
public final class LinliMetrics: RequestObserver, Sendable {
    public let registry = PrometheusCollectorRegistry()
    /// Set after the database is opened, so `/metrics` can report file and WAL sizes.
    private let database = Mutex<AppDatabase?>(nil)

    static let latencyBuckets: [Duration] = [
        .microseconds(500), .milliseconds(1), .milliseconds(2), .milliseconds(5), .milliseconds(10), .milliseconds(25),
        .milliseconds(50), .milliseconds(100), .milliseconds(250), .milliseconds(500), .seconds(1), .seconds(2.5), .seconds(5),
    ]

    public init() {}

    public func requestFinished(method: String, route: String, status: Int, duration: Duration) {
        let labels = [("method", method), ("route", route), ("status", String(status))]
        registry.makeCounter(
            descriptor: MetricNameDescriptor(
                namespace: "linli", metricName: "http_requests", unitName: "total", helpText: "HTTP requests by route and status"),
            labels: labels
        ).increment()
        registry.makeDurationHistogram(
            descriptor: MetricNameDescriptor(
                namespace: "linli", metricName: "http_request_duration", unitName: "seconds",
                helpText: "HTTP request latency by route and status"),
            labels: labels, buckets: Self.latencyBuckets
        ).record(duration)
    }

    /// Starts reporting a database: transaction latencies as they happen, sizes at scrape time.
    public func attach(database: AppDatabase) {
        self.database.withLock { $0 = database }
        let registry = self.registry
        database.observer.setSink { kind, duration in
            registry.makeDurationHistogram(
                descriptor: MetricNameDescriptor(
                    namespace: "linli", metricName: "db_transaction_duration", unitName: "seconds",
                    helpText: "Database transactions (pool reads and writes) by kind"),
                labels: [("kind", kind.rawValue)], buckets: Self.latencyBuckets
            ).record(duration)
        }
    }

    /// The exposition text, with gauges sampled at scrape time.
    public func exposition() -> String {
        if let database = database.withLock({ $0 }) {
            let sizes = database.fileSizes()
            registry.makeGauge(
                descriptor: MetricNameDescriptor(
                    namespace: "linli", metricName: "db_file_size", unitName: "bytes", helpText: "SQLite main file size"),
                labels: []
            ).set(Double(sizes.database))
            registry.makeGauge(
                descriptor: MetricNameDescriptor(
                    namespace: "linli", metricName: "db_wal_size", unitName: "bytes", helpText: "SQLite WAL file size"),
                labels: []
            ).set(Double(sizes.wal))
            registry.makeGauge(
                descriptor: MetricNameDescriptor(
                    namespace: "linli", metricName: "db_pool_max_readers", unitName: "connections",
                    helpText: "Reader connections the pool may open"),
                labels: []
            ).set(Double(database.maximumReaderCount))
        }
        return registry.emitToString()
    }
}
