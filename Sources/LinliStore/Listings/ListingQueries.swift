import Foundation
import GRDB
import LinliDomain

/// Browse filters. Every one is optional; they combine with AND.
public struct ListingFilter: Sendable, Equatable {
    public var direction: ListingDirection?
    public var kind: ListingKind?
    public var category: String?
    public var status: ListingStatus?
    public var area: String?
    public var ownerID: MemberID?
    public var minPoints: Int?
    public var maxPoints: Int?
    /// Free text; Chinese works (FTS5 trigram; terms under 3 characters fall back to substring match).
    public var text: String?

    public init(
        direction: ListingDirection? = nil, kind: ListingKind? = nil, category: String? = nil, status: ListingStatus? = nil,
        area: String? = nil, ownerID: MemberID? = nil, minPoints: Int? = nil, maxPoints: Int? = nil, text: String? = nil
    ) {
        self.direction = direction
        self.kind = kind
        self.category = category
        self.status = status
        self.area = area
        self.ownerID = ownerID
        self.minPoints = minPoints
        self.maxPoints = maxPoints
        self.text = text
    }

    public static let maxTextLength = 50
    public static let maxTerms = 5

    /// The words of a search text, each of which must match. Control characters separate terms
    /// like spaces: no stored title contains one (text fields refuse them), and FTS5 stops reading
    /// a phrase at a NUL, which made the whole query a syntax error (a bare 500).
    public static func terms(of text: String) -> [String] {
        text.split(whereSeparator: { $0.isWhitespace || $0.unicodeScalars.contains { $0.properties.generalCategory == .control } })
            .map(String.init)
    }
}

/// Browsing, searching and reading listings and their history.
public enum ListingQueries {
    /// `now` decides whether a staff member's standing consent from the owner is in force (the
    /// API passes the store's clock).
    public static func fetch(_ db: Database, principal: Principal, id: ListingID, now: Date = Date()) throws -> Listing {
        try principal.require(.listingRead)
        return try ListingPersistence.fetchVisible(db, principal: principal, id: id, now: now)
    }

    /// Newest first, keyset-paginated by id. Residents see published listings of active owners,
    /// plus their own (and those they posted for someone) in any state; staff with
    /// `listing.read_all` see everything.
    ///
    /// - Parameter summary: true for list pages, which show points but never the valuation
    ///   breakdown: the stored breakdowns (the largest columns) are then not read, and the listings
    ///   come back with an empty `breakdownJSON` and no original valuation.
    ///
    /// Staff holding a resident's standing consent see her listings in every state when they ask
    /// for hers (`owner_id`), as she would.
    public static func browse(
        _ db: Database, principal: Principal, filter: ListingFilter, page: PageRequest, summary: Bool = false, now: Date = Date()
    ) throws -> Page<Listing> {
        let columns = summary ? ListingColumn.selectSummary : ListingColumn.selectAll
        try principal.require(.listingRead)
        let search = filter.text.map(TextSearch.plan)
        var sql: String
        var arguments: StatementArguments
        if let match = search?.match {
            // Driven by the FTS index, newest match first: its rowid order is insertion order, which
            // is id order (ids are generated in creation order by the single writer), so the scan
            // stops after one page instead of sorting every match.
            sql = """
                SELECT \(columns) FROM listings_fts JOIN listings ON listings.rowid = listings_fts.rowid
                WHERE listings_fts MATCH ? AND listings.community_id = ?
                """
            arguments = [match, principal.communityID.rawValue]
        } else {
            sql = "SELECT \(columns) FROM listings WHERE listings.community_id = ?"
            arguments = [principal.communityID.rawValue]
        }
        // Every column is named with its table: the search index has columns of its own (`area`,
        // `title`…), and an unqualified name it shares is ambiguous in the joined statement.
        if let after = page.after { sql += " AND listings.id < ?"; arguments += [after] }
        if !principal.can(.listingReadAll) {
            // What they registered for residents only while they hold the staff role that let them
            // (`Listing.isRegistered(by:)`), and not once she withdrew a consent naming them
            // since (`ListingPersistence.registeredAndStillActing`); a suspended or banned owner's
            // published listings not at all (`ListingPersistence.fetchVisible`).
            let everyState = try filter.status == .published || actsFor(db, owner: filter.ownerID, principal: principal, now: now)
            sql += everyState ? ListingPersistence.notOfAnInactiveOwnerSQL : ListingPersistence.visibleToReaderSQL
            arguments += [principal.memberID.rawValue, principal.memberID.rawValue, principal.can(.listingManageOthers), principal.memberID.rawValue, now]
        }
        if let status = filter.status { sql += " AND listings.status = ?"; arguments += [status.rawValue] }
        if let direction = filter.direction { sql += " AND listings.direction = ?"; arguments += [direction.rawValue] }
        if let kind = filter.kind { sql += " AND listings.kind = ?"; arguments += [kind.rawValue] }
        if let category = filter.category { sql += " AND listings.category_code = ?"; arguments += [category] }
        if let area = filter.area { sql += " AND listings.area = ?"; arguments += [area] }
        if let owner = filter.ownerID { sql += " AND listings.owner_id = ?"; arguments += [owner.rawValue] }
        if let minPoints = filter.minPoints { sql += " AND listings.points >= ?"; arguments += [minPoints] }
        if let maxPoints = filter.maxPoints { sql += " AND listings.points <= ?"; arguments += [maxPoints] }
        if let search {
            sql += search.substringClause
            arguments += search.substringArguments
        }
        sql += search?.match != nil ? " ORDER BY listings_fts.rowid DESC LIMIT ?" : " ORDER BY listings.id DESC LIMIT ?"
        arguments += [page.limit + 1]
        // Cached per SQL shape: the filters combine into a bounded set of statements, and preparing
        // one (with GRDB's authorizer pass over every column) cost more than running it.
        let rows = try ListingRowReader.fetchAll(db.cachedStatement(sql: sql), arguments: arguments)
        return Page.fromOverfetch(rows, limit: page.limit) { $0.id.rawValue }
    }

