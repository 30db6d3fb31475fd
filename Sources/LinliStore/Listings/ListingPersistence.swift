import Foundation
import GRDB
import LinliDomain

/// Reading and writing listing rows. Every write checks the version it read (optimistic
/// concurrency), so two writers can never silently overwrite each other.
enum ListingPersistence {
    static func fetch(_ db: Database, community: CommunityID, id: ListingID) throws -> Listing {
        guard let listing = try ListingRowReader.fetchOne(
            db.cachedStatement(sql: "SELECT * FROM listings WHERE community_id = ? AND id = ?"), arguments: [community.rawValue, id.rawValue])
        else { throw DomainError.notFound("listing", id: id.rawValue) }
        return listing
    }

    /// A listing the principal may see; one they may not is reported as absent, not forbidden,
    /// so drafts and rejected listings do not leak their existence.
    ///
    /// A member who requested an exchange on the listing (or the station staff member who made the
    /// request for them, while they hold the staff role) keeps seeing it after it stops being
    /// published: the item's description and pick-up instructions are what the exchange needs while
    /// it is under way, and what a dispute or rating refers to afterwards. A request the owner
    /// declined, or that was cancelled before anyone accepted it, gives no such right: it would let
    /// anyone who once asked keep reading a listing a moderator took down.
    ///
    /// The staff member who registered it for a resident stops seeing it (unless published) once
    /// she withdrew a consent naming them since, as she stops seeing the exchanges they requested
    /// for her (helper 127: the listing, its history and her unpublished listings stayed open to
    /// them, and managing one was refused as a matter of role).
    ///
    /// A published listing of an owner who is suspended or banned is not on the board
    /// (`ownerActive`): nobody may request it, and asking would tell a neighbour her standing
    /// (helper 169 #1). Its owner, staff who see everything and neighbours whose exchange on it is
    /// under way still read it.
    static func fetchVisible(_ db: Database, principal: Principal, id: ListingID, now: Date) throws -> Listing {
        let listing = try fetch(db, community: principal.communityID, id: id)
        guard try principal.can(.listingReadAll) || (listing.status == .published && ownerActive(db, listing, now: now))
            || seesAsOwner(db, listing, principal: principal, now: now) || requestedAnExchange(db, on: listing, principal: principal)
        else { throw DomainError.notFound("listing", id: id.rawValue) }
        return listing
    }

    /// Whether the listing's owner is active at `now` (a suspension whose end has passed is over).
    static func ownerActive(_ db: Database, _ listing: Listing, now: Date) throws -> Bool {
        try Bool.fetchOne(
            db.cachedStatement(sql: "SELECT EXISTS (SELECT 1 FROM members WHERE community_id = ? AND id = ? \(ProxyConsents.activeMember))"),
            arguments: [listing.communityID.rawValue, listing.ownerID.rawValue, now]) ?? false
    }

    /// Browse conditions for a reader who does not see every listing, each bound with the
    /// reader's id, whether the reader holds `listing.manage_others`, the reader's id again, then
    /// `now`. Her own listings and those she registered and may still act in
    /// (`registeredAndStillActing`) show in every state; others only published, and only while
    /// their owner is active (`ownerActive`).
    static let ownOrRegistered =
        "listings.owner_id = ? OR (listings.created_by = ? AND ? AND NOT \(ProxyConsents.listingConsentWithdrawnSQL))"
    static let activeOwnerSQL =
        "EXISTS (SELECT 1 FROM members WHERE members.community_id = listings.community_id AND members.id = listings.owner_id \(ProxyConsents.activeMember))"
    /// Published ones of active owners, and her own and registered ones in any state.
    static let visibleToReaderSQL = " AND (\(ownOrRegistered) OR (listings.status = 'published' AND \(activeOwnerSQL)))"
    /// The same, for a list asked by status or for a resident the reader acts for: every listing
    /// but a published one of an inactive owner she neither owns nor registered.
    static let notOfAnInactiveOwnerSQL = " AND (listings.status <> 'published' OR \(ownOrRegistered) OR \(activeOwnerSQL))"

