import Foundation
import LinliDomain
import LinliStore
import LinliTrust

struct ReportView: Encodable {
    let id: String, caseID: String, reporterID: String, targetType: String, targetID: String, category: String, text: String
    let photos: [String]
    let createdAt: Date
    /// The staff member who filed it in the reporter's name (an exchange they act in for her).
    let filedBy: String?

    init(_ report: FiledReport) {
        filedBy = report.filedBy?.rawValue
        id = report.id.rawValue
        caseID = report.caseID.rawValue
        reporterID = report.reporterID.rawValue
        targetType = report.targetType.rawValue
        targetID = report.targetID
        category = report.category.rawValue
        text = report.text
        photos = report.photos
        createdAt = report.createdAt
    }
}

struct CaseView: Encodable {
    let id: String, targetType: String, targetID: String, targetMemberID: String, status: String
    let claimedBy: String?, claimExpiresAt: Date?, outcome: String?, resolutionReason: String?, resolvedBy: String?
    let resolvedAt: Date?, createdAt: Date, version: Int
    let priority: Int, openedBy: String
    /// Whether the target's held points are frozen by this case now: only while it is open.
    /// (A resolved case still said `true`, and a client showed the points as frozen.)
    let holdsFrozen: Bool
    /// Whether this case froze them when it opened (a fraud-signal case), resolved or not.
    let frozeHolds: Bool
    /// `GET /v1/cases` only: how many reports the case holds and their categories.
    let reportCount: Int?
    let reportCategories: [String]?

    /// - Parameter reports: the case's reports brief, given in the queue (`CaseQueries.reportsBriefs`).
    init(_ value: ModerationCase, reports: CaseReportsBrief? = nil) {
        reportCount = reports?.count
        reportCategories = reports?.categories
        priority = value.priority
        openedBy = value.openedBy.rawValue
        holdsFrozen = value.holdsFrozen && value.status == .open
        frozeHolds = value.holdsFrozen
        id = value.id.rawValue
        targetType = value.targetType.rawValue
        targetID = value.targetID
        targetMemberID = value.targetMemberID.rawValue
        status = value.status.rawValue
        claimedBy = value.claimedBy?.rawValue
        claimExpiresAt = value.claimExpiresAt
        outcome = value.outcome?.rawValue
        resolutionReason = value.resolutionReason
        resolvedBy = value.resolvedBy?.rawValue
        resolvedAt = value.resolvedAt
        createdAt = value.createdAt
        version = value.version
    }
}

struct ActionView: Encodable {
    let id: String, caseID: String, kind: String, targetMemberID: String, days: Int?, points: Int?, victimID: String?
    let strike: Bool, takenBy: String, createdAt: Date, overturnedAt: Date?

    init(_ action: CaseAction) {
        id = action.id.rawValue
        caseID = action.caseID.rawValue
        kind = action.kind.rawValue
        targetMemberID = action.targetMemberID.rawValue
        days = action.days
        points = action.points
        victimID = action.victimID?.rawValue
        strike = action.strike
        takenBy = action.takenBy.rawValue
        createdAt = action.createdAt
        overturnedAt = action.overturnedAt
    }
}

struct NoteView: Encodable {
    let id: String, authorID: String, text: String, createdAt: Date
}

struct CaseDetailView: Encodable {
    let moderationCase: CaseView
    let reports: [ReportView]
    let notes: [NoteView]
    let actions: [ActionView]
    /// Other open cases about the same member, for the moderator to decide together.
    let otherOpenCases: [CaseView]
    /// The fraud signals standing about the member, and the exchanges this case froze.
    let signals: [SignalView]
    let frozenExchanges: [FrozenExchangeView]

    struct FrozenExchangeView: Encodable {
        let exchangeId: String
        let frozenAt: Date
        let liftedAt: Date?
    }

    enum CodingKeys: String, CodingKey {
        case moderationCase = "case", reports, notes, actions, otherOpenCases = "other_open_cases", signals, frozenExchanges = "frozen_exchanges"
    }

