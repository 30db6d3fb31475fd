import Foundation
import GRDB
import LinliDomain

/// Reading and writing exchange rows. Statements are built once and cached per connection: the
/// exchange steps are the hot path of the ledger benchmark.
enum ExchangePersistence {
    static let mutableColumns = [
        "state", "points", "hold_id", "actual_minutes", "settled_points", "absent_member_id", "dispute_reason", "disputed_by",
        "disputed_at", "resolution", "compensation_points", "resolution_note", "resolved_by", "resolved_at", "accepted_at",
        "auto_confirm_resume_at", "closed_at", "updated_at", "version", "reported_minutes",
    ]
    static let fixedColumns = [
        "id", "community_id", "listing_id", "listing_kind", "requester_id", "owner_id", "payer_id", "provider_id", "created_by",
        "scheduled_start", "scheduled_end", "message", "created_at",
    ]

    static let insertSQL: String = {
        let columns = fixedColumns + mutableColumns
        return "INSERT INTO exchanges (\(columns.joined(separator: ", "))) VALUES (\(columns.map { _ in "?" }.joined(separator: ", ")))"
    }()

    static let updateSQL: String = {
        let assignments = mutableColumns.map { "\($0) = ?" }.joined(separator: ", ")
        return "UPDATE exchanges SET \(assignments) WHERE community_id = ? AND id = ? AND version = ?"
    }()

    static func fetch(_ db: Database, community: CommunityID, id: ExchangeID) throws -> Exchange {
        guard let exchange = try Exchange.fetchOne(
            db.cachedStatement(sql: "SELECT * FROM exchanges WHERE community_id = ? AND id = ?"), arguments: [community.rawValue, id.rawValue])
        else { throw DomainError.notFound("exchange", id: id.rawValue) }
        return exchange
    }

    static func insert(_ db: Database, _ exchange: Exchange) throws {
        try RawBindings.execute(db.cachedStatement(sql: insertSQL)) { bind in
            bind.bind(exchange.id.rawValue)
            bind.bind(exchange.communityID.rawValue)
            bind.bind(exchange.listingID.rawValue)
            bind.bind(exchange.listingKind.rawValue)
            bind.bind(exchange.requester.rawValue)
            bind.bind(exchange.owner.rawValue)
            bind.bind(exchange.payer.rawValue)
            bind.bind(exchange.provider.rawValue)
            bind.bind(exchange.createdBy.rawValue)
            bind.bind(StoredTime.text(exchange.scheduledStart))
            bind.bind(StoredTime.text(exchange.scheduledEnd))
            bind.bind(exchange.message)
            bind.bind(StoredTime.text(exchange.createdAt))
            bindMutable(exchange, into: &bind)
        }
    }

    /// Writes the mutable columns, bumping the version; 409 `version_conflict` if the row moved on
    /// since `exchange` was read (another request won the race).
    static func save(_ tx: Transaction, _ exchange: Exchange) throws -> Exchange {
        var updated = exchange
        updated.version += 1
        updated.updatedAt = tx.now
        try RawBindings.execute(tx.db.cachedStatement(sql: updateSQL)) { bind in
            bindMutable(updated, into: &bind)
            bind.bind(exchange.communityID.rawValue)
            bind.bind(exchange.id.rawValue)
            bind.bind(exchange.version)
        }
        if tx.db.changesCount == 0 {
            let current = try fetch(tx.db, community: exchange.communityID, id: exchange.id)
            throw DomainError.versionConflict(current: current.version)
        }
        return updated
    }

