import Foundation
import GRDB
import LinliDomain

/// One case with everything a moderator reads: its reports, private notes and actions.
public struct CaseDetail: Sendable {
    public var moderationCase: ModerationCase
    public var reports: [FiledReport]
    public var notes: [(id: CaseNoteID, author: MemberID, text: String, createdAt: Date)]
    public var actions: [CaseAction]
    /// The other open cases about the same member (a report about their listing, one about them,
    /// one about an exchange of theirs each open a case of its own), oldest first: one incident
    /// can reach moderators several ways, and deciding them apart would punish it twice.
    public var otherOpenCases: [ModerationCase] = []
    /// The fraud signals about the case's member, open or dismissed (each says which cases decided
    /// it, `StoredFraudSignal.decidedBy`), newest first, at most 100: a case opened by signals showed
    /// no reports and nothing of why it was opened, so its moderator had to find them in the
    /// member's history (session 40 leftover).
    public var signals: [StoredFraudSignal] = []
    /// The exchanges whose held points this case froze, and when each was released.
    public var frozenExchanges: [(exchange: ExchangeID, frozenAt: Date, liftedAt: Date?)] = []
}

/// What a case's reports say at a glance, for the moderators' queue: how many reports it holds
/// and their categories (a queue row with only ids and a priority said nothing of whether it was
/// a scam or a noisy neighbour; session 40 leftover).
public struct CaseReportsBrief: Sendable, Equatable {
    public let count: Int
    public let categories: [String]

    /// A case no report is in (opened by fraud signals).
    public static let none = CaseReportsBrief(count: 0, categories: [])
}

/// Moderators' reads of cases.
public enum CaseQueries {
    /// The signals a case shows: those about its member the reader may see (the newest 100), and
    /// those its resolution decided, however old (helper 148 #9), newest first.
    static func signals(_ db: Database, principal: Principal, moderationCase: ModerationCase) throws -> [StoredFraudSignal] {
        let about = try FraudSignalCommands.about(db, community: principal.communityID, member: moderationCase.targetMemberID, reader: principal)
        let shown = Set(about.map(\.id))
        // (A report cluster naming the reader's household stays out here too, as in `about`.)
        let home = try ModerationConflict.selfAndHousemates(db, of: principal)
        let decided = try FraudSignalCommands.decided(db, community: principal.communityID, by: moderationCase.id).filter {
            !shown.contains($0.id) && !($0.signal.type == .reportCluster && !home.isDisjoint(with: $0.signal.subjects))
        }
        return (about + decided).sorted { $0.id.rawValue > $1.id.rawValue }
    }

    /// The reports brief of each of `cases` (one grouped read for a page; a case without reports,
    /// opened by signals, has none).
    public static func reportsBriefs(_ db: Database, community: CommunityID, cases: [ModerationCase]) throws -> [CaseID: CaseReportsBrief] {
        guard !cases.isEmpty else { return [:] }
        let rows = try Row.fetchAll(
            db, sql: """
                SELECT case_id, COUNT(*) AS reports, GROUP_CONCAT(DISTINCT category) AS categories FROM trust_reports
                WHERE community_id = ? AND case_id IN (\(cases.map { _ in "?" }.joined(separator: ", "))) GROUP BY case_id
                """,
            arguments: StatementArguments([community.rawValue] + cases.map(\.id.rawValue)))
        return Dictionary(uniqueKeysWithValues: rows.map { row in
            let categories = (row["categories"] as String?)?.split(separator: ",").map(String.init).sorted() ?? []
            return (CaseID(trusted: row["case_id"]), CaseReportsBrief(count: row["reports"], categories: categories))
        })
    }

    /// Cases by status in queue order: highest priority (fraud signals about the target member)
    /// first, then oldest; keyset-paginated on (priority, id), the page's sort key being
    /// `priority|id` (a case whose priority changes between pages may appear twice or not at all,
    /// which a queue read from the top again tolerates).
    public static func list(_ db: Database, principal: Principal, status: ModerationCase.Status, page: PageRequest) throws -> Page<ModerationCase> {
        try principal.require(.caseManage)
        // Cases about the moderator or a housemate are left out: they may not read or decide them
        // (`case.own`, `moderation.own_household`), and the list would tell them they were
        // reported and let them watch the case move. So are those about a resident they act or
        // acted for (`moderation.acts_for_member`): a queue of what they cannot open.
        var sql = """
            SELECT * FROM trust_cases WHERE community_id = ? AND status = ?
              AND target_member_id NOT IN (\(ModerationConflict.selfAndHousematesSQL))
              AND target_member_id NOT IN (\(ModerationConflict.actedForSQL))
            """
        var arguments: StatementArguments = [principal.communityID.rawValue, status.rawValue]
            + ModerationConflict.selfAndHousematesArguments(principal.communityID, principal.memberID)
            + ModerationConflict.actedForArguments(principal.communityID, principal.memberID)
        if let after = page.after {
            let key = try NumberedPageKey.parse(after, idIsWellFormed: CaseID.isWellFormed)
            sql += " AND (priority < ? OR (priority = ? AND id > ?))"
            arguments += [key.number, key.number, key.id]
        }
        sql += " ORDER BY priority DESC, id LIMIT ?"
        arguments += [page.limit + 1]
        let rows = try Row.fetchAll(db, sql: sql, arguments: arguments).map(TrustCaseRows.moderationCase)
        return Page.fromOverfetch(rows, limit: page.limit) { NumberedPageKey.text($0.priority, $0.id.rawValue) }
    }

    public static func detail(_ db: Database, principal: Principal, id: CaseID) throws -> CaseDetail {
        try principal.require(.caseManage)
        let value = try TrustCaseRows.fetchCase(db, community: principal.communityID, id: id)
        // A moderator reported does not read who reported them, nor the other moderators' notes;
        // nor does one whose housemate was reported.
        try ModerationConflict.check(db, principal, about: [value.targetMemberID], decision: "case")
        let arguments: StatementArguments = [principal.communityID.rawValue, id.rawValue]
        return CaseDetail(
            moderationCase: value,
            reports: try Row.fetchAll(
                db, sql: "SELECT * FROM trust_reports WHERE community_id = ? AND case_id = ? ORDER BY id", arguments: arguments
            ).map(TrustCaseRows.report),
            notes: try Row.fetchAll(
                db, sql: "SELECT * FROM trust_case_notes WHERE community_id = ? AND case_id = ? ORDER BY id", arguments: arguments
            ).map { (CaseNoteID(trusted: $0["id"]), MemberID(trusted: $0["author_id"]), $0["text"], $0["created_at"]) },
            actions: try Row.fetchAll(
                db, sql: "SELECT * FROM trust_case_actions WHERE community_id = ? AND case_id = ? ORDER BY id", arguments: arguments
            ).map(TrustCaseRows.action),
            otherOpenCases: try Row.fetchAll(
                db,
                sql: """
                    SELECT * FROM trust_cases WHERE community_id = ? AND target_member_id = ? AND status = 'open' AND id <> ?
                    ORDER BY id
                    """,
                arguments: [principal.communityID.rawValue, value.targetMemberID.rawValue, id.rawValue]
            ).map(TrustCaseRows.moderationCase),
            signals: try signals(db, principal: principal, moderationCase: value),
            frozenExchanges: try Row.fetchAll(
                db, sql: "SELECT exchange_id, frozen_at, lifted_at FROM exchange_freezes WHERE community_id = ? AND case_id = ? ORDER BY exchange_id",
                arguments: arguments
            ).map { (ExchangeID(trusted: $0["exchange_id"]), $0["frozen_at"], $0["lifted_at"]) })
    }
}
