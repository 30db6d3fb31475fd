import Foundation

/// `ListingContent.isRepeatable` stated in SQL, for queries that must tell repeatable offers from
/// one-offs without decoding each listing: an offer of a skill, or of time without a fixed
/// `start_at`. Kept beside the Swift test's callers so the two are changed together
/// (`RepeatableListingSQLTests` compares them over every kind, direction and window).
enum RepeatableListingSQL {
    /// The condition on the `listings` row named `table` (an alias or the table's name).
    static func condition(_ table: String) -> String {
        "(\(table).direction = 'offer' AND (\(table).kind = 'skill' OR (\(table).kind = 'time' AND \(table).start_at IS NULL)))"
    }
}
