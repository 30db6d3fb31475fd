import GRDB
import LinliDomain

extension AccessToken: FetchableRecord, TableRecord {
    public static let databaseTableName = "access_tokens"

    public init(row: Row) throws {
        let table = Self.databaseTableName
        self.init(
            id: try row.identifier("id", table: table),
            communityID: try row.identifier("community_id", table: table),
            memberID: try row.identifier("member_id", table: table),
            label: row["label"], createdAt: row["created_at"], expiresAt: row["expires_at"],
            revokedAt: row["revoked_at"], createdBy: try row.optionalIdentifier("created_by", table: table),
            parentTokenID: try row.optionalIdentifier("parent_token_id", table: table), handOver: row["hand_over"])
    }
}
