import Foundation

/// What a migration runs in Swift after its SQL, in the same transaction (`MigrationRunner`).
public typealias MigrationFollowUp = @Sendable (Transaction) throws -> Void

/// The shipped migrations' follow-ups, by file name: a change that needs the service's own rules
/// (who may read what), which SQL cannot state without copying them. Each runs exactly once,
/// when its migration is applied; a test checks every name here is a shipped file.
public enum MigrationFollowUps {
    public static let byName: [String: MigrationFollowUp] = [
        "0041_webhook_restricted_review.sql": { tx in try WebhookRestrictedReview.run(tx) },
    ]
}
