import Foundation
import LinliApp
import LinliDomain
import LinliStore
import Logging
import Testing

@Suite struct BulkListingSeederTests {
    /// The load-test seeder goes through the real create path: every listing is valued, audited,
    /// announced and published, in batches.
    @Test func seedsPublishedListingsThroughTheRealPath() throws {
        let database = try AppDatabase()
        let configuration = try ConfigurationLoader.load(file: nil, environment: [:], flags: ["database.path": ":memory:"])
        let environment = try LinliEnvironment(configuration: configuration, database: database, logger: Logger(label: "test"))
        let boot = try environment.store.transactionSync { tx in
            try CommunityCommands.create(
                tx, input: NewCommunityInput(name: "压测社区", timezone: nil, adminDisplayName: "管理员", adminPhone: nil),
                rules: RuleSource.preset("default")!, principal: nil, actor: .commandLine)
        }
        var reported: [Int] = []
        let created = try BulkListingSeeder.seed(
            environment.store, community: boot.community.id, count: 25, owners: 3, batch: 10, rules: environment.listings.rules
        ) { reported.append($0) }
        #expect(created == 25)
        #expect(reported == [10, 20, 25])
        let admin = Principal(communityID: boot.community.id, memberID: boot.admin.id, role: .admin, tokenID: boot.token.token.id)
        let listings = try database.readSync { db in
            try ListingQueries.browse(db, principal: admin, filter: ListingFilter(), page: PageRequest(after: nil, limit: 100)).items
        }
        #expect(listings.count == 25)
        #expect(listings.allSatisfy { $0.status == .published && $0.valuation.points >= 1 })
        #expect(Set(listings.map(\.ownerID)).count == 3)
        let history = try database.readSync { db in
            try ListingQueries.history(db, principal: admin, id: listings[0].id, page: PageRequest(after: nil, limit: 10)).items
        }
        #expect(history.map(\.action) == ["listing.created", "listing.auto_published"])
    }
}
