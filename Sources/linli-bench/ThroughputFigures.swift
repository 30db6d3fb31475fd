import Foundation

/// One throughput file's headline figures, kept so a run over several `synchronous` settings can
/// end with them side by side (the ratios are only comparable within one run).
struct ThroughputFigures {
    let synchronous: String
    var raw = 0.0
    var exchanges = 0.0
    var groupedExchanges = 0.0
    /// `MinimalExchangeProbe`: the most any design writing the same rows could reach.
    var floor = 0.0

    static func table(_ rows: [ThroughputFigures]) -> String {
        var lines = ["synchronous   raw commits/s   exchanges/s 1 client (of raw)   exchanges/s grouped (of raw)   floor/s (of raw)"]
        for row in rows {
            lines.append(String(
                format: "%-12@  %13.0f   %10.0f (%5.1f %%)             %10.0f (%5.1f %%)          %7.0f (%5.1f %%)", row.synchronous as NSString,
                row.raw, row.exchanges, 100 * row.exchanges / row.raw, row.groupedExchanges, 100 * row.groupedExchanges / row.raw, row.floor,
                100 * row.floor / row.raw))
        }
        return lines.joined(separator: "\n")
    }
}
