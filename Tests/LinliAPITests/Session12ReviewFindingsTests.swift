import Foundation
import HTTPTypes
import HummingbirdTesting
import LinliDomain
import LinliStore
import NIOCore
import Testing

/// Defects an adversarial review (session 12 review of `8a8406e..HEAD`) found over HTTP. Each
/// test failed against the code under review for the reason its message states, and passes
/// since the fix (same session): warnings only for the caller or the member they act for.
@Suite struct Session12ReviewFindingsHTTPTests {
    static func reads(_ client: any TestClientProtocol, _ member: MemberID, token: String) async throws -> [[String: Any]] {
        let response = try await client.call(.get, "/v1/members/\(member)/ledger-reads?limit=50", token: token)
        return (try? response.object()["items"] as? [[String: Any]]) ?? []
    }

    /// ae85343 hides another member's `balance_after` in the answer to a ledger write, but the
    /// same answer's `warnings` (`ledger.near_credit_limit`, `parameters.balance`/`available`)
    /// still name the member's balance after it, and no read is recorded.
    @Test func anAdjustmentAnswersWarningStillShowsTheMembersBalance() async throws {
        let fixture = try APIFixture()
        let a = fixture.a
        let resident = a.target.id
        let current = try fixture.environment.database.readSync { db in
            try LedgerAccounts.member(db, community: a.community.id, member: resident).balance
        }
        try await fixture.run { client in
            let adjusted = try await client.call(
                .post, "/v1/ledger/adjustments", token: a.secret(.admin),
                json: #"{"member_id":"\#(resident)","amount":\#(-87 - current),"reason":"撤销重复记账"}"#)
            #expect(adjusted.status == .created)
            let object = try adjusted.object()
            let postings = (object["postings"] as? [[String: Any]]) ?? []
            let leg = postings.first { $0["account"] as? String == "member:\(resident)" }
            #expect(!(leg?["balance_after"] is Int), "balance_after is hidden (ae85343)")
            let warnings = (object["warnings"] as? [[String: Any]]) ?? []
            let leaked = warnings.compactMap { ($0["parameters"] as? [String: Any])?["balance"] as? String }
            let logged = try await Self.reads(client, resident, token: a.targetToken.secret)
            #expect(
                leaked.isEmpty || !logged.isEmpty,
                "the admin's write answer still tells the resident's balance through warnings: \(warnings); the resident's read log: \(logged)")
        }
    }

    /// The owner accepting a request places the hold on the requester; the answer's `warnings`
    /// carry the requester's balance after the hold (`parameters.balance`), so a resident learns
    /// a neighbour's points, which a party to a transfer may not (docs/ledger.md).
    @Test func acceptingARequestTellsTheOwnerTheRequestersBalance() async throws {
        let fixture = try APIFixture()
        let a = fixture.a
        let requester = a.member(.resident).id
        let points = a.openListing.valuation.points
        _ = try fixture.environment.store.transactionSync { tx in
            let current = try LedgerAccounts.member(tx.db, community: a.community.id, member: requester).balance
            return try LedgerCorrectionCommands.adjust(
                tx, community: a.community.id, principal: nil,
                input: AdjustmentInput(memberID: requester, amount: points - 90 - current, reason: "测试：接近授信额度"), idempotencyKey: "near-limit",
                actor: .commandLine, limits: .standard)
        }
        try await fixture.run { client in
            let created = try await client.call(
                .post, "/v1/exchanges", token: a.secret(.resident), json: ExchangeFixtures.requestJSON(a.openListing.id))
            #expect(created.status == .created)
            let id = try #require(try created.object()["id"] as? String)
            let accepted = try await client.call(.post, "/v1/exchanges/\(id)/accept", token: a.targetToken.secret)
            #expect(accepted.status == .ok)
            let warnings = (try accepted.object()["warnings"] as? [[String: Any]]) ?? []
            let aboutRequester = warnings.filter { $0["member_id"] as? String == requester.rawValue }
            #expect(aboutRequester.isEmpty, "the owner (a resident) was told the requester's balance: \(aboutRequester)")
        }
    }
}
