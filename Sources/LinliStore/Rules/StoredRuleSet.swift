import Foundation
import GRDB
import LinliDomain
import LinliRules

/// One stored version of a community's rule file.
public struct StoredRuleSet: Sendable, Equatable {
    public enum Status: String, Sendable, Codable {
        /// Uploaded and valid, not yet in force (the diff report is read at this stage).
        case candidate
        /// In force from `effectiveFrom` until a later activated version takes over.
        case activated
        /// Rolled back: no longer considered when choosing the active version.
        case withdrawn
    }

    public let id: RuleSetID
    public let communityID: CommunityID
    public let version: Int
    public let supersedes: Int?
    public let effectiveFrom: Date
    public let contentHash: String
    public let fileName: String
    public let source: String
    public let warnings: [DocumentDiagnostic]
    public let status: Status
    public let uploadedBy: MemberID?
    public let uploadedLabel: String?
    public let uploadedAt: Date
    public let activatedAt: Date?
    public let withdrawnAt: Date?

    public static let tableName = "rule_sets"

    init(row: Row) throws {
        let table = Self.tableName
        id = try row.identifier("id", table: table)
        communityID = try row.identifier("community_id", table: table)
        version = row["version"]
        supersedes = row["supersedes"]
        effectiveFrom = row["effective_from"]
        contentHash = row["content_hash"]
        fileName = row["file_name"]
        source = row["source"]
        let warningsJSON: String = row["warnings_json"]
        warnings = (try? JSONDecoder().decode([DocumentDiagnostic].self, from: Data(warningsJSON.utf8))) ?? []
        status = try row.enumeration("status", table: table)
        uploadedBy = try row.optionalIdentifier("uploaded_by", table: table)
        uploadedLabel = row["uploaded_label"]
        uploadedAt = row["uploaded_at"]
        activatedAt = row["activated_at"]
        withdrawnAt = row["withdrawn_at"]
    }
}

extension DocumentDiagnostic {
    /// The store's and API's form of a rules-engine diagnostic.
    public init(_ diagnostic: RuleDiagnostic) {
        self.init(
            code: diagnostic.code.rawValue, severity: diagnostic.severity == .error ? .error : .warning, file: diagnostic.file,
            line: diagnostic.line, column: diagnostic.column, messageZH: diagnostic.messageZH, messageEN: diagnostic.messageEN)
    }
}