    /// Whether the principal sees the listing as its owner does: the owner, the staff member who
    /// registered it for her while she has not withdrawn a consent naming them since (helper 130:
    /// they still read a published one's valuation, history and pending edit), or staff holding
    /// her consent at `now`.
    static func seesAsOwner(_ db: Database, _ listing: Listing, principal: Principal, now: Date) throws -> Bool {
        if listing.ownerID == principal.memberID { return true }
        if try registeredAndStillActing(db, listing, principal: principal) { return true }
        return try actsForOwner(db, of: listing, principal: principal, now: now)
    }

    /// Whether `principal` registered the listing for its owner (`Listing.isRegistered(by:)`) and
    /// the owner has not withdrawn a consent naming them since.
    static func registeredAndStillActing(_ db: Database, _ listing: Listing, principal: Principal) throws -> Bool {
        guard listing.isRegistered(by: principal) else { return false }
        return try !ProxyConsents.withdrawnSince(
            db, community: listing.communityID, agent: principal.memberID, member: listing.ownerID, since: listing.createdAt)
    }

    /// Whether the principal is staff holding the listing owner's standing consent at `now`
    /// (`ProxyConsent`): they may then see and manage it as she would, as if they had posted it.
    static func actsForOwner(_ db: Database, of listing: Listing, principal: Principal, now: Date) throws -> Bool {
        try actsFor(db, owner: listing.ownerID, principal: principal, now: now)
    }

    /// The same for listings known only by their owner (a browse for hers).
    static func actsFor(_ db: Database, owner: MemberID, principal: Principal, now: Date) throws -> Bool {
        guard owner != principal.memberID, principal.can(.listingManageOthers) else { return false }
        return try ProxyConsents.holds(db, community: principal.communityID, agent: principal.memberID, member: owner, at: now)
    }

    /// Whether the principal requested an exchange on the listing that is still asked or was once
    /// accepted, themselves or (as staff) for a resident (`exchanges_by_listing`, migration 0022).
    static func requestedAnExchange(_ db: Database, on listing: Listing, principal: Principal) throws -> Bool {
        let me = principal.memberID.rawValue
        let staff = principal.can(.exchangeManageOthers)
        return try Bool.fetchOne(
            db.cachedStatement(
                sql: """
                    SELECT EXISTS (SELECT 1 FROM exchanges WHERE community_id = ? AND listing_id = ?
                                     AND (requester_id = ? OR (created_by = ? AND ?))
                                     AND (state = 'requested' OR accepted_at IS NOT NULL))
                    """),
            arguments: [listing.communityID.rawValue, listing.id.rawValue, me, me, staff]) ?? false
    }

    /// Built once: the same text every time, so SQLite prepares it once per connection (cached).
    /// A listing created already submitted may be published at once (a trusted member), so the
    /// publication and expiry dates are written on insert too.
    static let insertSQL: String = {
        let columns = ["id", "community_id", "owner_id", "created_by", "status"] + ListingRows.contentColumns
            + ["published_at", "expires_at", "created_at", "updated_at", "version"]
        return "INSERT INTO listings (\(columns.joined(separator: ", "))) VALUES (\(columns.map { _ in "?" }.joined(separator: ", ")))"
    }()

    static let saveSQL: String = {
        let columns = ["status"] + ListingRows.contentColumns + [
            "original_points", "original_rule_set_version", "original_rule_set_hash", "original_breakdown_json",
            "original_inputs_json", "correction_reason", "corrected_by", "corrected_at", "decision_reason_code",
            "decision_message", "requested_fields_json", "published_at", "expires_at", "updated_at", "version",
        ]
        return "UPDATE listings SET \(columns.map { "\($0) = ?" }.joined(separator: ", ")) WHERE community_id = ? AND id = ? AND version = ?"
    }()

