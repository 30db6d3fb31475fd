/// Every guarded action in the service. Controllers ask `AccessPolicy` about one of these and
/// nothing else, so the whole authorization model is the one table in `AccessPolicy`.
public enum Permission: String, Sendable, CaseIterable {
    case communityRead = "community.read"
    case communityUpdate = "community.update"
    /// Create a new tenant (with its first admin). Operators only.
    case communityCreate = "community.create"

    case householdRead = "household.read"
    case householdWrite = "household.write"

    /// See the directory of members (names, roles, verification; not phone numbers).
    case memberRead = "member.read"
    /// See members' contact details (phone).
    case memberReadContact = "member.read_contact"
    /// Register a new resident.
    case memberCreate = "member.create"
    /// Register a member with a staff role (organizer, moderator, admin, station staff).
    case memberCreateStaff = "member.create_staff"
    /// Edit another member's profile (name, phone, household).
    case memberUpdateOthers = "member.update_others"
    case memberChangeRole = "member.change_role"
    case memberVerify = "member.verify"
    /// Suspend, ban or reinstate a member.
    case memberChangeStatus = "member.change_status"

    /// Issue a token for another member (e.g. for a resident without a phone of their own).
    case tokenIssueOthers = "token.issue_others"
    /// List or revoke any token of the community.
    case tokenManageAll = "token.manage_all"

    case auditRead = "audit.read"

    /// Browse and read published listings and categories.
    case listingRead = "listing.read"
    /// Post, edit, submit and withdraw one's own listings; upload photos.
    case listingCreate = "listing.create"
    /// Post and manage listings for a resident who consented (station staff at the service
    /// station, for elderly residents); both people are recorded in the audit log.
    case listingManageOthers = "listing.manage_others"
    /// See listings in every state (drafts, pending, rejected) and their history.
    case listingReadAll = "listing.read_all"
    /// Work the review queue: claim, decide, correct valuations, see queue health.
    case listingReview = "listing.review"
    /// Take a listing down by moderation.
    case listingRemove = "listing.remove"
}
