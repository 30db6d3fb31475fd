import Foundation

/// A tenant: a neighbourhood or a swap market. Every other row belongs to exactly one community.
public struct Community: Codable, Sendable, Equatable {
    public var id: CommunityID
    public var name: String
    /// IANA time zone used for local times (rule windows, schedules); defaults to Asia/Shanghai.
    public var timezone: String
    public var createdAt: Date
    public var updatedAt: Date
    /// Optimistic-concurrency version, incremented on every update.
    public var version: Int

    public init(id: CommunityID, name: String, timezone: String, createdAt: Date, updatedAt: Date, version: Int) {
        self.id = id
        self.name = name
        self.timezone = timezone
        self.createdAt = createdAt
        self.updatedAt = updatedAt
        self.version = version
    }

    public static let defaultTimezone = "Asia/Shanghai"
}
