import LinliDomain
import Testing

/// The role matrix as a table: every (role, permission) pair is listed with its expected answer,
/// so a change to `AccessPolicy` that is not also made here fails loudly.
@Suite struct AccessPolicyTests {
    static let r = Role.resident, o = Role.organizer, m = Role.moderator, a = Role.admin, s = Role.stationStaff

    /// permission → roles that hold it
    static let expected: [Permission: Set<Role>] = [
        .communityRead: [r, o, m, a, s],
        .communityUpdate: [a],
        .communityCreate: [a],
        .householdRead: [r, o, m, a, s],
        .householdWrite: [o, a, s],
        .memberRead: [r, o, m, a, s],
        .memberReadContact: [o, m, a, s],
        .memberCreate: [o, a, s],
        .memberCreateStaff: [a],
        .memberUpdateOthers: [a, s],
        .memberChangeRole: [a],
        .memberVerify: [a, s],
        .memberChangeStatus: [m, a],
        .tokenIssueOthers: [a, s],
        .tokenManageAll: [a],
        .auditRead: [m, a],
        .rulesRead: [r, o, m, a, s],
        .rulesManage: [o, a],
        .webhooksManage: [o, a],
        .ledgerReadOthers: [o, m, a, s],
        .ledgerReadSummary: [r, o, m, a, s],
        .ledgerGrantReward: [o, a],
        .ledgerConvertDonation: [o, a],
        .ledgerAdjust: [a],
        .ledgerReverse: [a],
        .ledgerManageHolds: [m, a],
        .listingRead: [r, o, m, a, s],
        .listingCreate: [r, o, m, a, s],
        .listingManageOthers: [a, s],
        .listingReadAll: [m, a],
        .listingReview: [m, a],
        .listingRemove: [m, a],
        .memberReadCredit: [r, o, m, a, s],
        .fraudReportRead: [m, a],
        .reportCreate: [r, o, m, a, s],
        .caseManage: [m, a],
        .exchangeParticipate: [r, o, m, a, s],
        .exchangeReadAll: [m, a],
        .exchangeManageOthers: [a, s],
        .exchangeResolve: [m, a],
        .proxyRecord: [a, s],
        .proxyRead: [m, a, s],
        .eventRead: [r, o, m, a, s],
        .eventRegisterOthers: [o, a, s],
        .eventCheckIn: [o, a, s],
        .eventManage: [o, a],
    ]

    @Test func tableCoversEveryPermission() {
        #expect(Set(Self.expected.keys) == Set(Permission.allCases))
    }

    @Test(arguments: Permission.allCases)
    func matrix(permission: Permission) {
        for role in Role.allCases {
            let allowed = Self.expected[permission, default: []].contains(role)
            #expect(AccessPolicy.allows(role, permission) == allowed, "\(role) / \(permission)")
        }
    }

    @Test func residentsCannotChangeRolesOrVerify() throws {
        #expect(throws: DomainError.forbidden(.memberChangeRole)) { try AccessPolicy.require(.memberChangeRole, for: .resident) }
        #expect(throws: DomainError.forbidden(.memberVerify)) { try AccessPolicy.require(.memberVerify, for: .resident) }
    }

    /// Session 35: a suspended or banned member keeps what any resident holds (her inbox, her own
    /// points, her appeal), never a staff permission: on the routes left open to her, a suspended
    /// moderator reads her own statement, not everyone's.
    @Test(arguments: Role.allCases)
    func staffPermissionsLapseWithGoodStanding(role: Role) {
        func principal(active: Bool) -> Principal {
            Principal(
                communityID: CommunityID(trusted: "cmt_1"), memberID: MemberID(trusted: "mem_1"), role: role,
                tokenID: TokenID(trusted: "tok_1"), active: active)
        }
        let (inGoodStanding, suspended) = (principal(active: true), principal(active: false))
        for permission in Permission.allCases {
            let byRole = AccessPolicy.allows(role, permission)
            let residents = AccessPolicy.allows(.resident, permission)
            #expect(inGoodStanding.can(permission) == byRole, "\(role) \(permission)")
            #expect(suspended.can(permission) == (byRole && residents), "\(role) \(permission)")
            if !residents {
                #expect(throws: DomainError.memberInactive) { try suspended.require(permission) }
            } else if byRole {
                #expect(throws: Never.self) { try suspended.require(permission) }
            }
        }
    }
}
