import Foundation
import LinliDomain

/// The `Idempotency-Key` a request has claimed, for as long as its handler runs.
///
/// Why: the claim, the use case and the stored response are three transactions. If the process
/// dies after the use case committed and before its response was stored, the claim is left in
/// progress and, once its lease ran out, a retry used to take it over and carry the request out
/// a second time (a second exchange request, a second household). `Store.transaction` reads this
/// task-local and marks the claim applied inside the use case's own transaction, so the mark
/// commits exactly when the change does, and a retry is told the request was done instead.
///
/// A task-local, so nothing has to pass it through the controllers and use cases in between.
public enum IdempotencyScope {
    /// One claimed key: whose it is and the key itself.
    public struct Claim: Sendable, Equatable {
        public let communityID: CommunityID
        public let memberID: MemberID
        public let key: String
        /// When the claim was taken (its row's `created_at`): after the in-progress lease a retry
        /// takes the key over with a claim of its own, and the slow original must not then mark
        /// the retry's claim applied and commit beside it (session 28 review: both committed).
        public let claimedAt: Date?

        public init(communityID: CommunityID, memberID: MemberID, key: String, claimedAt: Date? = nil) {
            self.communityID = communityID
            self.memberID = memberID
            self.key = key
            self.claimedAt = claimedAt
        }
    }

    /// The claim of the request this task serves; nil outside a request with an `Idempotency-Key`.
    @TaskLocal public static var current: Claim?
}
