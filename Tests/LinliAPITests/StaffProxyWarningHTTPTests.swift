import Foundation
import HummingbirdTesting
import LinliDomain
import LinliStore
import Testing

/// Station staff acting for a resident on an exchange see that resident's near-limit warning in
/// the answer: the warning is for the member who pays, and the staff member is acting for them.
/// Proxying is decided per exchange (`ExchangeAccess.actingFor`), not carried by the token, so
/// the answer has to learn it from the step's outcome (before session 15 it was read from the
/// token, which never names one, and the warning was always dropped).
@Suite struct StaffProxyWarningHTTPTests {
    /// Staff register a request listing for the target resident (who pays for it), a neighbour
    /// offers, and the staff member accepts for the resident, whose hold ends near the limit.
    @Test func staffAcceptingForTheResidentSeeTheResidentsWarning() async throws {
        let fixture = try APIFixture()
        let a = fixture.a
        let staff = a.member(.stationStaff), moderator = a.member(.moderator), resident = a.target.id
        let listing = try fixture.environment.store.transactionSync { tx -> Listing in
            let staffPrincipal = Principal(communityID: a.community.id, memberID: staff.id, role: .stationStaff, tokenID: a.targetToken.token.id)
            let moderatorPrincipal = Principal(communityID: a.community.id, memberID: moderator.id, role: .moderator, tokenID: a.targetToken.token.id)
            let services = fixture.environment.listings
            var content = ListingFixtures.item("想借一把手电钻")
            content.direction = .request
            let change = try ListingCommands.create(
                tx, principal: staffPrincipal, input: ListingInput(content: content, ownerID: resident, submit: true, note: "本人到站登记"),
                services: services, actor: .member(staffPrincipal, requestID: nil))
            _ = try ReviewCommands.claim(
                tx, principal: moderatorPrincipal, id: change.review!.id, expectedVersion: nil, services: services,
                actor: .member(moderatorPrincipal, requestID: nil))
            let listing = try ReviewCommands.decide(
                tx, principal: moderatorPrincipal, id: change.review!.id, decision: ReviewDecision(decision: .approve),
                expectedVersion: nil, services: services, actor: .member(moderatorPrincipal, requestID: nil)).listing
            // The hold leaves the resident at -90, past the warning threshold (80) of the standard limits.
            let current = try LedgerAccounts.member(tx.db, community: a.community.id, member: resident).balance
            _ = try LedgerCorrectionCommands.adjust(
                tx, community: a.community.id, principal: nil,
                input: AdjustmentInput(memberID: resident, amount: listing.valuation.points - 90 - current, reason: "测试：接近授信额度"),
                idempotencyKey: "proxy-near-limit", actor: .commandLine, limits: .standard)
            return listing
        }
        // The fixture's staff member lives with the resident who makes the request: on a housemate's
        // side staff do not act in what they registered (`ExchangeAccess.mayActAsRegistered`), so
        // they move out.
        try fixture.environment.store.transactionSync { tx in
            try tx.db.execute(sql: "UPDATE members SET household_id = NULL WHERE id = ?", arguments: [staff.id.rawValue])
        }
        try await fixture.run { client in
            let offered = try await client.call(
                .post, "/v1/exchanges", token: a.secret(.resident), json: ExchangeFixtures.requestJSON(listing.id))
            #expect(offered.status == .created)
            let id = try #require(try offered.object()["id"] as? String)
            let accepted = try await client.call(.post, "/v1/exchanges/\(id)/accept", token: a.secret(.stationStaff))
            #expect(accepted.status == .ok)
            let warnings = (try accepted.object()["warnings"] as? [[String: Any]]) ?? []
            let aboutResident = warnings.filter { $0["member_id"] as? String == resident.rawValue }
            #expect(aboutResident.count == 1, "staff acting for the payer lost the payer's warning: \(String(buffer: accepted.body))")
            #expect(warnings.count == aboutResident.count, "only the resident's warnings: \(warnings)")
        }
    }
}
