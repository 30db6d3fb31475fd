import Foundation
import GRDB
import LinliDomain
import Testing

@testable import LinliStore

/// The rules in force are looked up once per use case and live only as long as it: a use case
/// keeps the rules it started with, and the next one sees an activation.
@Suite struct TransactionMemoTests {
    @Test func rulesAreLookedUpOncePerUseCase() throws {
        let fixture = try ListingFixture()
        let community = fixture.admin.communityID
        let rules = fixture.services.rules
        let (first, again, afterActivation) = try fixture.store.transactionSync { tx in
            let first = try rules.current(tx, community: community)
            let upload = try RuleSetCommands.upload(
                tx, community: community, source: RulesDrivenListingTests.candidate(), principal: fixture.admin,
                actor: .member(fixture.admin, requestID: nil), activate: true)
            // Through the database the activation shows at once; through the memo it does not.
            #expect(try rules.current(tx.db, community: community, at: tx.now).contentHash == upload.contentHash)
            return (first, try rules.current(tx, community: community), upload)
        }
        #expect(again.contentHash == first.contentHash)
        let next = try fixture.store.transactionSync { tx in try rules.current(tx, community: community) }
        #expect(next.contentHash == afterActivation.contentHash && next.contentHash != first.contentHash)
    }
}