    /// The listing's timeline: creation, submissions, claims, decisions, corrections, edits.
    /// For the owner (and staff acting for her) and staff who see every state.
    public static func history(
        _ db: Database, principal: Principal, id: ListingID, page: PageRequest, now: Date = Date()
    ) throws -> Page<AuditEntry> {
        try principal.require(.listingRead)
        let listing = try ListingPersistence.fetchVisible(db, principal: principal, id: id, now: now)
        guard try ownsOrManages(db, listing, principal: principal, now: now) else { throw DomainError.forbidden(.listingReadAll) }
        let rows = try AuditEntry.fetchAll(
            db,
            sql: """
                SELECT * FROM audit_entries WHERE community_id = ? AND target_type = 'listing' AND target_id = ? AND id > ?
                ORDER BY id LIMIT ?
                """,
            arguments: [principal.communityID.rawValue, id.rawValue, page.after ?? "", page.limit + 1])
        let moderator = principal.can(.listingReview)
        guard !moderator else { return Page.fromOverfetch(rows, limit: page.limit) { $0.id.rawValue } }
        // Whom she may see named: herself, whoever registered it, the reader, and the neighbours
        // who asked for it (her own counterparts).
        let requesters = try String.fetchAll(
            db, sql: "SELECT DISTINCT requester_id FROM exchanges WHERE community_id = ? AND listing_id = ?",
            arguments: [principal.communityID.rawValue, id.rawValue])
        let known = Set([listing.ownerID, listing.createdBy, principal.memberID] + requesters.map(MemberID.init(trusted:)))
        return Page.fromOverfetch(rows.map { ListingHistoryRedaction.forOwner($0, known: known, owner: listing.ownerID) }, limit: page.limit) {
            $0.id.rawValue
        }
    }

    /// The pending edit of a listing, shown to its owner and staff next to the public version.
    public static func pendingEdit(_ db: Database, principal: Principal, listing: Listing, now: Date = Date()) throws -> ListingEdit? {
        guard try ownsOrManages(db, listing, principal: principal, now: now) else { return nil }
        guard let row = try Row.fetchOne(
            db, sql: "SELECT * FROM listing_edits WHERE community_id = ? AND listing_id = ? AND status = 'pending'",
            arguments: [principal.communityID.rawValue, listing.id.rawValue])
        else { return nil }
        return try ListingEdit(row: row)
    }
}

/// Turns a search text into an FTS5 query and substring conditions. Every whitespace-separated
/// term of 3+ characters becomes a quoted trigram phrase, ANDed (so user input can never be FTS5
/// syntax); shorter terms — two-character Chinese words such as 婴儿 are common — become substring
/// matches on the listing's title and description.
enum TextSearch {
    struct Plan {
        var match: String?
        var substringClause = ""
        var substringArguments: StatementArguments = []
    }

    static func plan(_ text: String) -> Plan {
        let terms = ListingFilter.terms(of: text).prefix(ListingFilter.maxTerms)
        var plan = Plan()
        var phrases: [String] = []
        for term in terms {
            if term.count >= 3 {
                phrases.append("\"" + term.replacingOccurrences(of: "\"", with: "\"\"") + "\"")
            } else {
                let pattern = "%" + term.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "%", with: "\\%")
                    .replacingOccurrences(of: "_", with: "\\_") + "%"
                // The columns the full-text index covers (migration 0014): a two-character word
                // ("电脑", "北门") finds a skill's name, an area or a place as a longer one does.
                let columns = ["title", "description", "skill_name", "area", "place"]
                plan.substringClause += " AND (" + columns.map { "listings.\($0) LIKE ? ESCAPE '\\'" }.joined(separator: " OR ") + ")"
                plan.substringArguments += StatementArguments(Array(repeating: pattern, count: columns.count))
            }
        }
        plan.match = phrases.isEmpty ? nil : phrases.joined(separator: " AND ")
        return plan
    }
}

extension ListingQueries {
    /// Whether the principal sees the listing as its owner does (`ListingPersistence.seesAsOwner`):
    /// the views then show them what she sees.
    public static func seesAsOwner(_ db: Database, _ listing: Listing, principal: Principal, now: Date) throws -> Bool {
        try ListingPersistence.seesAsOwner(db, listing, principal: principal, now: now)
    }

    /// The owner, whoever posted it for her (until she withdrew a consent naming them) or acts for
    /// her by consent, and staff who see every state.
    fileprivate static func ownsOrManages(_ db: Database, _ listing: Listing, principal: Principal, now: Date) throws -> Bool {
        try principal.can(.listingReadAll) || seesAsOwner(db, listing, principal: principal, now: now)
    }

    /// Whether a browse for `owner`'s listings comes from staff holding her consent.
    fileprivate static func actsFor(_ db: Database, owner: MemberID?, principal: Principal, now: Date) throws -> Bool {
        guard let owner else { return false }
        return try ListingPersistence.actsFor(db, owner: owner, principal: principal, now: now)
    }
}
