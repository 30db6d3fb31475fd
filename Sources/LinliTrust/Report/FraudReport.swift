import Foundation
import LinliDomain

/// The per-community fraud report of a period: what fired, what moderators did, who stands out.
public struct FraudReport: Sendable, Hashable, Codable {
    public var community: CommunityID
    public var since: Date
    public var until: Date
    /// Signals per type (every type listed, zero included, so week-on-week tables line up).
    public var signalsByType: [TypeCount]
    public var cases: CaseStatistics
    /// Accounts with the highest combined signal score, with their signals as evidence.
    public var topAccounts: [FlaggedAccount]
    public var rings: [FraudSignal]
    public var moderators: [ModeratorWorkload]

    /// The first of `members` a report-cluster signal of the report is about, if any: its evidence
    /// names the reporters, which the member they reported (and their household) must not read.
    public func reportClusterSubject(among members: Set<MemberID>) -> MemberID? {
        (topAccounts.flatMap(\.signals) + rings).lazy
            .filter { $0.type == .reportCluster }
            .flatMap(\.subjects)
            .first(where: members.contains)
    }

    public struct TypeCount: Sendable, Hashable, Codable {
        public var type: FraudSignalType
        public var count: Int
    }

    public struct CaseStatistics: Sendable, Hashable, Codable {
        /// Cases opened in the period.
        public var opened: Int
        /// Cases resolved in the period.
        public var resolved: Int
        /// Cases still open at the end of the period (whenever they were opened).
        public var openAtEnd: Int
        /// Median hours from opening to resolution, over cases resolved in the period.
        public var medianHoursToResolution: Double?
    }

    public struct FlaggedAccount: Sendable, Hashable, Codable {
        public var member: MemberID
        public var totalScore: Int
        public var types: [FraudSignalType]
        public var signals: [FraudSignal]
    }

    public struct ModeratorWorkload: Sendable, Hashable, Codable {
        public var moderator: MemberID
        /// Cases the moderator holds that are still open at the end of the period.
        public var open: Int
        public var resolved: Int
        public var medianHoursToResolution: Double?
    }
}
