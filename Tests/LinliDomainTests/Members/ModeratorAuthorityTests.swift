import Foundation
import LinliDomain
import Testing

/// What a moderator may change by hand (`StatusChangeInput.checkModeratorAuthority`): nothing
/// heavier than the rule file's bound on their suspensions, imposed or lifted.
@Suite struct ModeratorAuthorityTests {
    static let now = Date(timeIntervalSince1970: 1_800_000_000)
    static let day: TimeInterval = 86_400

    @Test(arguments: [
        // (requested, current status, current end in days from now, expected refusal)
        (MemberStatus.banned, MemberStatus.active, nil, "member.ban_needs_admin"),
        (.banned, .suspended, 10.0, "member.ban_needs_admin"),
        (.active, .banned, nil, "member.lift_needs_admin"),
        (.suspended, .banned, nil, "member.lift_needs_admin"),
        (.banned, .banned, nil, "member.lift_needs_admin"),
        (.active, .suspended, nil, "member.lift_needs_admin"),
        (.active, .suspended, 90.001, "member.lift_needs_admin"),
        (.active, .suspended, 90.0, nil),
        (.active, .suspended, 1.0, nil),
        (.suspended, .suspended, 30.0, nil),
        (.suspended, .active, nil, nil),
        (.active, .active, nil, nil),
    ] as [(MemberStatus, MemberStatus, Double?, String?)])
    func refusals(requested: MemberStatus, current: MemberStatus, endsInDays: Double?, expected: String?) {
        let input = StatusChangeInput(status: requested, reason: "测试", until: requested == .suspended ? Self.now.addingTimeInterval(Self.day) : nil)
        let until = endsInDays.map { Self.now.addingTimeInterval($0 * Self.day) }
        var code: String?
        do {
            try input.checkModeratorAuthority(currentStatus: current, currentUntil: until, maxDays: 90, now: Self.now)
        } catch {
            code = error.code
            #expect(error.parameters["days"] == "90")
            #expect(error.category == .forbidden)
        }
        #expect(code == expected)
    }
}
