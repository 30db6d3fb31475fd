import Foundation
import LinliDomain

/// Who read the fraud report, when, and for what period (`fraud.report_read` in the audit log).
///
/// Why: the report names flagged accounts and report rings with their evidence, and reading one
/// member's balance already leaves a trace (`LedgerReadLog`); reading everyone's flags left none
/// (helper 145 #9). Recorded before the report is answered, as a read that cannot be recorded is
/// not answered.
public enum FraudReportReadLog {
    public static func record(_ tx: Transaction, community: CommunityID, actor: AuditActor, period: String, format: String) throws {
        try tx.audit(
            community, actor: actor, action: "fraud.report_read", targetType: "community", targetID: community.rawValue,
            after: ["since": period, "format": format])
    }
}
