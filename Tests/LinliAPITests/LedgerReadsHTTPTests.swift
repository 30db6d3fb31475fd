import Foundation
import HTTPTypes
import HummingbirdTesting
import LinliDomain
import LinliStore
import NIOCore
import Testing

/// Staff may read any member's points; each such read is recorded before it is answered, and the
/// member sees who looked (`GET /v1/members/{id}/ledger-reads`), as a credit report lists its
/// queries. Reading one's own points leaves no trace.
@Suite struct LedgerReadsHTTPTests {
    static func reads(_ client: any TestClientProtocol, _ member: MemberID, token: String) async throws -> (HTTPResponse.Status, [[String: Any]]) {
        let response = try await client.call(.get, "/v1/members/\(member)/ledger-reads?limit=50", token: token)
        return (response.status, (try? response.object()["items"] as? [[String: Any]]) ?? [])
    }

    @Test func theMemberSeesWhichStaffReadTheirPointsAndTheirOwnReadsLeaveNoTrace() async throws {
        let fixture = try APIFixture()
        let a = fixture.a
        let resident = a.member(.resident).id
        try await fixture.run { client in
            // Their own balance, statement and transfer: nothing recorded.
            let own = try await client.call(.get, "/v1/members/\(resident)/statement?limit=50", token: a.secret(.resident))
            #expect(own.status == .ok)
            let transferID = try #require(((try own.object()["items"] as? [[String: Any]]) ?? []).last?["transfer_id"] as? String)
            #expect(try await client.call(.get, "/v1/members/\(resident)/balance", token: a.secret(.resident)).status == .ok)
            #expect(try await client.call(.get, "/v1/ledger/transfers/\(transferID)", token: a.secret(.resident)).status == .ok)
            #expect(try await Self.reads(client, resident, token: a.secret(.resident)).1.isEmpty)

            // Station staff look at the balance, export the statement, and open a transfer.
            let staff = a.member(.stationStaff)
            #expect(try await client.call(.get, "/v1/members/\(resident)/balance", token: a.secret(.stationStaff)).status == .ok)
            #expect(try await client.call(.get, "/v1/members/\(resident)/statement?format=csv", token: a.secret(.stationStaff)).status == .ok)
            #expect(try await client.call(.get, "/v1/ledger/transfers/\(transferID)", token: a.secret(.stationStaff)).status == .ok)
            // A read refused or of nobody leaves nothing.
            #expect(try await client.call(.get, "/v1/members/mem_00000000000000000000000000/balance", token: a.secret(.stationStaff)).status == .notFound)

            let (status, items) = try await Self.reads(client, resident, token: a.secret(.resident))
            #expect(status == .ok)
            #expect(items.map { $0["what"] as? String } == ["transfer", "statement", "balance"], "newest first: \(items)")
            #expect(items.allSatisfy { $0["reader_id"] as? String == staff.id.rawValue && $0["reader_role"] as? String == "station_staff" })
            #expect(items.allSatisfy { $0["reader_name"] as? String == staff.displayName })
            #expect(items[0]["transfer_id"] as? String == transferID)
            #expect(items[1]["format"] as? String == "csv")

            // Moderators and admins may read the list; another resident may not.
            #expect(try await Self.reads(client, resident, token: a.secret(.admin)).0 == .ok)
            #expect(try await Self.reads(client, resident, token: a.secret(.moderator)).0 == .ok)
            #expect(try await Self.reads(client, resident, token: a.targetToken.secret).0 == .forbidden)
            #expect(try await Self.reads(client, resident, token: a.secret(.stationStaff)).0 == .forbidden)
        }
    }

    /// A party reads their own transfer, but not what the other side has left: paying a
    /// neighbour showed the payer the neighbour's balance after the payment.
    @Test func aPartyDoesNotLearnTheOtherSidesBalance() async throws {
        let fixture = try APIFixture()
        let a = fixture.a
        let resident = a.member(.resident).id
        let paid = try fixture.environment.store.transactionSync { tx in
            try LedgerSettlementCommands.payExchange(
                tx, community: a.community.id, payer: resident, payee: a.target.id, points: 7, minutes: nil, reason: "帮忙修车",
                reference: nil, idempotencyKey: "party-balance", actor: .commandLine, limits: .standard)
        }.transfer
        try await fixture.run { client in
            for (who, token, member) in [("payer", a.secret(.resident), resident), ("payee", a.targetToken.secret, a.target.id)] {
                let transfer = try await client.call(.get, "/v1/ledger/transfers/\(paid.id)", token: token)
                #expect(transfer.status == .ok)
                let postings = (try transfer.object()["postings"] as? [[String: Any]]) ?? []
                #expect(postings.count == 2)
                for posting in postings {
                    let mine = posting["account"] as? String == "member:\(member)"
                    #expect((posting["balance_after"] is Int) == mine, "the \(who) reads \(posting)")
                }
                // Nor the chain: a hash (this one's, or the next one's previous_hash) lets the hidden
                // balance be found by trying candidates (session 28).
                let body = try transfer.object()
                #expect(body["hash"] == nil && body["previous_hash"] == nil, "the \(who) reads the chain: \(body)")
            }
            // Staff still see both balances (and the read is recorded for both members).
            let staffView = try await client.call(.get, "/v1/ledger/transfers/\(paid.id)", token: a.secret(.admin))
            let staffPostings = (try staffView.object()["postings"] as? [[String: Any]]) ?? []
            #expect(staffPostings.count == 2 && staffPostings.allSatisfy { $0["balance_after"] is Int })
            #expect(try staffView.object()["hash"] is String, "a recorded read shows the chain")
            #expect(try await Self.reads(client, resident, token: a.secret(.resident)).1.count == 1)
            #expect(try await Self.reads(client, a.target.id, token: a.targetToken.secret).1.count == 1)
        }
    }
}
