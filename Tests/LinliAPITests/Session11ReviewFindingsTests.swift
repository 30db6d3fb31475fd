import Foundation
import HTTPTypes
import HummingbirdTesting
import LinliDomain
import LinliStore
import NIOCore
import Testing

/// Defects an adversarial review (session 12, against `8a8406e`) found in session 11's staff
/// ledger read log (`LedgerReadLog`, `GET /v1/members/{id}/ledger-reads`): answers that showed
/// another member's balance without a recorded read. Each test failed before its fix.
@Suite struct Session11ReviewFindingsHTTPTests {
    static func reads(_ client: any TestClientProtocol, _ member: MemberID, token: String) async throws -> [[String: Any]] {
        let response = try await client.call(.get, "/v1/members/\(member)/ledger-reads?limit=50", token: token)
        return (try? response.object()["items"] as? [[String: Any]]) ?? []
    }

    /// Was: a staff member who is a party to a transfer (station staff paid by a resident) read
    /// it with nothing recorded, because the reader is a party, yet saw every balance after it,
    /// because the reader has `ledger.read_others`. Now a party, staff included, sees only their own.
    @Test func aStaffPartyReadsTheOtherSidesBalanceWithoutATrace() async throws {
        let fixture = try APIFixture()
        let a = fixture.a
        let resident = a.member(.resident).id
        let staff = a.member(.stationStaff).id
        let paid = try fixture.environment.store.transactionSync { tx in
            try LedgerSettlementCommands.payExchange(
                tx, community: a.community.id, payer: resident, payee: staff, points: 7, minutes: nil, reason: "上门修水管",
                reference: nil, idempotencyKey: "staff-party", actor: .commandLine, limits: .standard)
        }.transfer
        try await fixture.run { client in
            let response = try await client.call(.get, "/v1/ledger/transfers/\(paid.id)", token: a.secret(.stationStaff))
            #expect(response.status == .ok)
            let postings = (try response.object()["postings"] as? [[String: Any]]) ?? []
            let residentPosting = postings.first { $0["account"] as? String == "member:\(resident)" }
            let sawBalance = residentPosting?["balance_after"] is Int
            let logged = try await Self.reads(client, resident, token: a.secret(.resident))
            #expect(!sawBalance, "a party sees only their own balance after the transfer")
            #expect(
                !sawBalance || !logged.isEmpty,
                "station staff saw the resident's balance_after \(residentPosting?["balance_after"] ?? "-") and the resident's read log is \(logged)")
        }
    }

    /// Was: an organizer granting a resident a reward got the resident's `balance_after` in the
    /// 201 answer (and in its replay under the same Idempotency-Key), with no read recorded. Now
    /// the answer to a ledger write shows only the caller's own balance; an admin's adjustment too.
    @Test func aRewardAnswerShowsTheRecipientsBalanceWithoutATrace() async throws {
        let fixture = try APIFixture()
        let a = fixture.a
        // The seeded resident shares the organizer's household (`ledger.own_household`): reward the other resident.
        let resident = a.target.id
        let body = #"{"member_id":"\#(resident)","points":20,"category":"community_cleaning","reason":"社区清洁日帮忙"}"#
        try await fixture.run { client in
            var answers: [(HTTPResponse.Status, Any?)] = []
            for _ in 0..<2 {
                let response = try await client.call(
                    .post, "/v1/ledger/rewards", token: a.secret(.organizer), json: body, headers: [HTTPField.Name("Idempotency-Key")!: "grant-1"])
                let postings = (try? response.object()["postings"] as? [[String: Any]]) ?? []
                answers.append((response.status, postings.first { $0["account"] as? String == "member:\(resident)" }?["balance_after"]))
            }
            #expect(answers.map(\.0.code) == [201, 201], "the grant, then its replay (answered from the idempotency store)")
            let shown = answers.contains { $0.1 is Int }
            let logged = try await Self.reads(client, resident, token: a.targetToken.secret)
            #expect(!shown, "the organizer was shown the resident's balance_after (\(answers)) and the read log is \(logged)")
            let adjusted = try await client.call(
                .post, "/v1/ledger/adjustments", token: a.secret(.admin),
                json: #"{"member_id":"\#(resident)","amount":3,"reason":"补记上月清洁日"}"#)
            #expect(adjusted.status == .created)
            let postings = (try adjusted.object()["postings"] as? [[String: Any]]) ?? []
            let residentLeg = try #require(postings.first { $0["account"] as? String == "member:\(resident)" })
            #expect(!(residentLeg["balance_after"] is Int), "\(residentLeg)")
        }
    }
}
