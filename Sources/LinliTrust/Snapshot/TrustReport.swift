import Foundation
import LinliDomain

/// What a report is about.
public enum TrustReportTarget: Sendable, Hashable, Codable, CustomStringConvertible {
    case member(MemberID)
    case listing(ListingID)
    case exchange(String)

    public var description: String {
        switch self {
        case .member(let id): id.rawValue
        case .listing(let id): id.rawValue
        case .exchange(let id): id
        }
    }
}

/// One report filed by a member; `upheld` is set once a moderator resolved its case.
public struct TrustReport: Sendable, Hashable, Codable {
    public var id: String
    public var reporter: MemberID
    public var target: TrustReportTarget
    /// The member the target belongs to (the listing's owner, the reported member), when known:
    /// upheld reports count against that member's credit score.
    public var targetMember: MemberID?
    public var at: Date
    public var upheld: Bool?
    /// The case the report joined, when known: one reporter's repeated reports in one case are one
    /// complaint (the credit score counts them once, as the reporter's reward is paid once).
    public var caseID: String?

    public init(
        id: String, reporter: MemberID, target: TrustReportTarget, targetMember: MemberID?, at: Date, upheld: Bool? = nil,
        caseID: String? = nil
    ) {
        self.id = id
        self.reporter = reporter
        self.target = target
        self.targetMember = targetMember
        self.at = at
        self.upheld = upheld
        self.caseID = caseID
    }
}