    static func insert(_ db: Database, _ listing: Listing) throws {
        try RawBindings.execute(db.cachedStatement(sql: insertSQL)) { bind in
            bind.bind(listing.id.rawValue)
            bind.bind(listing.communityID.rawValue)
            bind.bind(listing.ownerID.rawValue)
            bind.bind(listing.createdBy.rawValue)
            bind.bind(listing.status.rawValue)
            ListingRows.bindContent(listing.content, listing.valuation, into: &bind)
            bind.bind(StoredTime.text(listing.publishedAt))
            bind.bind(StoredTime.text(listing.expiresAt))
            bind.bind(StoredTime.text(listing.createdAt))
            bind.bind(StoredTime.text(listing.updatedAt))
            bind.bind(listing.version)
        }
        try PhotoLinks.write(db, listing, replacing: false, at: listing.createdAt)
    }

    /// Writes every mutable column of `listing`, bumping its version; fails with 409 if the row's
    /// version is no longer `listing.version`.
    @discardableResult
    static func save(_ tx: Transaction, _ listing: Listing) throws -> Listing {
        var updated = listing
        updated.version += 1
        updated.updatedAt = tx.now
        let original = updated.originalValuation
        try RawBindings.execute(tx.db.cachedStatement(sql: saveSQL)) { bind in
            bind.bind(updated.status.rawValue)
            ListingRows.bindContent(updated.content, updated.valuation, into: &bind)
            bind.bind(original?.points)
            bind.bind(original?.ruleSetVersion)
            bind.bind(original?.ruleSetHash)
            bind.bind(original?.breakdownJSON)
            bind.bind(updated.originalInputsJSON)
            bind.bind(updated.correctionReason)
            bind.bind(updated.correctedBy?.rawValue)
            bind.bind(StoredTime.text(updated.correctedAt))
            bind.bind(updated.decisionReasonCode?.rawValue)
            bind.bind(updated.decisionMessage)
            bind.bind(updated.requestedFields.map(ListingRows.json))
            bind.bind(StoredTime.text(updated.publishedAt))
            bind.bind(StoredTime.text(updated.expiresAt))
            bind.bind(tx.nowText)
            bind.bind(updated.version)
            bind.bind(listing.communityID.rawValue)
            bind.bind(listing.id.rawValue)
            bind.bind(listing.version)
        }
        guard tx.db.changesCount == 1 else { throw DomainError.versionConflict(current: listing.version) }
        try PhotoLinks.write(tx.db, updated, replacing: true, at: tx.now)
        try declineWaitingRequestsIfClosed(tx, updated)
        return updated
    }

    /// Writes only what a status transition changes (status, and publication and expiry dates when
    /// the transition set them), bumping the version; 409 if the row moved on. The exchange steps
    /// use it: rewriting every content column re-encodes the photos and availability JSON and makes
    /// SQLite revisit the indexes and the search trigger of columns that did not change.
    ///
    /// The exchange events (reserve, release back to published, complete, withdraw) never change
    /// the dates, so they are left out of the UPDATE then (no re-formatting of unchanged dates, no
    /// visit of `listings_expiring` beyond its status); `updated_at` is the transaction's own text.
    static func saveStatus(_ tx: Transaction, _ listing: Listing, from original: Listing) throws -> Listing {
        var updated = listing
        updated.version = original.version + 1
        updated.updatedAt = tx.now
        let key: StatementArguments = [listing.communityID.rawValue, listing.id.rawValue, original.version]
        if updated.publishedAt == original.publishedAt, updated.expiresAt == original.expiresAt {
            try tx.db.cachedStatement(
                sql: "UPDATE listings SET status = ?, updated_at = ?, version = ? WHERE community_id = ? AND id = ? AND version = ?"
            ).execute(arguments: [updated.status.rawValue, tx.nowText, updated.version] + key)
        } else {
            try tx.db.cachedStatement(
                sql: """
                    UPDATE listings SET status = ?, published_at = ?, expires_at = ?, updated_at = ?, version = ?
                    WHERE community_id = ? AND id = ? AND version = ?
                    """
            ).execute(arguments: [updated.status.rawValue, updated.publishedAt, updated.expiresAt, tx.nowText, updated.version] + key)
        }
        guard tx.db.changesCount == 1 else { throw DomainError.versionConflict(current: original.version) }
        try declineWaitingRequestsIfClosed(tx, updated)
        return updated
    }

