import Foundation
import LinliApp
import LinliDomain
import LinliStore
import Logging
import Testing

/// The review queue's health reaches Prometheus, per community.
@Suite struct ReviewQueueMetricsTests {
    @Test func pendingItemsAndTheirAgeAreExported() throws {
        let database = try AppDatabase()
        let configuration = try ConfigurationLoader.load(file: nil, environment: [:], flags: ["database.path": ":memory:"])
        let clock = ManualWallClock()
        let environment = try LinliEnvironment(
            configuration: configuration, database: database, logger: Logger(label: "test"), clock: clock)
        let boot = try environment.store.transactionSync { tx in
            try CommunityCommands.create(
                tx, input: NewCommunityInput(name: "指标社区", timezone: nil, adminDisplayName: "管理员", adminPhone: nil),
                rules: environment.defaultRules, principal: nil, actor: .commandLine)
        }
        let admin = Principal(communityID: boot.community.id, memberID: boot.admin.id, role: .admin, tokenID: boot.token.token.id)
        let content = ListingContent(
            direction: .request, kind: .time, categoryCode: "errands", title: "每周代买一次蔬菜", description: "腿脚不便。",
            area: "北门", availability: [WeeklySlot(weekday: 3, from: "08:00", to: "10:00")], durationMinutes: 45,
            intensity: .moderate, place: "2号楼")
        _ = try environment.store.transactionSync { tx in
            try ListingCommands.create(
                tx, principal: admin, input: ListingInput(content: content, submit: true), services: environment.listings,
                actor: .member(admin, requestID: nil))
        }
        clock.advance(by: 600)
        let health = try database.readSync { db in try ReviewQueries.healthOfAllCommunities(db, now: clock.now()) }
        for (community, queue) in health { environment.metrics.reviewQueueObserved(community: community, health: queue) }
        let text = environment.metrics.exposition()
        let label = #"{community="\#(boot.community.id.rawValue)"}"#
        #expect(text.contains("linli_review_queue_pending_items\(label) 1"))
        #expect(text.contains("linli_review_queue_oldest_age_seconds\(label) 600"))
        #expect(text.contains("linli_review_queue_claimed_items\(label) 0"))
    }
}
