import Foundation
import GRDB
import LinliDomain
@testable import LinliStore

/// A real SQLite file in a fresh temporary directory, migrated, with one community and a few
/// members: the ledger is always tested against the database it runs on, never a mock.
final class LedgerTestBed: @unchecked Sendable {
    let directory: URL
    let path: String
    let database: AppDatabase
    let clock: ManualWallClock
    let store: Store
    let community: CommunityID
    let admin: MemberID
    let organizer: MemberID
    let moderator: MemberID
    let alice: MemberID
    let bob: MemberID
    let carol: MemberID
    var limits = LedgerLimits.standard

    init(start: Date = Date(timeIntervalSince1970: 1_767_225_600)) throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("linli-ledger-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        path = directory.appendingPathComponent("ledger.sqlite").path
        database = try AppDatabase(path: path)
        clock = ManualWallClock(start)
        let store = Store(database: database, clock: clock, ids: SequentialIDGenerator(clock: clock))
        self.store = store
        try MigrationRunner.shipped.migrate(database, now: clock.now())
        let boot = try store.transactionSync { tx in
            try CommunityCommands.create(
                tx, input: NewCommunityInput(name: "幸福里社区", timezone: "Asia/Shanghai", adminDisplayName: "王主任", adminPhone: nil),
                rules: RuleSource.preset("default")!, principal: nil, actor: .commandLine)
        }
        community = boot.community.id
        admin = boot.admin.id
        func member(_ name: String, _ role: Role) throws -> MemberID {
            try store.transactionSync { tx in
                try MemberCommands.create(
                    tx, community: boot.community.id, input: NewMemberInput(displayName: name, phone: nil, householdID: nil, role: role),
                    principal: nil, actor: .commandLine)
            }.id
        }
        organizer = try member("李组织", .organizer)
        moderator = try member("赵版主", .moderator)
        alice = try member("张阿姨", .resident)
        bob = try member("刘师傅", .resident)
        carol = try member("陈同学", .resident)
    }

    deinit {
        try? database.close()
        try? FileManager.default.removeItem(at: directory)
    }

    func principal(_ member: MemberID, _ role: Role) -> Principal {
        Principal(communityID: community, memberID: member, role: role, tokenID: TokenID("tok_00000000000000000000000001")!)
    }

    var adminPrincipal: Principal { principal(admin, .admin) }
    var organizerPrincipal: Principal { principal(organizer, .organizer) }

    func actor(_ member: MemberID) -> AuditActor { AuditActor(memberID: member, label: nil, onBehalfOf: nil, requestID: "req-test") }

    func write<T>(_ body: (Transaction) throws -> T) throws -> T { try store.transactionSync(body) }

    func read<T>(_ body: (Database) throws -> T) throws -> T { try database.readSync(body) }

    /// Credits a member by an admin adjustment (the usual way to seed balances in tests).
    @discardableResult
    func fund(_ member: MemberID, _ amount: Int, key: String? = nil) throws -> Transfer {
        try write { tx in
            try LedgerCorrectionCommands.adjust(
                tx, community: community, principal: adminPrincipal,
                input: AdjustmentInput(memberID: member, amount: amount, reason: "开户赠送"),
                idempotencyKey: key ?? "fund-\(member)-\(UUID().uuidString)", actor: actor(admin), limits: limits)
        }.transfer
    }

    func balance(_ member: MemberID) throws -> Int {
        try read { db in try LedgerAccounts.member(db, community: community, member: member).balance }
    }

    func systemBalance(_ kind: AccountKind) throws -> Int {
        try read { db in try LedgerAccounts.fetch(db, community: community, account: .system(kind))?.balance ?? 0 }
    }

    func verify() throws -> LedgerVerificationReport {
        try read { db in try LedgerVerifier().verify(db) }
    }

    func transferCount() throws -> Int {
        try read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM ledger_transfers") ?? 0 }
    }

    /// Runs raw SQL on a separate connection, as someone editing the file behind the service's back.
    func tamper(_ sql: String, foreignKeys: Bool = true) throws {
        let queue = try DatabaseQueue(path: path)
        defer { try? queue.close() }
        try queue.writeWithoutTransaction { db in
            if !foreignKeys { try db.execute(sql: "PRAGMA foreign_keys = OFF") }
            try db.execute(sql: sql)
        }
    }
}