    /// Statuses from which a listing can never be exchanged again.
    static let closedStatuses: Set<ListingStatus> = [.exchanged, .withdrawn, .removed, .expired]

    /// Declines the requests still waiting on a listing just written in a closed status (reason
    /// `listing <status>`). Here, where every status write passes, so no path that closes a listing
    /// (an exchange or a resolution, its owner, a moderator, expiry) can leave requests waiting for
    /// ever and counting against their requesters' open-exchange limit.
    ///
    /// A pending edit of such a listing is cancelled with its review here too: an edit made before
    /// the listing was reserved cannot be approved while it is (409 `listing.not_editable`), and
    /// once the exchange completed it could never be, yet it waited in the moderators' queue for
    /// ever. (Withdrawal, removal and expiry cancelled it already; completion did not.)
    private static func declineWaitingRequestsIfClosed(_ tx: Transaction, _ listing: Listing) throws {
        guard closedStatuses.contains(listing.status) else { return }
        try ExchangeCommands.declineWaitingRequests(
            tx, community: listing.communityID, listing: listing.id, reason: "listing \(listing.status.rawValue)")
        let hasPendingEdit = try Bool.fetchOne(
            tx.db.cachedStatement(sql: "SELECT EXISTS (SELECT 1 FROM listing_edits WHERE listing_id = ? AND status = 'pending')"),
            arguments: [listing.id.rawValue]) ?? false
        if hasPendingEdit { try ReviewPersistence.cancelOpen(tx, listing: listing.id, community: listing.communityID, onlyEdits: true) }
    }

    /// Moves the listing through the state machine; publishing sets the expiry from the rules in
    /// force, and no later than the end of a fixed window (a one-off "Saturday 9–11" that nobody
    /// can request once Saturday is over stayed on the board for the kind's whole expiry: session
    /// 27 review).
    ///
    /// Back on the board from a reservation (the exchange cancelled, declined, a no-show or a
    /// refund), a listing keeps its expiry, unless that passed while nobody could take it: then
    /// it gets the kind's whole expiry again from now (helper 169 #3: it was expired on the next
    /// run, and an expired listing cannot be revived, so the owner typed it again). A fixed window
    /// that has ended still ends it (`expiry(of:from:)`).
    static func transition(_ listing: Listing, _ event: ListingEvent, in tx: Transaction, services: ListingServices) throws -> Listing {
        var updated = listing
        updated.status = try ListingStateMachine.next(from: listing.status, on: event)
        let published = listing.status != .reserved
        guard updated.status == .published, published || (listing.expiresAt.map { $0 <= tx.now } ?? false) else { return updated }
        let policy = try services.policy(tx, community: listing.communityID)
        if published { updated.publishedAt = tx.now }
        updated.expiresAt = expiry(of: listing.content, from: tx.now.addingTimeInterval(policy.expiryInterval(for: listing.content.kind)))
        return updated
    }

    /// 422 `listing.window_passed` at `/start_at` when the content's fixed window has ended: a
    /// draft saved on Thursday for "Saturday 9–11" and submitted on Monday, or a listing waiting
    /// in the queue past its session, is not sent on, published or approved for a session that
    /// is over (helper 155 #5: a trusted owner's was announced to the chat group, then expired).
    static func checkWindowOpen(_ content: ListingContent, now: Date) throws {
        guard let end = content.endAt, end <= now else { return }
        throw DomainError.validation([FieldIssue("/start_at", .outOfRange, ["reason": "listing.window_passed"])])
    }