    /// Binds `mutableColumns`, in that order, by type (`RawBindings`): an exchange step writes
    /// its row once or twice, and the arrays of existentials this replaced were a noticeable part
    /// of a step's Swift time.
    static func bindMutable(_ e: Exchange, into bind: inout RawBindings) {
        bind.bind(e.state.rawValue)
        bind.bind(e.points)
        bind.bind(e.holdID?.rawValue)
        bind.bind(e.actualMinutes)
        bind.bind(e.settledPoints)
        bind.bind(e.absentMember?.rawValue)
        bind.bind(e.disputeReason)
        bind.bind(e.disputedBy?.rawValue)
        bind.bind(StoredTime.text(e.disputedAt))
        bind.bind(e.resolution?.rawValue)
        bind.bind(e.compensationPoints)
        bind.bind(e.resolutionNote)
        bind.bind(e.resolvedBy?.rawValue)
        bind.bind(StoredTime.text(e.resolvedAt))
        bind.bind(StoredTime.text(e.acceptedAt))
        bind.bind(StoredTime.text(e.autoConfirmResumeAt))
        bind.bind(StoredTime.text(e.closedAt))
        bind.bind(StoredTime.text(e.updatedAt))
        bind.bind(e.version)
        bind.bind(e.reportedMinutes)
    }

    /// Keeps what the exchange is agreed on (`ExchangeAgreedTerms`), written once at acceptance
    /// beside the step's own update (same row, same page) rather than in every save.
    /// `rules`: the exchange rules in force at acceptance (`AgreedExchangeRules`); `valuation`: the
    /// listing's, whose points are held (its rule file re-prices fewer minutes).
    static func recordAgreedTerms(
        _ tx: Transaction, _ exchange: Exchange, content: ListingContent, valuation: ListingValuation?, rules: ExchangeRules
    ) throws {
        let terms = ExchangeAgreedTerms(content, rules: rules, ruleSetHash: valuation?.ruleSetHash)
        try tx.db.cachedStatement(sql: "UPDATE exchanges SET agreed_terms_json = ? WHERE community_id = ? AND id = ?").execute(
            arguments: [ListingRows.encode(terms), exchange.communityID.rawValue, exchange.id.rawValue])
    }

    /// The terms recorded at acceptance, or nil for an exchange accepted before they were kept
    /// (migration 0029) or never accepted.
    static func agreedTerms(_ db: Database, _ exchange: Exchange) throws -> ExchangeAgreedTerms? {
        try agreedTerms(json: try String.fetchOne(
            db.cachedStatement(sql: "SELECT agreed_terms_json FROM exchanges WHERE community_id = ? AND id = ?"),
            arguments: [exchange.communityID.rawValue, exchange.id.rawValue]))
    }

    /// The terms as stored in `agreed_terms_json` (nil when none were kept).
    static func agreedTerms(json text: String?) throws -> ExchangeAgreedTerms? {
        try ListingRows.decode(ExchangeAgreedTerms.self, text)
    }

    /// Records a mark against a member (lost dispute, no-show) for the credit score to count.
    static func mark(_ tx: Transaction, _ exchange: Exchange, member: MemberID, kind: String) throws {
        try tx.db.cachedStatement(
            sql: "INSERT INTO member_exchange_marks (community_id, member_id, exchange_id, kind, created_at) VALUES (?, ?, ?, ?, ?)"
        ).execute(arguments: [exchange.communityID.rawValue, member.rawValue, exchange.id.rawValue, kind, tx.nowText])
    }

    /// Stops a mark from counting (a no-show overturned on contest). The row stays as history;
    /// `voided_at` is what the credit score and the trust snapshot filter on.
    static func voidMark(_ tx: Transaction, _ exchange: Exchange, member: MemberID, kind: String) throws {
        try tx.db.cachedStatement(sql: """
            UPDATE member_exchange_marks SET voided_at = ?
            WHERE community_id = ? AND member_id = ? AND exchange_id = ? AND kind = ? AND voided_at IS NULL
            """
        ).execute(arguments: [tx.nowText, exchange.communityID.rawValue, member.rawValue, exchange.id.rawValue, kind])
    }

