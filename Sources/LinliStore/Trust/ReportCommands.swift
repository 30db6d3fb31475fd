import Foundation
import GRDB
import LinliDomain

/// Any member reports a listing, a member, or an exchange they took part in. Reports about the same target join its open case,
/// so moderators handle one case per target however many neighbours complain.
public enum ReportCommands {
    /// Files a report, rate-limited per reporter and local day (`moderation.reports_per_reporter_per_day`).
    ///
    /// A listing the reporter cannot see (another member's draft) is "not found", like everywhere else.
    ///
    /// - Throws: `forbidden`, `validation_failed` (bad target id, unknown photo), `listing.not_found`,
    ///   `member.not_found`, `exchange.not_found`, `report.not_a_party`, `report.own_target`, `report.rate_limited`.
    public static func file(
        _ tx: Transaction, principal: Principal, input: ReportInput, policies: TrustPolicies
    ) throws -> (report: FiledReport, moderationCase: ModerationCase, openedCase: Bool) {
        try principal.require(.reportCreate)
        try input.validate()
        let community = principal.communityID
        let targetMember: MemberID
        // The resident staff report for: an exchange they act in for her is hers to report
        // (helper 137: the desk was the reporter, rewarded and told, and one complaint she also
        // filed herself counted twice).
        var reporter = principal.memberID
        switch input.targetType {
        case .listing:
            targetMember = try FieldReference.resolve("/target_id") {
                try ListingPersistence.fetchVisible(tx.db, principal: principal, id: ListingID(trusted: input.targetID), now: tx.now).ownerID
            }
        case .member:
            targetMember = try FieldReference.resolve("/target_id") {
                try MemberCommands.fetch(tx.db, community: community, id: MemberID(trusted: input.targetID)).id
            }
        case .exchange:
            let sides = try FieldReference.resolve("/target_id") {
                try counterpart(tx.db, principal: principal, exchange: ExchangeID(trusted: input.targetID), now: tx.now)
            }
            targetMember = sides.other
            reporter = sides.reporter
        }
        let filedBy = reporter == principal.memberID ? nil : principal.memberID
        guard targetMember != reporter, targetMember != principal.memberID else { throw DomainError(code: "report.own_target", category: .conflict) }
        var issues: [FieldIssue] = []
        for (index, photo) in input.photos.enumerated() where try PhotoCommands.fetch(tx.db, community: community, sha256: photo) == nil {
            issues.append(FieldIssue("/photos/\(index)", .notFound))
        }
        if !issues.isEmpty { throw DomainError.validation(issues) }

        let timezone = try CommunityCommands.fetch(tx.db, id: community).timezone
        let day = LocalDayWindow(containing: tx.now, timeZoneID: timezone)
        let today = try Int.fetchOne(
            tx.db, sql: """
                SELECT COUNT(*) FROM trust_reports
                WHERE community_id = ? AND reporter_id = ? AND created_at >= ? AND created_at < ?
                """,
            arguments: [community.rawValue, reporter.rawValue, day.start.date, day.end.date]) ?? 0
        let limit = policies.moderation.reportsPerReporterPerDay
        guard today < limit else {
            throw DomainError(
                code: "report.rate_limited", category: .rateLimited, parameters: ["limit": String(limit)],
                instants: ["retry_at": day.end.date])
        }

        var opened = false
        let moderationCase: ModerationCase
        if let row = try Row.fetchOne(
            tx.db, sql: """
                SELECT * FROM trust_cases
                WHERE community_id = ? AND target_type = ? AND target_id = ? AND target_member_id = ? AND status = 'open'
                """,
            arguments: [community.rawValue, input.targetType.rawValue, input.targetID, targetMember.rawValue])
        {
            // A report joining an open case is new evidence: the case's ETag moves on.
            let joined = try TrustCaseRows.moderationCase(row).id
            try TrustCaseRows.touch(tx, community: community, id: joined)
            moderationCase = try TrustCaseRows.fetchCase(tx.db, community: community, id: joined)
        } else {
            let id: CaseID = tx.ids.next()
            try tx.db.execute(
                sql: """
                    INSERT INTO trust_cases (id, community_id, target_type, target_id, target_member_id, status, created_at, updated_at)
                    VALUES (?, ?, ?, ?, ?, 'open', ?, ?)
                    """,
                arguments: [id.rawValue, community.rawValue, input.targetType.rawValue, input.targetID, targetMember.rawValue, tx.now, tx.now])
            moderationCase = try TrustCaseRows.fetchCase(tx.db, community: community, id: id)
            opened = true
            // `case.needs_moderator`: the shipped chat templates render it for the moderators' group.
            let target = CaseEventPayload.publicTarget(type: input.targetType, id: input.targetID, member: targetMember)
            try tx.emit(
                community, type: "case.needs_moderator", subject: "case:\(id)",
                payload: [
                    "case_id": id.rawValue, "reason": input.category.rawValue, "reason_name_zh": input.category.name(in: .zhCN),
                    "reason_name_en": input.category.name(in: .en), "target_type": target.type, "target_id": target.id,
                ])
        }
        let report = FiledReport(
            id: tx.ids.next(), caseID: moderationCase.id, reporterID: reporter, targetType: input.targetType,
            targetID: input.targetID, targetMemberID: targetMember, category: input.category,
            text: input.text.trimmingCharacters(in: .whitespacesAndNewlines), photos: input.photos, createdAt: tx.now, filedBy: filedBy)
        let photos = String(decoding: try JSONEncoder().encode(report.photos), as: UTF8.self)
        try tx.db.execute(
            sql: """
                INSERT INTO trust_reports (id, community_id, case_id, reporter_id, target_type, target_id, target_member_id,
                    category, text, photos_json, created_at, filed_by)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
            arguments: [
                report.id.rawValue, community.rawValue, report.caseID.rawValue, report.reporterID.rawValue,
                report.targetType.rawValue, report.targetID, targetMember.rawValue, report.category.rawValue, report.text, photos,
                tx.now, filedBy?.rawValue,
            ])
        try PhotoLinks.report(tx.db, id: report.id.rawValue, photos: report.photos, community: community)
        if filedBy != nil, input.targetType == .exchange {
            // Answering for her: she hears it on her own phone, as of every step staff take in her name.
            let exchange = try ExchangePersistence.fetch(tx.db, community: community, id: ExchangeID(trusted: input.targetID))
            try ExchangeCommands.tellOfStepForYou(tx, exchange, staff: principal, resident: reporter, step: "reported", points: exchange.points)
        }
        try tx.emit(
            community, type: "report.filed", subject: "case:\(moderationCase.id)",
            payload: ["report_id": report.id.rawValue, "case_id": moderationCase.id.rawValue, "category": report.category.rawValue])
        return (report, moderationCase, opened)
    }

    /// The other side of an exchange the reporter took part in (themselves, or as the staff member
    /// acting for the resident they registered it for): that member is who the case is about. Only
    /// the sides know what happened in an exchange, so nobody else can report one.
    static func counterpart(_ db: Database, principal: Principal, exchange id: ExchangeID, now: Date) throws -> (other: MemberID, reporter: MemberID) {
        let access = try ExchangeAccess.resolve(db, principal: principal, id: id, now: now)
        let side = access.actingFor ?? principal.memberID
        let exchange = access.exchange
        switch side {
        case exchange.payer: return (exchange.provider, side)
        case exchange.provider: return (exchange.payer, side)
        default: throw DomainError(code: "report.not_a_party", category: .forbidden)
        }
    }
}

/// What the outbox says about a case (no report text: webhooks go to group chats).
///
/// A case about an exchange is named by the member it is about, not by the exchange: only a side
/// of an exchange may report it, so the exchange named the reporter (the other side) to every
/// endpoint following `case.*`, an organizer's own included (session 27 review).
struct CaseEventPayload: Encodable {
    let caseID: String
    let targetType: String
    let targetID: String
    let status: String
    let outcome: String?

    enum CodingKeys: String, CodingKey {
        case caseID = "case_id", targetType = "target_type", targetID = "target_id", status, outcome
    }

    init(_ value: ModerationCase) {
        caseID = value.id.rawValue
        (targetType, targetID) = Self.publicTarget(type: value.targetType, id: value.targetID, member: value.targetMemberID)
        status = value.status.rawValue
        outcome = value.outcome?.rawValue
    }

    /// What a case's events say it is about: the reported member for an exchange, else the target.
    static func publicTarget(type: ReportTargetType, id: String, member: MemberID) -> (type: String, id: String) {
        type == .exchange ? ("member", member.rawValue) : (type.rawValue, id)
    }
}