    /// The same for a moderator approving it: 409 `review.window_passed`, telling them to reject
    /// it or send it back (the author's "choose a later time" is not theirs to do; helper 159 #10).
    static func checkWindowOpenForApproval(_ content: ListingContent, now: Date) throws {
        guard let end = content.endAt, end <= now else { return }
        throw DomainError(code: "review.window_passed", category: .conflict, instants: ["ended_at": end])
    }

    /// `expiry`, or the end of the listing's fixed window when that comes first.
    static func expiry(of content: ListingContent, from expiry: Date) -> Date {
        content.endAt.map { min($0, expiry) } ?? expiry
    }

    static func checkVersion(_ current: Int, _ expected: Int?) throws {
        if let expected, expected != current { throw DomainError.versionConflict(current: current) }
    }

    /// Every photo must have been uploaded to this community.
    /// Photos a listing names must have been uploaded in the community (404 at the index), and
    /// not be taken down (`PhotoCommands.isTakenDown`, 422 `listing.photo_taken_down`) unless the
    /// principal may read removed listings (a moderator putting one back): a trusted member's
    /// listing is published at once, and one naming a removed listing's photo would put it in
    /// front of everyone again, undoing the takedown. A photo the listing shows already is left
    /// alone (an edit of other fields of a listing still up).
    ///
    /// And a photo the listing does not name already (`named`: its own photos, whatever its
    /// status) must have been uploaded by the principal, the listing's owner or whoever
    /// registered it (`creator`: the desk that took her photos) (`photo_uploads`; 422 reason
    /// `listing.photo_not_uploaded`): naming a neighbour's photo id in one's own draft let anyone
    /// who once saw a listing download its photos through the draft after the owner withdrew it or
    /// edited them out (session 28 review). Checked before the takedown, so the refusal does not
    /// tell a neighbour whether moderation removed the listing or its owner withdrew it.
    static func checkPhotos(
        _ db: Database, principal: Principal, owner: MemberID, creator: MemberID? = nil, named: [String] = [], photos: [String],
        shown: [String] = []
    ) throws {
        let community = principal.communityID
        var issues: [FieldIssue] = []
        for (index, photo) in photos.enumerated() {
            let known = try Bool.fetchOne(
                db.cachedStatement(sql: "SELECT 1 FROM photos WHERE community_id = ? AND sha256 = ?"), arguments: [community.rawValue, photo])
            if known != true {
                issues.append(FieldIssue("/photos/\(index)", .notFound))
            } else if shown.contains(photo) || principal.can(.listingReadAll) {
                continue
            } else if !named.contains(photo),
                try !PhotoCommands.uploaded(db, community: community, sha256: photo, byAnyOf: [principal.memberID, owner, creator ?? owner])
            {
                issues.append(FieldIssue("/photos/\(index)", .invalidValue, ["reason": "listing.photo_not_uploaded"]))
            } else if try PhotoCommands.isTakenDown(db, community: community, sha256: photo) {
                issues.append(FieldIssue("/photos/\(index)", .invalidValue, ["reason": "listing.photo_taken_down"]))
            }
        }
        if !issues.isEmpty { throw DomainError.validation(issues) }
    }

    /// What a listing event tells webhook consumers: public facts only. Not the pre-screen's
    /// signals (session 27 review: they were on `listing.submitted`, and an organizer's own chat
    /// template could post "fraud_signals" about a neighbour to the group): moderators read them
    /// in the review queue.
    struct EventPayload: Encodable, DirectJSONPayload {
        let listingID: String
        let ownerID: String
        let status: String
        let direction: String
        let kind: String
        let category: String
        let title: String
        let points: Int
        let reviewID: String?
        var editID: String?
        let reasonCode: String?
        /// On `listing.published` only: the category's and the kind's names in both languages, for
        /// the shipped chat texts (a WeChat group reads "工具", not `tools`).
        let categoryNameZh: String?
        let categoryNameEn: String?
        let kindNameZh: String?
        let kindNameEn: String?
        /// With the names (`listing.published`, and `listing.edited` of an approved edit): the
        /// description's first `descriptionPreview` characters (the shipped chat texts show it
        /// under the title; a group message is not the listing).
        let description: String?
        static let descriptionPreview = 140

