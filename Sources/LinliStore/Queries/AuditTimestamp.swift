import Foundation

/// Instants written into audit entries and event fields, as ISO 8601 UTC text
/// (`2026-01-01T08:00:00Z`): one formatter for every use case, no per-call formatter object.
enum AuditTimestamp {
    static func iso(_ date: Date) -> String { date.formatted(.iso8601) }
    static func iso(_ date: Date?) -> String? { date.map(iso) }
}
