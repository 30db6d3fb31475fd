import Foundation
import LinliApp
import LinliDomain
import LinliStore
import Logging
import Testing

@Suite struct DemoSeederTests {
    /// `serve --demo` against a database holding a real community added a demo community beside
    /// it, with a demo admin's token printed to the log (helper 113): refused, nothing written.
    @Test func aDatabaseWithARealCommunityIsNotSeeded() throws {
        let database = try AppDatabase()
        let configuration = try ConfigurationLoader.load(file: nil, environment: [:], flags: ["database.path": ":memory:"])
        let environment = try LinliEnvironment(configuration: configuration, database: database, logger: Logger(label: "test"))
        let real = try environment.store.transactionSync { tx in
            try CommunityCommands.create(
                tx, input: NewCommunityInput(name: "安宁里社区", timezone: "Asia/Shanghai", adminDisplayName: "孙丽", adminPhone: nil),
                rules: environment.defaultRules, principal: nil,
                actor: AuditActor(memberID: nil, label: "test", onBehalfOf: nil, requestID: nil), tokenDays: 7)
        }
        let refusal = try #require(throws: DemoSeeder.RealCommunitiesPresent.self) {
            try DemoSeeder.seed(environment.store, rules: environment.defaultRules)
        }
        #expect(refusal.communities == ["安宁里社区 (\(real.community.id))"])
        #expect(refusal.description.contains("leave --demo off to serve them, or try the demo on another file (--db demo.sqlite)"))
        #expect(try database.readSync { db in try CommunityCommands.all(db) }.map(\.name) == ["安宁里社区"])
    }

    @Test func seedsEveryRoleOnceAndIssuesFreshTokensOnRerun() throws {
        let database = try AppDatabase()
        let configuration = try ConfigurationLoader.load(file: nil, environment: [:], flags: ["database.path": ":memory:"])
        let environment = try LinliEnvironment(configuration: configuration, database: database, logger: Logger(label: "test"))
        let first = try DemoSeeder.seed(environment.store, rules: environment.defaultRules)
        #expect(first.created)
        #expect(Set(first.logins.map(\.member.role)) == Set(Role.allCases))
        #expect(first.logins.contains { $0.member.displayName == "王秀英" && $0.member.verified })
        let second = try DemoSeeder.seed(environment.store, rules: environment.defaultRules)
        #expect(!second.created)
        #expect(second.community.id == first.community.id)
        #expect(second.logins.count == first.logins.count)
        for login in first.logins + second.logins {
            let principal = try database.readSync { db in
                try TokenCommands.authenticate(db, secret: login.secret, now: Date())
            }
            #expect(principal.memberID == login.member.id)
        }
        let communities = try database.readSync { db in try CommunityCommands.all(db) }
        #expect(communities.count == 1)
        // Sample listings of all three kinds, in several states, seeded once.
        let admin = try #require(first.logins.first { $0.member.role == .admin })
        let principal = try database.readSync { db in try TokenCommands.authenticate(db, secret: admin.secret, now: Date()) }
        let listings = try database.readSync { db in
            try ListingQueries.browse(db, principal: principal, filter: ListingFilter(), page: PageRequest(after: nil, limit: 100)).items
        }
        #expect(listings.count == 8)
        #expect(Set(listings.map(\.content.kind)) == Set(ListingKind.allCases))
        #expect(Set(listings.map(\.status)) == [.published, .pendingReview, .changesRequested, .draft, .reserved])
        // The weekly walk had its completed exchange and is still offered (repeatable).
        let walk = try #require(listings.first { $0.content.title == "周末陪老人散步聊天" })
        #expect(walk.status == .published && walk.content.isRepeatable)
        #expect(listings.contains { $0.ownerID != $0.createdBy }, "one registered by station staff for a resident")
        // Sample exchanges in four states, and a ledger that verifies.
        let exchanges = try database.readSync { db in
            try ExchangeQueries.list(db, principal: principal, state: nil, page: PageRequest(after: nil, limit: 100)).items
        }
        #expect(Set(exchanges.map(\.state)) == [.requested, .accepted, .completed, .disputed])
        #expect(try database.readSync { db in try LedgerVerifier().verify(db) }.isClean)
        // A swap market on a Saturday morning with two seats taken, one of them by station staff for a resident.
        let events = try database.readSync { db in
            try CommunityEventQueries.list(db, principal: principal, when: .upcoming, kind: nil, now: Date(), page: PageRequest(after: nil, limit: 10)).items
        }
        let market = try #require(events.first)
        #expect(events.count == 1 && market.event.kind == .swapMarket)
        #expect(market.counts.seatsTaken == 2)
        #expect(EventLocalTime.text(market.event.startsAt, timeZoneID: "Asia/Shanghai").hasSuffix(" 09:00"))
        var shanghai = Calendar(identifier: .gregorian)
        shanghai.timeZone = TimeZone(identifier: "Asia/Shanghai")!
        #expect(shanghai.component(.weekday, from: market.event.startsAt) == 7)
    }
}
