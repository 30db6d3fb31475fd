import Foundation
import LinliDomain
import Testing

/// Why an active consent cannot be used (`ProxyConsentPause.of`): the resident's role and
/// standing first, then the agent's; a suspension that has run out pauses nothing.
@Suite struct ProxyConsentPauseTests {
    static let now = Date(timeIntervalSince1970: 1_800_000_000)

    static func member(_ role: Role, _ status: MemberStatus = .active, until: Date? = nil) -> Member {
        Member(
            id: MemberID(trusted: "mem_\(role.rawValue)"), communityID: CommunityID(trusted: "cmt_x"), householdID: nil,
            displayName: "x", phone: nil, role: role, verified: true, verifiedAt: nil, verifiedBy: nil, status: status,
            statusReason: nil, suspendedUntil: until, createdAt: now, updatedAt: now, version: 1)
    }

    static let cases: [(String, Member, Member, ProxyConsentPause?)] = [
        ("both in good standing", member(.resident), member(.stationStaff), nil),
        ("an admin agent", member(.resident), member(.admin), nil),
        ("her suspension served", member(.resident, .suspended, until: now), member(.stationStaff), nil),
        ("she is suspended", member(.resident, .suspended, until: now.addingTimeInterval(60)), member(.stationStaff), .memberInactive),
        ("she is suspended without end", member(.resident, .suspended), member(.stationStaff), .memberInactive),
        ("she is banned", member(.resident, .banned), member(.stationStaff), .memberInactive),
        ("she became an organizer", member(.organizer), member(.stationStaff), .memberNotResident),
        ("she became staff and is suspended", member(.stationStaff, .banned), member(.stationStaff), .memberNotResident),
        ("the agent became a resident", member(.resident), member(.resident), .agentNotStaff),
        ("the agent became a moderator", member(.resident), member(.moderator), .agentNotStaff),
        ("the agent is suspended", member(.resident), member(.stationStaff, .suspended), .agentInactive),
        ("both suspended: hers first", member(.resident, .banned), member(.stationStaff, .banned), .memberInactive),
    ]

    @Test(arguments: cases.indices)
    func pause(_ index: Int) {
        let (name, member, agent, expected) = Self.cases[index]
        #expect(ProxyConsentPause.of(member: member, agent: agent, at: Self.now) == expected, "\(name)")
    }
}
