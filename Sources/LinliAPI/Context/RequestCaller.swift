import LinliDomain
import Synchronization

/// Who a request turned out to be from, for the access log line.
///
/// The access log sits outside authentication (it must log refused and unauthenticated requests
/// too), and a request context is a value: the member and community `AuthMiddleware` added to
/// the logger it passes inward never reached the line written on the way out, so support could
/// not trace a request to the member who made it (session 33 walk, helper 113). The context carries
/// this one shared record instead; authentication fills it, the access log reads it.
public final class RequestCaller: Sendable {
    private let identity = Mutex<(member: MemberID, community: CommunityID)?>(nil)

    public init() {}

    func record(_ principal: Principal) {
        identity.withLock { $0 = (principal.memberID, principal.communityID) }
    }

    /// The caller's member and community ids as log metadata (empty before authentication).
    var logMetadata: [String: String] {
        guard let found = identity.withLock({ $0 }) else { return [:] }
        return ["member_id": found.member.rawValue, "community_id": found.community.rawValue]
    }
}
