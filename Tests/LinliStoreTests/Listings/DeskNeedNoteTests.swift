import Foundation
import GRDB
import LinliDomain
@testable import LinliStore
import Testing

/// Helper 140 #9, the listing side: staff could register a need in a resident's name (she pays
/// whoever answers it) and accept the answer as registered work, spending her points with nothing
/// on file, while asking for an exchange in her name already needed her consent or the desk's
/// note. Now the need takes the same.
@Suite struct DeskNeedNoteTests {
    static let need = ListingContent(
        direction: .request, kind: .time, categoryCode: "errands", title: "陪同买菜", description: "每周六上午", area: "南门",
        availability: [WeeklySlot(weekday: 6, from: "08:00", to: "12:00")], durationMinutes: 60, intensity: .light)

    func refusal(_ body: () throws -> Void) -> FieldIssue? {
        do { try body() } catch let error as DomainError { return error.fieldIssues.first } catch { return nil }
        return nil
    }

    @Test func aNeedRegisteredForHerTakesTheDesksNote() throws {
        let f = try ExchangeFixture()
        for note in [nil, " \n"] {
            let issue = refusal { _ = try f.listings.post(Self.need, as: f.staff, owner: f.resident.memberID, note: note) }
            #expect(issue?.pointer == "/note")
            #expect(issue?.code == .required)
            #expect(issue?.parameters["reason"] == "listing.payment_note_required")
            #expect(issue?.parameters["points"] == "10")
        }
        #expect(try f.base.count("SELECT COUNT(*) FROM listings WHERE title = '陪同买菜'") == 0, "nothing was written")

        let need = try f.listings.post(Self.need, as: f.staff, owner: f.resident.memberID, note: "本人到站登记。").listing
        #expect(need.ownerID == f.resident.memberID)
        #expect(try f.base.count(
            "SELECT COUNT(*) FROM audit_entries WHERE action = 'listing.created' AND target_id = ? AND after_json LIKE '%\"desk_note\":\"本人到站登记。\"%'",
            [need.id.rawValue]) == 1)
        let told = try f.base.database.readSync { db in
            try MemberNotifications.list(db, principal: f.resident, unreadOnly: false, page: PageRequest(after: nil, limit: 20))
        }.items.first { $0.kind == .listingRegisteredForYou }
        #expect(told?.text(in: .zhCN).contains("办理依据：本人到站登记。如不是您本人的意思") == true)
        #expect(told?.text(in: .en).contains(" On record: 本人到站登记. If you did not ask") == true)
    }

    /// Her standing consent naming the staff member is her word already; an offer (she earns)
    /// spends nothing of hers.
    @Test func aConsentOrAnOfferNeedsNoNote() throws {
        let f = try ExchangeFixture()
        let offer = try f.listings.post(ListingFixture.item("代登记的助行器"), as: f.staff, owner: f.resident.memberID).listing
        #expect(offer.ownerID == f.resident.memberID)
        _ = try f.store.transactionSync { tx in
            try ProxyConsentCommands.grant(
                tx, principal: f.resident, input: NewProxyConsentInput(memberID: nil, agentID: f.staff.memberID, expiresAt: nil, note: nil),
                actor: f.actor(f.resident))
        }
        let need = try f.listings.post(Self.need, as: f.staff, owner: f.resident.memberID).listing
        #expect(need.content.direction == .request && need.ownerID == f.resident.memberID)
    }

    /// The note says how someone else agreed: on one's own listing it means nothing.
    @Test func theNoteIsForSomeoneElsesListingOnly() throws {
        let f = try ExchangeFixture()
        let own = refusal { _ = try f.listings.post(Self.need, note: "本人") }
        #expect(own?.pointer == "/note" && own?.parameters["reason"] == "listing.note_only_for_someone_else")
        let mine = try f.listings.post(Self.need, submit: false).listing
        let ownEdit = refusal { _ = try edit(f, mine, as: f.resident, minutes: 60, note: "本人") }
        #expect(ownEdit?.pointer == "/note" && ownEdit?.parameters["reason"] == "listing.note_only_for_someone_else")
        let long = refusal {
            _ = try f.listings.post(Self.need, as: f.staff, owner: f.resident.memberID, note: String(repeating: "字", count: 1001))
        }
        #expect(long?.pointer == "/note" && long?.code == .tooLong)
    }

    /// Helper 143: the note given at registration covered the figure then; staff could edit her
    /// need from 60 minutes to 600 and submit it, and she paid ten times as much on nobody's word.
    /// An edit that makes it dearer takes a note (or her consent) and tells her the points; one
    /// that makes it cheaper does not.
    @Test func anEditThatRaisesHerNeedTakesTheDesksNote() throws {
        let f = try ExchangeFixture()
        let draft = try f.listings.post(Self.need, as: f.staff, owner: f.resident.memberID, submit: false, note: "本人到站登记").listing
        let issue = refusal { _ = try edit(f, draft, as: f.staff, minutes: 240, note: nil) }
        #expect(issue?.pointer == "/note" && issue?.parameters["reason"] == "listing.raise_note_required")
        #expect(issue?.parameters["previous_points"] == "10" && issue?.parameters["points"].map { Int($0)! > 10 } == true)
        let raised = try edit(f, draft, as: f.staff, minutes: 240, note: "本人电话同意改为四小时")
        #expect(raised.listing.valuation.points > 10)
        let told = try f.base.database.readSync { db in
            try MemberNotifications.list(db, principal: f.resident, unreadOnly: false, page: PageRequest(after: nil, limit: 20))
        }.items.first { $0.kind == .listingStepForYou }
        #expect(told?.parameters["previous_points"] == "10" && told?.parameters["raised_points"] == String(raised.listing.valuation.points))
        #expect(told?.text(in: .zhCN).contains("由您支付的积分由 10 变为 \(raised.listing.valuation.points)。办理依据：本人电话同意改为四小时。") == true)
        #expect(try f.base.count(
            "SELECT COUNT(*) FROM audit_entries WHERE action = 'listing.updated' AND after_json LIKE '%本人电话同意改为四小时%'") == 1)
        // Cheaper again: nothing to agree to.
        #expect(try edit(f, raised.listing, as: f.staff, minutes: 60, note: nil).listing.valuation.points == 10)
    }

    /// Helper 181 #1: staff fixing a typo in her published need were asked for a note on a raise
    /// (and she was told of one): the check counted the need itself as one more demand in its
    /// category, while its stored points and the edit's own figure leave it out.
    @Test func aTypoFixedInHerPublishedNeedIsNoRaise() throws {
        let f = try ExchangeFixture()
        var need = Self.need
        need.durationMinutes = 240
        var offer = need
        offer.direction = .offer
        offer.title = "可以陪同买菜"
        for _ in 0..<3 { _ = try f.listings.publish(offer, as: f.neighbour) }
        for _ in 0..<2 { _ = try f.listings.publish(need, as: f.neighbour) }
        f.clock.advance(by: 120)  // past the scarcity cache: two needs, three offers
        let posted = try f.listings.post(need, as: f.staff, owner: f.resident.memberID, note: "本人到站登记")
        let review = try #require(posted.review)
        _ = try f.listings.claim(review.id, as: f.listings.moderatorA)
        let published = try f.listings.decide(review.id, ReviewDecision(decision: .approve), as: f.listings.moderatorA).listing
        f.clock.advance(by: 120)  // now three needs, hers among them
        var fixed = need
        fixed.title = "陪同买菜（周六）"
        var input = ListingInput(content: fixed)
        input.note = nil
        let change = try f.store.transactionSync { tx in
            try ListingCommands.replaceContent(
                tx, principal: f.staff, id: published.id, input: input, expectedVersion: nil, services: f.listings.services,
                actor: f.actor(f.staff))
        }
        #expect(change.edit?.points == published.valuation.points)
        let told = try f.base.database.readSync { db in
            try MemberNotifications.list(db, principal: f.resident, unreadOnly: false, page: PageRequest(after: nil, limit: 20))
        }.items.filter { $0.kind == .listingStepForYou }
        #expect(told.allSatisfy { $0.parameters["raised_points"] == nil }, "\(told.map(\.parameters))")
    }

    func edit(_ f: ExchangeFixture, _ listing: Listing, as principal: Principal, minutes: Int, note: String?) throws -> ListingChange {
        var content = Self.need
        content.durationMinutes = minutes
        var input = ListingInput(content: content)
        input.note = note
        return try f.store.transactionSync { tx in
            try ListingCommands.replaceContent(
                tx, principal: principal, id: listing.id, input: input, expectedVersion: nil, services: f.listings.services,
                actor: f.actor(principal))
        }
    }
}
