import Foundation
import GRDB
import LinliDomain
import Testing

@testable import LinliStore

/// The door time of an event is read from the rules in force at its start, which may be a
/// version adopted for later; that look must not become the community's "current" rules
/// (`ActiveRules.lastKnown`), which every listing draft starts from (helper 150 #3).
@Suite struct EventCheckInRulesTests {
    @Test func readingALaterEventLeavesTheRulesInForceAsTheLastKnown() throws {
        let fixture = try StoreFixture()
        let (_, admin) = try fixture.bootstrap()
        let source = RulesDrivenListingTests.candidate(
            version: 2, replacing: [(#"effective_from: "2026-01-01 00:00""#, #"effective_from: "2030-01-01 00:00""#)])
        let later = try fixture.store.transactionSync { tx in
            try RuleSetCommands.upload(
                tx, community: admin.communityID, source: source, principal: admin, actor: .member(admin, requestID: nil), activate: true)
        }
        let rules = ActiveRules()
        let now = fixture.clock.now()
        let inForce = try fixture.database.readSync { db in try rules.current(db, community: admin.communityID, at: now) }
        #expect(inForce.contentHash != later.contentHash)
        let starts = try #require(ISO8601DateFormatter().date(from: "2030-02-01T02:00:00Z"))
        let event = CommunityEvent(
            id: CommunityEventID(trusted: "cev_01"), communityID: admin.communityID, kind: .swapMarket, title: "换物集市",
            description: nil, place: "小区广场", startsAt: starts, endsAt: starts.addingTimeInterval(3 * 3_600), registrationClosesAt: starts,
            capacity: 40, perHouseholdLimit: 2, state: .scheduled, cancelReason: nil, createdBy: admin.memberID,
            createdAt: now, updatedAt: now, version: 1)
        _ = try fixture.database.readSync { db in try CommunityEventQueries.checkInOpensAt(db, rules: rules, event: event) }
        #expect(rules.lastKnown(admin.communityID)?.contentHash == inForce.contentHash)
    }
}
