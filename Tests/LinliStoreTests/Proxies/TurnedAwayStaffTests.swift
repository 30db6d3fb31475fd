import Foundation
import GRDB
import LinliDomain
@testable import LinliStore
import Testing

/// Helper 144 #1, #2: the day 王秀英 withdrew her consent, the staff member she turned away
/// registered a paid need in her name with a typed note, accepted a helper for it and held her
/// points; and a consent "given by her" with a token that staff member issued got round the
/// desk's refusal. New work in her name is now refused to them (403 `proxy.consent_withdrawn`)
/// until she gives them her consent again; other staff carry on.
@Suite struct TurnedAwayStaffTests {
    func code(_ body: () throws -> Void) -> String? { ExchangeFixture.errorCode(body) }

    func grant(_ f: ExchangeFixture, as principal: Principal, agent: MemberID? = nil) throws -> ProxyConsent {
        try f.store.transactionSync { tx in
            try ProxyConsentCommands.grant(
                tx, principal: principal, input: NewProxyConsentInput(memberID: nil, agentID: agent ?? f.staff.memberID, expiresAt: nil, note: nil),
                actor: f.actor(principal))
        }
    }

    func revoke(_ f: ExchangeFixture, _ consent: ProxyConsent, as principal: Principal) throws {
        _ = try f.store.transactionSync { tx in
            try ProxyConsentCommands.revoke(
                tx, principal: principal, id: consent.id, input: ProxyRevocationInput(reason: "不想再让她代办"), expectedVersion: nil,
                actor: f.actor(principal))
        }
    }

    func needFor(_ f: ExchangeFixture, _ member: MemberID, as principal: Principal) throws -> ListingChange {
        var need = ListingFixture.item("帮我取药")
        need.direction = .request
        return try f.listings.post(need, as: principal, owner: member, note: "本人电话同意")
    }

    @discardableResult
    func registerFor(_ f: ExchangeFixture, _ member: MemberID, as principal: Principal) throws -> EventRegistrationEntry {
        let now = f.clock.now()
        let event = try f.store.transactionSync { tx in
            try CommunityEventCommands.create(
                tx, principal: f.listings.admin,
                input: NewCommunityEventInput(
                    kind: .swapMarket, title: "换物集市", description: nil, place: "中心广场", startsAt: now.addingTimeInterval(86_400),
                    endsAt: now.addingTimeInterval(90_000), registrationClosesAt: nil, capacity: 10, perHouseholdLimit: 2),
                actor: f.actor(f.listings.admin), rules: ActiveRules())
        }.event
        return try f.store.transactionSync { tx in
            try EventRegistrationCommands.register(
                tx, principal: principal, event: event.id, input: EventRegistrationInput(memberID: member), actor: f.actor(principal))
        }
    }

    func cancelRegistration(_ f: ExchangeFixture, _ entry: EventRegistrationEntry, as principal: Principal) throws {
        _ = try f.store.transactionSync { tx in
            try EventRegistrationCommands.cancel(
                tx, principal: principal, registration: entry.registration.id, input: EventReasonInput(reason: "她说不去了"),
                actor: f.actor(principal))
        }
    }

    /// Helper 150 #1: the staff member she turned away could still give up the seat they had
    /// registered for her, and her place went to the first in line.
    @Test func theStaffSheTurnedAwayCannotGiveUpHerSeat() throws {
        let f = try ExchangeFixture()
        let elder = f.neighbour.memberID
        let consent = try grant(f, as: f.neighbour)
        let seat = try registerFor(f, elder, as: f.staff)
        let second = try registerFor(f, elder, as: f.staff)
        try revoke(f, consent, as: f.neighbour)

        #expect(code { try cancelRegistration(f, seat, as: f.staff) } == "proxy.consent_withdrawn")
        #expect(try f.base.count("SELECT COUNT(*) FROM event_registrations WHERE state = 'cancelled'") == 0, "nothing written")
        // Other staff, and she herself, still may.
        let (_, other) = try f.base.member("周站长", role: .stationStaff, in: f.listings.admin)
        try cancelRegistration(f, seat, as: other)
        try cancelRegistration(f, second, as: f.neighbour)
        #expect(try f.base.count("SELECT COUNT(*) FROM event_registrations WHERE state = 'cancelled'") == 2)
    }

    func issueToken(_ f: ExchangeFixture, for member: MemberID, as principal: Principal) throws -> IssuedToken {
        try f.store.transactionSync { tx in
            try TokenCommands.issue(
                tx, community: principal.communityID, memberID: member, input: NewTokenInput(label: "手机丢了", expiresInDays: 30, note: "本人到站"),
                principal: principal, actor: f.actor(principal))
        }
    }

    @Test func newWorkInHerNameIsRefusedToTheStaffSheTurnedAway() throws {
        let f = try ExchangeFixture()
        let elder = f.neighbour.memberID
        let offer = try f.offer()
        let consent = try grant(f, as: f.neighbour)
        _ = try needFor(f, elder, as: f.staff)  // with her consent: fine
        try revoke(f, consent, as: f.neighbour)

        let refused = #expect(throws: DomainError.self) { _ = try needFor(f, elder, as: f.staff) }
        #expect(refused?.code == "proxy.consent_withdrawn")
        #expect(refused?.instants["revoked_at"] != nil)
        #expect(code { _ = try f.request(offer, as: f.staff, for: elder) } == "proxy.consent_withdrawn")
        #expect(code { try registerFor(f, elder, as: f.staff) } == "proxy.consent_withdrawn")
        #expect(code { _ = try issueToken(f, for: elder, as: f.staff) } == "proxy.consent_withdrawn")
        #expect(try f.base.count("SELECT COUNT(*) FROM listings WHERE title = '帮我取药'") == 1, "nothing written by a refused step")

        // Other staff carry on.
        let (_, other) = try f.base.member("周站长", role: .stationStaff, in: f.listings.admin)
        _ = try needFor(f, elder, as: other)
        _ = try f.request(offer, as: other, for: elder)
        try registerFor(f, elder, as: other)
        _ = try issueToken(f, for: elder, as: other)

        // She gives it again herself: the staff member acts for her as before, and still once
        // that consent has ended (given up by them): her last word was to trust them (helper 146 #3).
        f.clock.advance(by: 60)
        let again = try grant(f, as: f.neighbour)
        _ = try needFor(f, elder, as: f.staff)
        try revoke(f, again, as: f.staff)
        _ = try needFor(f, elder, as: f.staff)
    }