    /// What an exchange event tells webhook consumers: ids, state, points and the provider's
    /// reported minutes, nothing private.
    struct EventPayload: Encodable, DirectJSONPayload {
        let exchangeID: String
        let listingID: String
        let state: String
        let payerID: String
        let providerID: String
        let points: Int
        let settledPoints: Int?
        let resolution: String?
        let reportedMinutes: Int?
        /// The listing's title, on `exchange.accepted` only: what the shipped chat text names (the
        /// listing is public; the two people are not named in a group).
        let listingTitle: String?
        /// On `exchange.accepted` only: whether the listing stays open for other times
        /// (`ListingContent.isRepeatable`) rather than being reserved, so the chat text says which.
        let listingRepeatable: Bool?

        init(_ exchange: Exchange, listing: (title: String, repeatable: Bool)? = nil) {
            listingTitle = listing?.title
            listingRepeatable = listing?.repeatable
            exchangeID = exchange.id.rawValue
            listingID = exchange.listingID.rawValue
            state = exchange.state.rawValue
            payerID = exchange.payer.rawValue
            providerID = exchange.provider.rawValue
            points = exchange.points
            settledPoints = exchange.settledPoints
            resolution = exchange.resolution?.rawValue
            reportedMinutes = exchange.reportedMinutes
        }

        enum CodingKeys: String, CodingKey {
            case exchangeID = "exchange_id", listingID = "listing_id", state, payerID = "payer_id", providerID = "provider_id"
            case points, settledPoints = "settled_points", resolution, reportedMinutes = "reported_minutes"
            case listingTitle = "listing_title", listingRepeatable = "listing_repeatable"
        }

        /// Every exchange step emits one (`DirectJSONTests` keeps it equal to the encoder's).
        var directJSON: String? {
            DirectJSON.object([
                ("exchange_id", .text(exchangeID)), ("listing_id", .text(listingID)), ("state", .text(state)),
                ("payer_id", .text(payerID)), ("provider_id", .text(providerID)), ("points", .number(points)),
                ("settled_points", settledPoints.map(DirectJSON.Value.number)), ("resolution", resolution.map(DirectJSON.Value.text)),
                ("reported_minutes", reportedMinutes.map(DirectJSON.Value.number)), ("listing_title", listingTitle.map(DirectJSON.Value.text)),
                ("listing_repeatable", listingRepeatable.map(DirectJSON.Value.bool)),
            ])
        }
    }

    /// `exchange.needs_moderator` for the moderators' group: a dispute or a contested no-show is
    /// waiting. Ids and the kind of matter only: the parties and their words stay in the exchange,
    /// which only they and moderators read (`exchange.disputed` is never posted to a group).
    static func askModerator(_ tx: Transaction, _ exchange: Exchange, noShowContest: Bool) throws {
        try tx.emit(
            exchange.communityID, type: "exchange.needs_moderator", subject: "exchange:\(exchange.id)",
            payload: [
                "exchange_id": exchange.id.rawValue, "reason": noShowContest ? "no_show_contest" : "dispute",
                "reason_name_zh": noShowContest ? "爽约申辩" : "交换纠纷",
                "reason_name_en": noShowContest ? "Contested no-show" : "Disputed exchange",
            ])
    }

    /// The outbox event and the audit entry of one step, written together with the change.
    static func record(
        _ tx: Transaction, _ exchange: Exchange, event: String, actor: AuditActor, before: ExchangeState?, reason: String? = nil,
        extra: [String: String?] = [:], listing: (title: String, repeatable: Bool)? = nil
    ) throws {
        try tx.emit(
            exchange.communityID, type: event, subject: "exchange:\(exchange.id)", payload: EventPayload(exchange, listing: listing))
        var after: [String: String?] = ["state": exchange.state.rawValue, "points": String(exchange.points)]
        after.merge(extra) { _, new in new }
        try tx.audit(
            exchange.communityID, actor: actor, action: event, targetType: "exchange", targetID: exchange.id.rawValue,
            reason: reason, before: before.map { ["state": $0.rawValue] }, after: after)
    }
}
