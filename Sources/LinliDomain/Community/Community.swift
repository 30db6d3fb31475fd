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

    /// The zone of a `timezone` id; Asia/Shanghai for an id this platform does not know (the API
    /// checks ids when they are set, but a zone database may lose one), so local times, days and
    /// messages always have a clock to read.
    public static func timeZone(_ id: String) -> TimeZone {
        TimeZone(identifier: id) ?? TimeZone(identifier: defaultTimezone)!
    }
}