    init(_ detail: CaseDetail, language: Language) {
        moderationCase = CaseView(detail.moderationCase)
        reports = detail.reports.map(ReportView.init)
        notes = detail.notes.map { NoteView(id: $0.id.rawValue, authorID: $0.author.rawValue, text: $0.text, createdAt: $0.createdAt) }
        actions = detail.actions.map(ActionView.init)
        otherOpenCases = detail.otherOpenCases.map { CaseView($0) }
        signals = detail.signals.map { SignalView($0, language: language) }
        frozenExchanges = detail.frozenExchanges.map { FrozenExchangeView(exchangeId: $0.exchange.rawValue, frozenAt: $0.frozenAt, liftedAt: $0.liftedAt) }
    }
}

struct ResolutionView: Encodable {
    let moderationCase: CaseView
    let actions: [ActionView]
    enum CodingKeys: String, CodingKey { case moderationCase = "case", actions }
}

struct AppealView: Encodable {
    let id: String, actionID: String, appellantID: String, text: String, status: String, decidedBy: String?
    let decisionReason: String?, decidedAt: Date?, createdAt: Date
    /// Staff who wrote it at the desk for the appellant.
    let filedBy: String?
    /// In the moderators' queue (`GET /v1/appeals`): the case and the kind of action appealed.
    var caseID: String?, actionKind: String?

    init(_ item: AppealQueueItem) {
        self.init(item.appeal)
        caseID = item.caseID.rawValue
        actionKind = item.actionKind.rawValue
    }

    init(_ appeal: Appeal) {
        id = appeal.id.rawValue
        actionID = appeal.actionID.rawValue
        appellantID = appeal.appellantID.rawValue
        text = appeal.text
        status = appeal.status.rawValue
        decidedBy = appeal.decidedBy?.rawValue
        decisionReason = appeal.decisionReason
        decidedAt = appeal.decidedAt
        createdAt = appeal.createdAt
        filedBy = appeal.filedBy?.rawValue
    }
}

/// An action its member may still appeal (`GET /v1/members/{id}/appealable-actions`).
struct AppealableActionView: Encodable {
    let id: String, caseID: String, kind: String, days: Int?, points: Int?, reason: String?, createdAt: Date, appealUntil: Date

    init(_ item: AppealableAction) {
        id = item.action.id.rawValue
        caseID = item.action.caseID.rawValue
        kind = item.action.kind.rawValue
        days = item.action.days
        points = item.action.points
        reason = item.reason
        createdAt = item.action.createdAt
        appealUntil = item.appealUntil
    }
}

struct SignalView: Encodable {
    let id: String, type: String, score: Int, subjects: [String], explanation: String, fingerprint: String, status: String
    let dismissReason: String?, at: Date
    /// Members this open signal no longer counts toward freezing, each with the case that decided it.
    let decided: [Decided]?

    struct Decided: Encodable {
        let memberId: String, caseId: String
    }

    init(_ stored: StoredFraudSignal, language: Language) {
        id = stored.id.rawValue
        type = stored.signal.type.rawValue
        score = stored.signal.score
        subjects = stored.signal.subjects.map(\.rawValue)
        explanation = stored.signal.explanation(language == .en ? .en : .zh)
        fingerprint = stored.signal.fingerprint
        status = stored.dismissed ? "dismissed" : "open"
        dismissReason = stored.dismissReason
        at = stored.signal.at
        decided = stored.decidedBy.isEmpty
            ? nil : stored.decidedBy.sorted { $0.key.rawValue < $1.key.rawValue }.map { Decided(memberId: $0.key.rawValue, caseId: $0.value.rawValue) }
    }
}

struct HistoryView: Encodable {
    let memberID: String
    let strikes: Int
    let reports: [ReportView]
    let cases: [CaseView]
    let actions: [ActionView]
    let signals: [SignalView]
    let exchanges: [ExchangeView]

    init(_ history: TargetHistory, language: Language) {
        exchanges = history.exchanges.map { ExchangeView($0, language: language) }
        memberID = history.member.rawValue
        strikes = history.strikes
        reports = history.reports.map(ReportView.init)
        cases = history.cases.map { CaseView($0) }
        actions = history.actions.map(ActionView.init)
        signals = history.signals.map { SignalView($0, language: language) }
    }
}
