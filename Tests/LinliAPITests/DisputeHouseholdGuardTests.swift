import Foundation
import HTTPTypes
import HummingbirdTesting
import LinliDomain
import NIOCore
import Testing

/// Found by review 9g (each test failed first): the `ledger.own_household` guard (42d0f19,
/// `LedgerOwnAccountGuard`) stops staff rewarding, adjusting, reversing for or naming as a case's
/// compensation victim a member of their own household — "points to a housemate end up in the
/// same home" — but a moderator still decides a points dispute of a housemate.
@Suite struct DisputeHouseholdGuardTests {
    /// Moves the fixture's moderator into 1号楼 101, the resident's household (as the admin would).
    static func moveModeratorInWithTheResident(_ client: any TestClientProtocol, _ a: SeededCommunity) async throws {
        let moved = try await client.call(
            .patch, "/v1/members/\(a.member(.moderator).id)", token: a.secret(.admin), json: #"{"household_id":"\#(a.household.id)"}"#)
        #expect(moved.status == .ok, "\(String(buffer: moved.body))")
    }

    /// The moderator moves in to 1号楼 101 with the resident, who paid for the disputed
    /// exchange. The moderator resolves the dispute with `compensate`: the provider pays the
    /// moderator's housemate 2 points (`LedgerSettlementCommands.compensate`), exactly what
    /// `CaseCommands` refuses for a case compensation (403 `ledger.own_household`);
    /// `ExchangeIncidentCommands.resolve` only refuses the moderator's own part
    /// (`exchange.not_your_part`). Expected: 403 `ledger.own_household` (another moderator decides).
    @Test func aModeratorDoesNotDecideAHousematesDispute() async throws {
        let fixture = try APIFixture()
        let a = fixture.a
        #expect(a.exchange.payer == a.member(.resident).id)
        try await fixture.run { client in
            try await Self.moveModeratorInWithTheResident(client, a)
            let resolved = try await client.call(
                .post, "/v1/exchanges/\(a.exchange.id)/resolve", token: a.secret(.moderator),
                json: #"{"outcome":"compensate","compensation_points":2,"note":"漏水轻微，补偿 2 分"}"#)
            #expect(
                resolved.status == .forbidden,
                "the payer's housemate decided the dispute and paid their home 2 points: \(resolved.status)")
            #expect((try? resolved.object()["code"] as? String) == "ledger.own_household")
        }
    }

    /// Session 15 review: the same gap on no-shows. Overturning a contested no-show hands the
    /// absent member's penalty back and makes the payer pay the provider, and a moderator
    /// recording a no-show refunds the payer and fines the other side: neither for the
    /// moderator's own home.
    @Test func aModeratorDoesNotDecideAHousematesNoShowContest() async throws {
        let fixture = try APIFixture()
        let a = fixture.a
        try await fixture.run { client in
            try await Self.moveModeratorInWithTheResident(client, a)
            let id = try await ExchangeFixtures.contestedNoShow(client, a)
            let decided = try await client.call(
                .post, "/v1/exchanges/\(id)/decide-contest", token: a.secret(.moderator),
                json: #"{"outcome":"overturned","note":"门卫证实他到了"}"#)
            #expect(decided.status == .forbidden, "the payer's housemate decided the contest: \(String(buffer: decided.body))")
            #expect((try? decided.object()["code"] as? String) == "ledger.own_household")
        }
    }

    @Test func aModeratorDoesNotRecordANoShowInAHousematesExchange() async throws {
        let fixture = try APIFixture()
        let a = fixture.a
        try await fixture.run { client in
            try await Self.moveModeratorInWithTheResident(client, a)
            let created = try await client.call(
                .post, "/v1/exchanges", token: a.secret(.resident), json: ExchangeFixtures.startedJSON(a.openListing.id))
            let id = try #require(try created.object()["id"] as? String)
            #expect(try await client.call(.post, "/v1/exchanges/\(id)/accept", token: a.targetToken.secret).status == .ok)
            try ExchangeFixtures.acceptedBeforeTheStart(a, id)
            let recorded = try await client.call(
                .post, "/v1/exchanges/\(id)/no-show", token: a.secret(.moderator),
                json: #"{"absent_member_id":"\#(a.target.id)"}"#)
            #expect(recorded.status == .forbidden, "the payer's housemate fined the provider: \(String(buffer: recorded.body))")
            #expect((try? recorded.object()["code"] as? String) == "ledger.own_household")
            // The payer themselves still reports it.
            let reported = try await client.call(.post, "/v1/exchanges/\(id)/no-show", token: a.secret(.resident))
            #expect(reported.status == .ok)
        }
    }
}
