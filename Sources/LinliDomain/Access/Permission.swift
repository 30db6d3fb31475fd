/// Every guarded action in the service. Controllers ask `AccessPolicy` about one of these and
/// nothing else, so the whole authorization model is the one table in `AccessPolicy`.
public enum Permission: String, Sendable, CaseIterable {
    case communityRead = "community.read"
    case communityUpdate = "community.update"
    /// Create a new tenant (with its first admin): admins (any community's, as the README's
    /// table says; a neighbouring community is often set up by the same district office) and
    /// the operator's command line.
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

    /// Read the rule versions and the file in force (everyone: the rules are public to residents).
    case rulesRead = "rules.read"
    /// Upload candidates, activate and roll back rule files (the norm-revision group's organizers).
    case rulesManage = "rules.manage"

    /// Manage webhook endpoints and read their messages and attempts (organizers, admins).
    case webhooksManage = "webhooks.manage"

    /// See another member's balance, counters and statement (one's own needs no permission).
    case ledgerReadOthers = "ledger.read_others"
    /// See the community's ledger summary (circulation, velocity): public to every member, since
    /// the points are the community's shared trust.
    case ledgerReadSummary = "ledger.read_summary"
    /// Grant organizer rewards (within the per-day caps).
    case ledgerGrantReward = "ledger.grant_reward"
    /// Convert a business or institution donation into points in the donations pool.
    case ledgerConvertDonation = "ledger.convert_donation"
    /// Correct a member's balance against issuance or the donations pool (reason mandatory).
    case ledgerAdjust = "ledger.adjust"
    /// Reverse a posted transfer (reason mandatory).
    case ledgerReverse = "ledger.reverse"
    /// Freeze, unfreeze, release or refund holds as a moderator resolving a dispute.
    case ledgerManageHolds = "ledger.manage_holds"
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

    /// See any member's credit score and its components: everyone, since the score is shown to
    /// the counterparty before an exchange.
    case memberReadCredit = "member.read_credit"
    /// Read the community's fraud report (signals, flagged accounts, rings, case workload).
    case fraudReportRead = "fraud.read_report"
    /// Report a listing or a member (everyone; rate-limited per reporter by the rule file).
    case reportCreate = "report.create"
    /// Work moderation cases: list, claim, note, resolve with actions, decide appeals, dismiss
    /// stored fraud signals.
    case caseManage = "case.manage"
    /// Request, accept, confirm, cancel and dispute one's own exchanges, and see them.
    case exchangeParticipate = "exchange.participate"
    /// See every exchange of the community (moderators handling disputes and no-shows).
    case exchangeReadAll = "exchange.read_all"
    /// Act in an exchange for a resident who consented (station staff): request for them, and
    /// take their steps in exchanges the staff member registered; both people are audited.
    case exchangeManageOthers = "exchange.manage_others"
    /// Decide disputes and record no-shows as staff; always audited.
    case exchangeResolve = "exchange.resolve"

    /// Record at the service desk a resident's consent that a staff member acts for her, and
    /// withdraw one at her request (`ProxyConsent`); a resident grants and withdraws her own
    /// without any permission.
    case proxyRecord = "proxy.record"
    /// See every resident's consents (who may act for whom): station staff, and moderators who
    /// look into what was done in a resident's name.
    case proxyRead = "proxy.read"

    /// See the community's events (swap markets, activities) and register oneself.
    case eventRead = "event.read"
    /// Register a resident who asked at the service desk or by phone; both people are audited.
    case eventRegisterOthers = "event.register_others"
    /// See an event's registrations and check people in at the door.
    case eventCheckIn = "event.check_in"
    /// Announce, change and cancel events (organizers run swap markets).
    case eventManage = "event.manage"
}
