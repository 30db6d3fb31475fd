import Foundation
import LinliDomain

/// A moderation case as the fraud report counts it: when it opened, who holds it, when it was resolved.
public struct TrustCaseSummary: Sendable, Hashable, Codable {
    public var id: String
    public var target: String
    public var openedAt: Date
    public var moderator: MemberID?
    public var resolvedAt: Date?
    /// The resolution (`dismissed`, `upheld`, …) once resolved.
    public var outcome: String?

    public init(id: String, target: String, openedAt: Date, moderator: MemberID? = nil, resolvedAt: Date? = nil, outcome: String? = nil) {
        self.id = id
        self.target = target
        self.openedAt = openedAt
        self.moderator = moderator
        self.resolvedAt = resolvedAt
        self.outcome = outcome
    }
}
