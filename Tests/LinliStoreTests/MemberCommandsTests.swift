import Foundation
import GRDB
import LinliDomain
import LinliStore
import Testing

@Suite struct MemberCommandsTests {
    @Test func bootstrapCreatesCommunityAdminTokenAuditAndEvent() throws {
        let fixture = try StoreFixture()
        let (result, _) = try fixture.bootstrap()
        #expect(result.admin.role == .admin)
        #expect(result.community.timezone == "Asia/Shanghai")
        #expect(TokenSecrets.isPlausible(result.token.secret))
        #expect(try fixture.count("SELECT COUNT(*) FROM audit_entries WHERE community_id = ?", [result.community.id.rawValue]) == 4)  // community, admin, token, rules
        #expect(try fixture.count("SELECT COUNT(*) FROM outbox_events WHERE event_type = 'member.joined'") == 1)
        // The secret is stored only as its hash.
        #expect(try fixture.count("SELECT COUNT(*) FROM access_tokens WHERE token_hash = ?", [result.token.secret]) == 0)
        #expect(try fixture.count("SELECT COUNT(*) FROM access_tokens WHERE token_hash = ?", [TokenSecrets.hash(result.token.secret)]) == 1)
    }

    @Test func registrationChecksHouseholdAndPhoneInOneAnswer() throws {
        let fixture = try StoreFixture()
        let (_, admin) = try fixture.bootstrap()
        _ = try fixture.member("王秀英", phone: "13800000001", in: admin)
        let otherCommunity = try fixture.bootstrap(name: "别的社区")
        let foreignHousehold = try fixture.store.transactionSync { tx in
            try HouseholdCommands.create(
                tx, community: otherCommunity.0.community.id, input: NewHouseholdInput(name: "外面", area: nil), principal: nil,
                actor: .commandLine)
        }
        #expect(throws: DomainError.validation([FieldIssue("/household_id", .notFound), FieldIssue("/phone", .duplicate)])) {
            try fixture.store.transactionSync { tx in
                try MemberCommands.create(
                    tx, community: admin.communityID,
                    input: NewMemberInput(displayName: "李四", phone: "+86 138 0000 0001", householdID: foreignHousehold.id, role: nil),
                    principal: admin, actor: .commandLine)
            }
        }
        // The same phone is fine in another community.
        _ = try fixture.member("王秀英", phone: "13800000001", in: otherCommunity.1)
    }

    @Test func staffRolesNeedAnAdmin() throws {
        let fixture = try StoreFixture()
        let (_, admin) = try fixture.bootstrap()
        let (_, staff) = try fixture.member("陈静", role: .stationStaff, in: admin)
        _ = try fixture.member("居民", in: staff)
        #expect(throws: DomainError.forbidden(.memberCreateStaff)) { try fixture.member("版主", role: .moderator, in: staff) }
    }

    /// Session 23 review: station staff (`member.update_others`, for residents at the desk) could
    /// rename an admin or a moderator, or give one their own phone number. A staff member's
    /// profile is an admin's to edit, as registering one is; their own stays theirs.
    @Test(arguments: [
        MemberProfilePatch(displayName: .value("假管理员")), MemberProfilePatch(phone: .value("13800138000")),
    ])
    func stationStaffEditResidentsProfilesOnly(patch: MemberProfilePatch) throws {
        let fixture = try StoreFixture()
        let (_, admin) = try fixture.bootstrap()
        let (moderator, moderatorPrincipal) = try fixture.member("赵敏", role: .moderator, in: admin)
        let (resident, _) = try fixture.member("王秀英", in: admin)
        let (_, staff) = try fixture.member("陈静", role: .stationStaff, in: admin)
        func edit(_ id: MemberID, by principal: Principal, _ patch: MemberProfilePatch = patch) throws -> Member {
            try fixture.store.transactionSync { tx in
                try MemberCommands.updateProfile(tx, principal: principal, id: id, patch: patch, expectedVersion: nil, actor: .commandLine)
            }
        }
        #expect(throws: DomainError.forbidden(.memberCreateStaff)) { try edit(moderator.id, by: staff) }
        #expect(throws: DomainError.forbidden(.memberCreateStaff)) { try edit(admin.memberID, by: staff) }
        _ = try edit(resident.id, by: staff)
        _ = try edit(moderator.id, by: moderatorPrincipal, MemberProfilePatch(displayName: .value("赵敏老师")))
        _ = try edit(moderator.id, by: admin, MemberProfilePatch(displayName: .value("赵敏")))
    }

    @Test func optimisticConcurrencyRefusesStaleVersions() throws {
        let fixture = try StoreFixture()
        let (_, admin) = try fixture.bootstrap()
        let (member, _) = try fixture.member("王秀英", in: admin)
        let patch = MemberProfilePatch(displayName: .value("王秀英奶奶"))
        let updated = try fixture.store.transactionSync { tx in
            try MemberCommands.updateProfile(tx, principal: admin, id: member.id, patch: patch, expectedVersion: 1, actor: .commandLine)
        }
        #expect(updated.version == 2)
        #expect(throws: DomainError.versionConflict(current: 2)) {
            try fixture.store.transactionSync { tx in
                try MemberCommands.updateProfile(tx, principal: admin, id: member.id, patch: patch, expectedVersion: 1, actor: .commandLine)
            }
        }
    }

    @Test func theLastAdminCannotBeDemotedOrSuspended() throws {
        let fixture = try StoreFixture()
        let (result, admin) = try fixture.bootstrap()
        let (_, moderator) = try fixture.member("刘芳", role: .moderator, in: admin)
        #expect(throws: DomainError(code: "member.cannot_demote_last_admin", category: .conflict)) {
            try fixture.store.transactionSync { tx in
                try MemberCommands.changeRole(
                    tx, principal: admin, id: result.admin.id, input: RoleChangeInput(role: .resident, reason: nil),
                    expectedVersion: nil, actor: .commandLine)
            }
        }
        // A moderator may not change an admin's status at all (the last admin's least of all).
        #expect(throws: DomainError(code: "member.staff_status_needs_admin", category: .forbidden, parameters: ["role": "admin"])) {
            try fixture.store.transactionSync { tx in
                try MemberCommands.changeStatus(
                    tx, principal: moderator, id: result.admin.id, input: StatusChangeInput(status: .banned, reason: "x", until: nil),
                    expectedVersion: nil, actor: .commandLine)
            }
        }
        #expect(throws: DomainError(code: "member.cannot_change_own_status", category: .forbidden)) {
            try fixture.store.transactionSync { tx in
                try MemberCommands.changeStatus(
                    tx, principal: moderator, id: moderator.memberID,
                    input: StatusChangeInput(status: .active, reason: "x", until: nil), expectedVersion: nil, actor: .commandLine)
            }
        }
    }

    @Test func statusChangeIsAuditedWithReasonAndAnnounced() throws {
        let fixture = try StoreFixture()
        let (_, admin) = try fixture.bootstrap()
        let (member, _) = try fixture.member("李建国", in: admin)
        let until = fixture.clock.now().addingTimeInterval(7 * 86_400)
        let suspended = try fixture.store.transactionSync { tx in
            try MemberCommands.changeStatus(
                tx, principal: admin, id: member.id, input: StatusChangeInput(status: .suspended, reason: "三次爽约", until: until),
                expectedVersion: nil, actor: .member(admin, requestID: "req_1"))
        }
        #expect(suspended.status == .suspended && suspended.suspendedUntil == until)
        let audit = try fixture.database.readSync { db in
            try AuditEntry.fetchOne(db, sql: "SELECT * FROM audit_entries WHERE action = 'member.status_changed'")
        }
        #expect(audit?.reason == "三次爽约")
        #expect(audit?.actorID == admin.memberID)
        #expect(audit?.requestID == "req_1")
        #expect(audit?.before?.contains("\"status\":\"active\"") == true)
        #expect(try fixture.count("SELECT COUNT(*) FROM outbox_events WHERE event_type = 'member.status_changed'") == 1)
    }

    /// Helper 118: a standing changed by hand told the member nothing; she met 403
    /// `auth.member_inactive` without reason or end. Her inbox (readable while suspended) says it,
    /// with the end in the community's time; lifting it is told too, and a case's suspension is
    /// told as its action, not twice.
    @Test func aStandingChangedByHandIsToldToTheMember() throws {
        let fixture = try StoreFixture()
        let (_, admin) = try fixture.bootstrap()
        let (member, principal) = try fixture.member("李建国", in: admin)
        let until = fixture.clock.now().addingTimeInterval(7 * 86_400)
        func change(_ input: StatusChangeInput, cause: String? = nil) throws {
            _ = try fixture.store.transactionSync { tx in
                try MemberCommands.changeStatus(
                    tx, principal: admin, id: member.id, input: input, expectedVersion: nil, actor: .member(admin, requestID: "req_1"),
                    cause: cause)
            }
        }
        func told() throws -> [MemberNotification] {
            try fixture.database.readSync { db in
                try MemberNotifications.list(db, principal: principal, unreadOnly: false, page: PageRequest(after: nil, limit: 50)).items
            }.filter { $0.kind == .standingChanged }.reversed()
        }
        try change(StatusChangeInput(status: .suspended, reason: "三次爽约", until: until))
        let suspended = try #require(try told().last)
        let local = EventLocalTime.text(until, timeZoneID: "Asia/Shanghai")
        #expect(suspended.text(in: .zhCN) == "您的账号已被暂停使用，至 \(local) 为止。原因：三次爽约。账号受限期间仍可查看消息、积分余额和明细，可对进行中的交换提出纠纷或报告对方爽约，并可撤回代办授权。如有异议，请联系社区服务站。")
        try change(StatusChangeInput(status: .active, reason: "已沟通", until: nil))
        #expect(try told().last?.text(in: .en) == "Your account is active again.")
        try change(StatusChangeInput(status: .suspended, reason: "案件处理", until: until), cause: "case:cas_1")
        #expect(try told().count == 2, "a case's suspension is told as its action")
    }

    @Test func aFailedCommandWritesNeitherAuditNorOutbox() throws {
        let fixture = try StoreFixture()
        let (_, admin) = try fixture.bootstrap()
        let auditBefore = try fixture.count("SELECT COUNT(*) FROM audit_entries")
        let outboxBefore = try fixture.count("SELECT COUNT(*) FROM outbox_events")
        #expect(throws: (any Error).self) {
            try fixture.store.transactionSync { tx in
                _ = try MemberCommands.create(
                    tx, community: admin.communityID, input: NewMemberInput(displayName: "甲", phone: nil, householdID: nil, role: nil),
                    principal: admin, actor: .commandLine)
                // A later step of the same use case fails: everything above must roll back.
                throw DomainError.versionConflict(current: 1)
            }
        }
        #expect(try fixture.count("SELECT COUNT(*) FROM audit_entries") == auditBefore)
        #expect(try fixture.count("SELECT COUNT(*) FROM outbox_events") == outboxBefore)
        #expect(try fixture.count("SELECT COUNT(*) FROM members WHERE display_name = '甲'") == 0)
    }

    @Test func listingIsScopedFilteredAndPaginated() throws {
        let fixture = try StoreFixture()
        let (_, admin) = try fixture.bootstrap()
        let (_, otherAdmin) = try fixture.bootstrap(name: "别的社区")
        for index in 0..<5 { _ = try fixture.member("居民\(index)", in: admin) }
        _ = try fixture.member("外人", in: otherAdmin)
        var seen: [String] = []
        var after: String?
        repeat {
            let page = try fixture.database.readSync { db in
                try MemberCommands.list(db, community: admin.communityID, filter: MemberFilter(role: .resident), page: PageRequest(after: after, limit: 2))
            }
            seen += page.items.map(\.displayName)
            after = page.nextAfter
        } while after != nil
        #expect(seen == ["居民0", "居民1", "居民2", "居民3", "居民4"])
    }
}