        init(_ listing: Listing, review: ReviewItem? = nil, reasonCode: RejectReason? = nil, named: ListingCategory? = nil) {
            let content = listing.content
            categoryNameZh = named?.nameZh
            categoryNameEn = named?.nameEn
            kindNameZh = named.map { _ in ListingKindName.text(content.direction, content.kind, in: .zhCN) }
            kindNameEn = named.map { _ in ListingKindName.text(content.direction, content.kind, in: .en) }
            description = named.map { _ in
                let text = content.description.trimmingCharacters(in: .whitespacesAndNewlines)
                return text.count > Self.descriptionPreview ? String(text.prefix(Self.descriptionPreview)) + "…" : text
            }
            listingID = listing.id.rawValue
            ownerID = listing.ownerID.rawValue
            status = listing.status.rawValue
            direction = listing.content.direction.rawValue
            kind = listing.content.kind.rawValue
            category = listing.content.categoryCode
            title = listing.content.title
            points = listing.valuation.points
            reviewID = review?.id.rawValue
            editID = review?.editID?.rawValue
            self.reasonCode = reasonCode?.rawValue
        }

        enum CodingKeys: String, CodingKey {
            case listingID = "listing_id", ownerID = "owner_id", status, direction, kind, category, title, points
            case reviewID = "review_id", editID = "edit_id", reasonCode = "reason_code"
            case categoryNameZh = "category_name_zh", categoryNameEn = "category_name_en", kindNameZh = "kind_name_zh"
            case kindNameEn = "kind_name_en", description
        }

        /// Every listing created or edited emits one (`DirectJSONTests` keeps it equal to the encoder's).
        var directJSON: String? {
            DirectJSON.object([
                ("listing_id", .text(listingID)), ("owner_id", .text(ownerID)), ("status", .text(status)),
                ("direction", .text(direction)), ("kind", .text(kind)), ("category", .text(category)), ("title", .text(title)),
                ("points", .number(points)), ("review_id", reviewID.map(DirectJSON.Value.text)),
                ("edit_id", editID.map(DirectJSON.Value.text)), ("reason_code", reasonCode.map(DirectJSON.Value.text)),
                ("category_name_zh", categoryNameZh.map(DirectJSON.Value.text)), ("category_name_en", categoryNameEn.map(DirectJSON.Value.text)),
                ("kind_name_zh", kindNameZh.map(DirectJSON.Value.text)), ("kind_name_en", kindNameEn.map(DirectJSON.Value.text)),
                ("description", description.map(DirectJSON.Value.text)),
            ])
        }
    }

    /// - Parameter category: the listing's category, given where the event is `listing.published`
    ///   (its names go into the payload for the chat texts).
    static func emit(
        _ tx: Transaction, _ type: String, _ listing: Listing, review: ReviewItem? = nil, reason: RejectReason? = nil,
        category: ListingCategory? = nil, edit: ListingEditID? = nil
    ) throws {
        var payload = EventPayload(listing, review: review, reasonCode: reason, named: category)
        if let edit { payload.editID = edit.rawValue }
        try tx.emit(listing.communityID, type: type, subject: "listing:\(listing.id)", payload: payload)
    }
}

extension AuditActor {
    /// The same actor, recorded as acting for `owner` when that is someone else (proxy listings).
    func acting(for owner: MemberID) -> AuditActor {
        guard let memberID, memberID != owner else { return self }
        return AuditActor(memberID: memberID, label: label, onBehalfOf: owner, requestID: requestID, tokenID: tokenID)
    }
}
