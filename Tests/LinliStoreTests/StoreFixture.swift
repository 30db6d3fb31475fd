import GRDB
import Foundation
import LinliDomain
import LinliStore
import LinliTestSupport

/// A real SQLite database in a temporary file, migrated, with a manual clock and predictable ids.
struct StoreFixture {
    let directory: URL
    let database: AppDatabase
    let store: Store
    let clock: ManualWallClock
    /// Removed with the last copy of the fixture.
    let temporary: TemporaryDirectory

    init() throws {
        temporary = try TemporaryDirectory(prefix: "linli-store")
        directory = temporary.url
        database = try AppDatabase(path: directory.appendingPathComponent("test.sqlite").path)
        clock = ManualWallClock()
        store = Store(database: database, clock: clock, ids: SequentialIDGenerator(clock: clock))
        try MigrationRunner.shipped.migrate(database, now: clock.now())
    }

    var path: String { directory.appendingPathComponent("test.sqlite").path }

    /// A community with its admin (and the admin's principal), created as `linli admin bootstrap` does.
    func bootstrap(name: String = "测试社区") throws -> (BootstrappedCommunity, Principal) {
        let result = try store.transactionSync { tx in
            try CommunityCommands.create(
                tx, input: NewCommunityInput(name: name, timezone: nil, adminDisplayName: "管理员", adminPhone: nil),
                rules: RuleSource.preset("default")!, principal: nil, actor: .commandLine)
        }
        let principal = Principal(
            communityID: result.community.id, memberID: result.admin.id, role: .admin, tokenID: result.token.token.id)
        return (result, principal)
    }

    func member(_ name: String, role: Role = .resident, phone: String? = nil, in admin: Principal) throws -> (Member, Principal) {
        let member = try store.transactionSync { tx in
            try MemberCommands.create(
                tx, community: admin.communityID,
                input: NewMemberInput(displayName: name, phone: phone, householdID: nil, role: role),
                principal: admin, actor: .member(admin, requestID: nil))
        }
        let token = try store.transactionSync { tx in
            try TokenCommands.issue(
                tx, community: admin.communityID, memberID: member.id, input: NewTokenInput(label: nil, expiresInDays: nil, note: "本人到站登记"),
                principal: admin, actor: .member(admin, requestID: nil))
        }
        return (member, Principal(communityID: admin.communityID, memberID: member.id, role: role, tokenID: token.token.id))
    }

    func count(_ sql: String, _ arguments: [String] = []) throws -> Int {
        try database.readSync { db in
            try Int.fetchOne(db, sql: sql, arguments: .init(arguments)) ?? -1
        }
    }
}
