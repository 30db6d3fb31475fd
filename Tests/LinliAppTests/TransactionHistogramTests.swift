import LinliApp
import LinliStore
import Testing

/// Database transaction latencies: counted into buckets by the store, exported as a Prometheus
/// histogram (cumulative buckets, sum, count).
@Suite struct TransactionHistogramTests {
    @Test(arguments: [
        // duration, index of the bucket it lands in (bounds 0.0005, 0.001, 0.002, 0.005, … 5, +Inf)
        (Duration.microseconds(300), 0), (.microseconds(500), 0), (.microseconds(501), 1), (.milliseconds(3), 3),
        (.seconds(5), 12), (.seconds(10), 13),
    ])
    func durationsLandInTheirBucket(duration: Duration, bucket: Int) {
        let observer = DatabaseObserver()
        observer.recordTransaction(kind: .write, duration: duration)
        let totals = observer.snapshot()
        #expect(totals[.write]?.buckets.firstIndex(of: 1) == bucket)
        #expect(totals[.write]?.count == 1)
        #expect(totals[.read]?.count == 0)
    }

    @Test func theExpositionIsCumulative() {
        let observer = DatabaseObserver()
        observer.recordTransaction(kind: .read, duration: .microseconds(300))
        observer.recordTransaction(kind: .read, duration: .milliseconds(3))
        observer.recordTransaction(kind: .read, duration: .seconds(10))
        let text = LinliMetrics.transactionHistogram(observer.snapshot())
        #expect(text.contains("# TYPE linli_db_transaction_duration_seconds histogram"))
        #expect(text.contains(#"linli_db_transaction_duration_seconds_bucket{kind="read",le="0.0005"} 1"#))
        #expect(text.contains(#"linli_db_transaction_duration_seconds_bucket{kind="read",le="0.005"} 2"#))
        #expect(text.contains(#"linli_db_transaction_duration_seconds_bucket{kind="read",le="5.0"} 2"#))
        #expect(text.contains(#"linli_db_transaction_duration_seconds_bucket{kind="read",le="+Inf"} 3"#))
        #expect(text.contains(#"linli_db_transaction_duration_seconds_count{kind="read"} 3"#))
        #expect(text.contains(#"linli_db_transaction_duration_seconds_count{kind="write"} 0"#))
    }
}
