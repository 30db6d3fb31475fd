import Foundation
import GRDB
import LinliDomain
import LinliRules
import Testing

@testable import LinliStore

/// A listing checked and valued ahead of the writer is used only while the rules in force and
/// the category's counts are the ones it was made with; otherwise the write validates and values
/// again, and a draft can never change what is stored.
@Suite struct ListingDraftTests {
    static func create(_ fixture: ListingFixture, _ content: ListingContent, draft: ListingDraft?) throws -> ListingChange {
        try fixture.store.transactionSync { tx in
            try ListingCommands.create(
                tx, principal: fixture.resident, input: ListingInput(content: content, submit: true), services: fixture.services,
                actor: .member(fixture.resident, requestID: nil), prepared: draft)
        }
    }

    static func draft(_ fixture: ListingFixture, _ content: ListingContent) -> ListingDraft? {
        ListingDraft.prepare(
            ListingInput(content: content, submit: true), community: fixture.resident.communityID, services: fixture.services,
            at: fixture.clock.now())
    }

    /// The same draft with points no write would give: if it is used, the stored listing shows them.
    static func marked(_ draft: ListingDraft) -> ListingDraft {
        var valuation = draft.valuation
        valuation.points = 987_654
        return ListingDraft(
            ruleSetID: draft.ruleSetID, contentHash: draft.contentHash, scarcity: draft.scarcity, content: draft.content,
            valuation: valuation)
    }

    /// Nothing is known before the first write looked the rules up; afterwards a draft gives
    /// exactly the listing the write would have made.
    @Test func aConfirmedDraftStoresWhatTheWriteWouldHave() throws {
        let fixture = try ListingFixture()
        let content = ListingFixture.item("电钻", cost: "420.00")
        #expect(Self.draft(fixture, content) == nil, "no rules looked up yet")
        let plain = try Self.create(fixture, content, draft: nil)
        let draft = try #require(Self.draft(fixture, content))
        let drafted = try Self.create(fixture, content, draft: draft)
        #expect(drafted.listing.content == plain.listing.content)
        #expect(drafted.listing.valuation == plain.listing.valuation, "same rules, counts and time: the same breakdown")
        #expect(try Self.create(fixture, content, draft: Self.marked(draft)).listing.valuation.points == 987_654, "a confirmed draft is used")
    }

    /// Rules activated after the draft was made: the write values under the new ones.
    @Test func newRulesSetADraftAside() throws {
        let fixture = try ListingFixture()
        let content = ListingFixture.item("台锯", cost: "800.00")
        _ = try Self.create(fixture, content, draft: nil)
        let draft = Self.marked(try #require(Self.draft(fixture, content)))
        let activated = try fixture.store.transactionSync { tx in
            try RuleSetCommands.upload(
                tx, community: fixture.admin.communityID, source: RulesDrivenListingTests.candidate(), principal: fixture.admin,
                actor: .member(fixture.admin, requestID: nil), activate: true)
        }
        let listing = try Self.create(fixture, content, draft: draft).listing
        #expect(listing.valuation.points != 987_654)
        #expect(listing.valuation.ruleSetHash == activated.contentHash)
    }

    /// Counts refreshed with other numbers after the draft was made: the write values with them.
    @Test func changedCountsSetADraftAside() throws {
        let fixture = try ListingFixture()
        let content = ListingFixture.item("扳手套装", cost: "150.00")
        _ = try Self.create(fixture, content, draft: nil)
        let draft = Self.marked(try #require(Self.draft(fixture, content)))
        _ = try fixture.publish(ListingFixture.item("螺丝刀", cost: "60.00"))
        fixture.clock.advance(by: 61)  // past the counts' minute: the write counts again, and finds one more
        let listing = try Self.create(fixture, content, draft: draft).listing
        #expect(listing.valuation.points != 987_654)
    }

    /// Input the rules refuse makes no draft; the write refuses it with the usual problem.
    @Test func refusedInputMakesNoDraft() throws {
        let fixture = try ListingFixture()
        _ = try Self.create(fixture, ListingFixture.item("锤子"), draft: nil)
        let unknown = ListingFixture.item("锤子", category: "no_such_category")
        #expect(Self.draft(fixture, unknown) == nil)
        #expect(throws: DomainError.self) { try Self.create(fixture, unknown, draft: nil) }
    }
}