    /// Helper 157 #1: any member of staff could withdraw her consent without a word, and she read
    /// it as withdrawn, the agent as withdrawn by her. At the desk it takes a note, names who did
    /// it to both, and is not open to staff she turned away (nor is recording one).
    @Test func aWithdrawalAtTheDeskSaysOnWhoseWordAndWho() throws {
        let f = try ExchangeFixture()
        let consent = try grant(f, as: f.neighbour)
        let (_, desk) = try f.base.member("周站长", role: .stationStaff, in: f.listings.admin)
        let unsaid = #expect(throws: DomainError.self) {
            _ = try f.store.transactionSync { tx in
                try ProxyConsentCommands.revoke(
                    tx, principal: desk, id: consent.id, input: ProxyRevocationInput(reason: nil), expectedVersion: nil, actor: f.actor(desk))
            }
        }
        #expect(unsaid?.fieldIssues.first?.parameters["reason"] == "proxy.revoke_note_required")
        try revoke(f, consent, as: desk)
        let hers = try #require(try f.notices(of: f.neighbour.memberID, kind: .proxyRevoked).last)
        #expect(hers.parameters["withdrawn_by_name"] == "周站长" && hers.text(in: .zhCN).contains("周站长 应您的要求"))
        let theirs = try #require(try f.notices(of: f.staff.memberID, kind: .proxyWithdrawnForAgent).last)
        #expect(theirs.text(in: .zhCN).hasPrefix("周站长 应"))

        // Staff she turned away neither record a consent for her nor withdraw one.
        let (colleague, _) = try f.base.member("吴社工", role: .stationStaff, in: f.listings.admin)
        #expect(code {
            _ = try f.store.transactionSync { tx in
                try ProxyConsentCommands.grant(
                    tx, principal: f.staff,
                    input: NewProxyConsentInput(memberID: f.neighbour.memberID, agentID: colleague.id, expiresAt: nil, note: "本人到站"),
                    actor: f.actor(f.staff))
            }
        } == "proxy.consent_withdrawn")
        let hersToColleague = try grant(f, as: f.neighbour, agent: colleague.id)
        #expect(code {
            _ = try f.store.transactionSync { tx in
                try ProxyConsentCommands.revoke(
                    tx, principal: f.staff, id: hersToColleague.id, input: ProxyRevocationInput(reason: "她说不要了"), expectedVersion: nil,
                    actor: f.actor(f.staff))
            }
        } == "proxy.consent_withdrawn")
    }

    /// A consent the agent gave up herself is no turning away.
    @Test func aConsentTheAgentGaveUpDoesNotBarThem() throws {
        let f = try ExchangeFixture()
        try revoke(f, try grant(f, as: f.neighbour), as: f.staff)
        _ = try needFor(f, f.neighbour.memberID, as: f.staff)
    }

    /// A token the turned-away agent issued before does not give her consent back to that agent;
    /// a token of her own does. Nor does one the agent issued for a housemate of theirs give the
    /// agent her consent (helper 157 #3: past the household rule a desk recording keeps).
    @Test func aTokenTheAgentIssuedDoesNotGiveTheAgentHerConsent() throws {
        let f = try ExchangeFixture()
        let issued = try issueToken(f, for: f.neighbour.memberID, as: f.staff)
        let throughDesk = try f.base.database.readSync { db in try TokenCommands.authenticate(db, secret: issued.secret, now: f.clock.now()) }
        #expect(throughDesk.memberID == f.neighbour.memberID)
        // Before any withdrawal, her grant with it stands (the desk may record one anyway).
        let first = try grant(f, as: throughDesk)
        try revoke(f, first, as: f.neighbour)

        let refused = #expect(throws: DomainError.self) { _ = try grant(f, as: throughDesk) }
        #expect(refused?.code == "proxy.token_from_agent")
        #expect(refused?.parameters["agent_name"]?.isEmpty == false)
        #expect(try f.base.count("SELECT COUNT(*) FROM proxy_consents WHERE revoked_at IS NULL") == 0)
        // Naming other staff with it is hers to do; so is naming the agent with her own token.
        let (otherMember, _) = try f.base.member("周站长", role: .stationStaff, in: f.listings.admin)
        _ = try grant(f, as: throughDesk, agent: otherMember.id)
        _ = try grant(f, as: f.neighbour)

        // Her housemate's token, issued by the staff member for her own mother.
        let (mother, _) = try f.base.member("陈母", in: f.listings.admin)
        _ = try f.household(of: [mother.id, f.staff.memberID])
        let mothers = try issueToken(f, for: mother.id, as: f.staff)
        let asMother = try f.base.database.readSync { db in try TokenCommands.authenticate(db, secret: mothers.secret, now: f.clock.now()) }
        #expect(code { _ = try grant(f, as: asMother) } == "proxy.token_from_housemate")
    }
}
