/// The role matrix: which role holds which permission. The single place authorization is decided.
///
/// Acting on oneself (own profile, own tokens) needs no permission; acting on others does.
/// Tenancy is not decided here: every lookup is already scoped to the caller's community, so an
/// object of another community is simply not found.
public enum AccessPolicy {
    /// Permissions held by each role.
    public static let matrix: [Role: Set<Permission>] = {
        let resident: Set<Permission> = [
            .communityRead, .householdRead, .memberRead, .rulesRead, .ledgerReadSummary, .listingRead, .listingCreate,
            .memberReadCredit, .reportCreate,
            .exchangeParticipate, .eventRead,
        ]
        let stationStaff = resident.union([
            .householdWrite, .memberReadContact, .memberCreate, .memberUpdateOthers, .memberVerify,
            .tokenIssueOthers, .ledgerReadOthers, .listingManageOthers, .exchangeManageOthers,
            .eventRegisterOthers, .eventCheckIn, .proxyRecord, .proxyRead,
        ])
        let organizer = resident.union([
            .householdWrite, .memberReadContact, .memberCreate, .ledgerReadOthers, .ledgerGrantReward,
            .ledgerConvertDonation, .rulesManage, .webhooksManage,
            .eventRegisterOthers, .eventCheckIn, .eventManage,
        ])
        let moderator = resident.union([
            .memberReadContact, .memberChangeStatus, .auditRead, .ledgerReadOthers, .ledgerManageHolds,
            .listingReadAll, .listingReview, .listingRemove, .fraudReportRead, .caseManage, .exchangeReadAll, .exchangeResolve, .proxyRead,
        ])
        let admin = Set(Permission.allCases)
        return [
            .resident: resident,
            .stationStaff: stationStaff,
            .organizer: organizer,
            .moderator: moderator,
            .admin: admin,
        ]
    }()

    public static func allows(_ role: Role, _ permission: Permission) -> Bool {
        matrix[role, default: []].contains(permission)
    }

    /// Throws `forbidden` unless the role holds the permission.
    public static func require(_ permission: Permission, for role: Role) throws(DomainError) {
        guard allows(role, permission) else {
            throw DomainError.forbidden(permission)
        }
    }
}
