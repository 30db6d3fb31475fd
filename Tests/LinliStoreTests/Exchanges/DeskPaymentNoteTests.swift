import Foundation
import GRDB
import LinliDomain
@testable import LinliStore
import Testing

/// Helper 140 #9: any staff member could ask for something in any resident's name and spend her
/// points with nothing on file. Now she pays only on a standing consent naming them, or on the
/// desk's note of how she agreed, which she is told.
@Suite struct DeskPaymentNoteTests {
    func request(_ f: ExchangeFixture, _ listing: Listing, note: String?) throws -> Exchange {
        let start = f.clock.now().addingTimeInterval(3600)
        return try f.store.transactionSync { tx in
            try ExchangeCommands.request(
                tx, principal: f.staff,
                input: ExchangeRequestInput(
                    listingID: listing.id, requesterID: f.neighbour.memberID, scheduledStart: start,
                    scheduledEnd: start.addingTimeInterval(3600), note: note),
                services: f.services, actor: f.actor(f.staff))
        }.exchange
    }

    @Test func herPointsAreSpentOnAConsentOrTheDesksNote() throws {
        let f = try ExchangeFixture()
        let offer = try f.offer()
        for note in [nil, "  "] {
            var thrown: DomainError?
            do { _ = try request(f, offer, note: note) } catch let error as DomainError { thrown = error }
            #expect(thrown?.fieldIssues.first?.pointer == "/note")
            #expect(thrown?.fieldIssues.first?.parameters["reason"] == "exchange.payment_note_required")
            #expect(thrown?.fieldIssues.first?.parameters["points"] == "20")
        }
        let noted = try request(f, offer, note: "本人到站，同意支付")
        let told = try f.base.database.readSync { db in
            try MemberNotifications.list(db, principal: f.neighbour, unreadOnly: false, page: PageRequest(after: nil, limit: 20))
        }.items.first { $0.kind == .exchangeRequestedForYou }
        #expect(told?.parameters["note"] == "本人到站，同意支付")
        #expect(told?.text(in: .zhCN).contains("办理依据：本人到站，同意支付。") == true)
        #expect(try f.base.count(
            "SELECT COUNT(*) FROM audit_entries WHERE action = 'exchange.requested' AND target_id = ? AND after_json LIKE '%本人到站，同意支付%'",
            [noted.id.rawValue]) == 1)

        // On her standing consent naming them, no note is needed.
        _ = try f.store.transactionSync { tx in
            try ProxyConsentCommands.grant(
                tx, principal: f.neighbour, input: NewProxyConsentInput(memberID: nil, agentID: f.staff.memberID, expiresAt: nil, note: nil),
                actor: f.actor(f.neighbour))
        }
        #expect(try request(f, try f.offer("儿童自行车"), note: nil).requester == f.neighbour.memberID)
    }

    /// She does not pay when she gives her help for points: nothing of hers is spent.
    @Test func answeringANeedForHerNeedsNoNote() throws {
        let f = try ExchangeFixture()
        let need = try f.timeListing(direction: .request)
        let exchange = try request(f, need, note: nil)
        #expect(exchange.provider == f.neighbour.memberID && exchange.payer != f.neighbour.memberID)
    }
}
