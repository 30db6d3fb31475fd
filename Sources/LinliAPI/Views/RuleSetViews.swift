import Foundation
import LinliDomain
import LinliStore

/// A rule-file version as listed (without its text).
struct RuleSetSummaryView: Encodable {
    let id: String
    let version: Int
    let supersedes: Int?
    let effectiveFrom: Date
    let contentHash: String
    let fileName: String
    let status: String
    /// Whether this is the version in force now.
    let active: Bool
    let uploadedBy: String?
    let uploadedAt: Date
    let activatedAt: Date?
    let withdrawnAt: Date?
    let warningCount: Int

    init(_ stored: StoredRuleSet, activeID: RuleSetID?) {
        id = stored.id.rawValue
        version = stored.version
        supersedes = stored.supersedes
        effectiveFrom = stored.effectiveFrom
        contentHash = stored.contentHash
        fileName = stored.fileName
        status = stored.status.rawValue
        active = stored.id == activeID
        uploadedBy = stored.uploadedBy?.rawValue ?? stored.uploadedLabel
        uploadedAt = stored.uploadedAt
        activatedAt = stored.activatedAt
        withdrawnAt = stored.withdrawnAt
        warningCount = stored.warnings.count
    }
}

/// One version with its text and warnings (in the caller's language).
struct RuleSetDetailView: Encodable {
    struct Warning: Encodable {
        let code: String
        let location: String
        let detail: String
    }

    let ruleSet: RuleSetSummaryView
    let source: String
    let warnings: [Warning]

    init(_ stored: StoredRuleSet, activeID: RuleSetID?, language: Language) {
        ruleSet = RuleSetSummaryView(stored, activeID: activeID)
        source = stored.source
        warnings = stored.warnings.map {
            Warning(code: $0.code, location: $0.location, detail: $0.message(in: language))
        }
    }
}

struct RuleSetListView: Encodable {
    let items: [RuleSetSummaryView]
}
