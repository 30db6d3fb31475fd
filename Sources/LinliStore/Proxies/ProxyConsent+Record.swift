import Foundation
import GRDB
import LinliDomain

extension ProxyConsent: FetchableRecord, PersistableRecord, TableRecord {
    public static let databaseTableName = "proxy_consents"

    public init(row: Row) throws {
        let table = Self.databaseTableName
        self.init(
            id: try row.identifier("id", table: table),
            communityID: try row.identifier("community_id", table: table),
            memberID: try row.identifier("member_id", table: table),
            agentID: try row.identifier("agent_id", table: table),
            basis: try row.enumeration("basis", table: table),
            note: row["note"],
            grantedBy: try row.identifier("granted_by", table: table),
            grantedAt: row["granted_at"], expiresAt: row["expires_at"],
            revokedAt: row["revoked_at"], revokedBy: try row.optionalIdentifier("revoked_by", table: table), revocationReason: row["revocation_reason"],
            version: row["version"],
            lastRenewal: try (row["renewed_at"] as Date?).map { at in
                ProxyConsent.Renewal(
                    at: at, by: try row.identifier("renewed_by", table: table), basis: try row.enumeration("renewal_basis", table: table),
                    note: row["renewal_note"])
            })
    }

    public func encode(to container: inout PersistenceContainer) throws {
        container["id"] = id.rawValue
        container["community_id"] = communityID.rawValue
        container["member_id"] = memberID.rawValue
        container["agent_id"] = agentID.rawValue
        container["basis"] = basis.rawValue
        container["note"] = note
        container["granted_by"] = grantedBy.rawValue
        container["granted_at"] = grantedAt
        container["expires_at"] = expiresAt
        container["revoked_at"] = revokedAt
        container["revoked_by"] = revokedBy?.rawValue
        container["revocation_reason"] = revocationReason
        container["version"] = version
        container["renewed_at"] = lastRenewal?.at
        container["renewed_by"] = lastRenewal?.by.rawValue
        container["renewal_basis"] = lastRenewal?.basis.rawValue
        container["renewal_note"] = lastRenewal?.note
    }
}
