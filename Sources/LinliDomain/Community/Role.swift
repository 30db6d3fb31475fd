/// What a member may do in their community. One role per member; the role matrix in
/// `AccessPolicy` is the single place that turns roles into permissions.
public enum Role: String, Codable, Sendable, CaseIterable {
    /// An ordinary neighbour: lists, requests, exchanges, rates, reports.
    case resident
    /// Runs swap markets and activities; lists donated goods; grants event rewards.
    case organizer
    /// Reviews listings and handles reports and cases.
    case moderator
    /// Manages the community: roles, tokens, rules, webhooks.
    case admin
    /// Service-station staff who register and verify residents and act for them with consent.
    case stationStaff = "station_staff"
}

/// Whether a member may act at all.
public enum MemberStatus: String, Codable, Sendable, CaseIterable {
    case active
    /// Temporarily barred (e.g. by a moderation action), usually with an end date.
    case suspended
    /// Permanently barred.
    case banned
}
