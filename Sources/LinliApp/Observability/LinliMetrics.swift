import LinliAPI
import LinliDomain
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

    /// Starts reporting a database: transaction latencies (counted by the store's own observer)
    /// and file sizes, both read at scrape time.
    public func attach(database: AppDatabase) {
        self.database.withLock { $0 = database }
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
        var text = registry.emitToString()
        if let database = database.withLock({ $0 }) { text += Self.transactionHistogram(database.observer.snapshot()) }
        return text
    }

    /// `linli_db_transaction_duration_seconds`, in the Prometheus text format, from the store's counts.
    public static func transactionHistogram(_ totals: [DatabaseObserver.Kind: DatabaseObserver.Totals]) -> String {
        let name = "linli_db_transaction_duration_seconds"
        var lines = [
            "# HELP \(name) Database transactions (pool reads and writes) by kind",
            "# TYPE \(name) histogram",
        ]
        for kind in DatabaseObserver.Kind.allCases {
            guard let total = totals[kind] else { continue }
            var cumulative = 0
            for (index, count) in total.buckets.enumerated() {
                cumulative += count
                let bound = index < DatabaseObserver.bucketBounds.count ? "\(DatabaseObserver.bucketBounds[index])" : "+Inf"
                lines.append("\(name)_bucket{kind=\"\(kind.rawValue)\",le=\"\(bound)\"} \(cumulative)")
            }
            lines.append("\(name)_sum{kind=\"\(kind.rawValue)\"} \(total.seconds)")
            lines.append("\(name)_count{kind=\"\(kind.rawValue)\"} \(total.count)")
        }
        return lines.joined(separator: "\n") + "\n"
    }
}

extension LinliMetrics: DeliveryMetrics {
    static let deliveryBuckets: [Duration] = [
        .milliseconds(5), .milliseconds(10), .milliseconds(25), .milliseconds(50), .milliseconds(100), .milliseconds(250),
        .milliseconds(500), .seconds(1), .seconds(5), .seconds(30), .seconds(300), .seconds(3600),
    ]

    public func attemptFinished(outcome: String, latencySeconds: Double?) {
        registry.makeCounter(
            descriptor: MetricNameDescriptor(
                namespace: "linli", metricName: "webhook_attempts", unitName: "total", helpText: "Webhook delivery attempts by outcome"),
            labels: [("outcome", outcome)]
        ).increment()
        if let latencySeconds {
            registry.makeDurationHistogram(
                descriptor: MetricNameDescriptor(
                    namespace: "linli", metricName: "webhook_delivery_latency", unitName: "seconds",
                    helpText: "From the event's commit to its successful delivery"),
                labels: [], buckets: Self.deliveryBuckets
            ).record(.milliseconds(Int64(max(0, latencySeconds) * 1000)))
        }
    }

    public func queueObserved(pending: Int, oldestPendingSeconds: Double) {
        registry.makeGauge(
            descriptor: MetricNameDescriptor(
                namespace: "linli", metricName: "webhook_queue_depth", unitName: "messages", helpText: "Pending webhook messages"),
            labels: []
        ).set(Double(pending))
        registry.makeGauge(
            descriptor: MetricNameDescriptor(
                namespace: "linli", metricName: "webhook_oldest_pending_age", unitName: "seconds",
                helpText: "Age of the oldest pending webhook message's event"),
            labels: []
        ).set(oldestPendingSeconds)
    }
}

extension LinliMetrics {
    /// Review queue health per community (pending, claimed, oldest age, median time to decision
    /// over the last 7 days), refreshed by the `review-queue-metrics` task.
    public func reviewQueueObserved(community: CommunityID, health: ReviewQueueHealth) {
        let labels = [("community", community.rawValue)]
        func gauge(_ name: String, _ unit: String, _ help: String, _ value: Double) {
            registry.makeGauge(
                descriptor: MetricNameDescriptor(namespace: "linli", metricName: name, unitName: unit, helpText: help), labels: labels
            ).set(value)
        }
        gauge("review_queue_pending", "items", "Review items waiting for a decision", Double(health.pendingCount))
        gauge("review_queue_claimed", "items", "Pending review items under a live moderator claim", Double(health.claimedCount))
        gauge("review_queue_oldest_age", "seconds", "Age of the oldest pending review item", Double(health.oldestPendingAgeSeconds ?? 0))
        gauge("review_decision_median", "seconds", "Median time from submission to decision over the last 7 days",
              Double(health.medianDecisionSeconds ?? 0))
        gauge("review_decided", "items", "Review items decided over the last 7 days", Double(health.decidedInWindow))
    }
}
