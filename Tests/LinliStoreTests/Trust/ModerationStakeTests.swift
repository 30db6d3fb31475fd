import Foundation
import GRDB
import LinliDomain
import LinliTrust
import Testing

@testable import LinliStore

/// Helper 152 #2: the conflict checks looked only at a case's target. Whoever registered the
/// reported listing in someone's name, acts for a reporter, a compensation's victim or a side of
/// an exchange the case holds frozen has a stake in the decision too, and does not take it.
@Suite struct ModerationStakeTests {
    func code(_ body: () throws -> Void) -> String? { ExchangeFixture.errorCode(body) }

    func report(_ f: ExchangeFixture, _ listing: Listing, by reporter: Principal) throws -> CaseID {
        try f.store.transactionSync { tx in
            try ReportCommands.file(
                tx, principal: reporter,
                input: ReportInput(targetType: .listing, targetID: listing.id.rawValue, category: .fakeListing, text: "照片是网图"),
                policies: TrustPolicies())
        }.moderationCase.id
    }

    func claim(_ f: ExchangeFixture, _ id: CaseID, as principal: Principal) throws {
        _ = try f.store.transactionSync { tx in
            try CaseCommands.claim(tx, principal: principal, id: id, leaseSeconds: 900, actor: .member(principal, requestID: nil))
        }
    }

    func consent(_ f: ExchangeFixture, of member: Principal, naming agent: MemberID) throws {
        _ = try f.store.transactionSync { tx in
            try ProxyConsentCommands.grant(
                tx, principal: member, input: NewProxyConsentInput(memberID: nil, agentID: agent, expiresAt: nil, note: nil),
                actor: .member(member, requestID: nil))
        }
    }

    /// The elder's listing, posted by the admin at the desk (no consent needed), approved.
    func registeredForTheElder(_ f: ExchangeFixture) throws -> Listing {
        let posted = try f.listings.post(ListingFixture.item("旧轮椅"), as: f.listings.admin, owner: f.neighbour.memberID, note: "本人电话同意")
        let review = try #require(posted.review)
        _ = try f.listings.claim(review.id, as: f.listings.moderatorA)
        return try f.listings.decide(review.id, ReviewDecision(decision: .approve), as: f.listings.moderatorA).listing
    }

    /// (a) An admin posted the elder's listing at the desk (no consent needed): a report about it
    /// is not theirs to decide.
    @Test func whoRegisteredTheListingDoesNotDecideItsCase() throws {
        let f = try ExchangeFixture()
        let listing = try registeredForTheElder(f)
        try refusedToTheAdmin(f, try report(f, listing, by: f.resident), "moderation.registered_for_member")
    }

    /// (a) on appeal: the listing the admin registered was taken down by another moderator; its
    /// owner's appeal is not the admin's to decide either.
    @Test func whoRegisteredTheListingDoesNotDecideTheAppeal() throws {
        let f = try ExchangeFixture()
        let admin = f.listings.admin
        let listing = try registeredForTheElder(f)
        let id = try report(f, listing, by: f.resident)
        let action = try #require(try f.listings.claimAndResolve(id, [.init(kind: .removeListing)], as: f.moderator).first)
        let appeal = try f.store.transactionSync { tx in
            try AppealCommands.file(
                tx, principal: f.neighbour, action: action.id, text: "轮椅是真的", policies: TrustPolicies(), actor: .member(f.neighbour, requestID: nil))
        }
        #expect(code {
            _ = try f.store.transactionSync { tx in
                try AppealCommands.decide(
                    tx, principal: admin, id: appeal.id, overturn: true, reason: "核实无误", limits: .standard, listings: f.listings.services,
                    actor: .member(admin, requestID: nil))
            }
        } == "moderation.registered_for_member")
    }

    /// (b) A compensation is not ordered to a resident the decider acts for.
    @Test func aCompensationIsNotOrderedToSomeoneTheDeciderActsFor() throws {
        let f = try ExchangeFixture()
        let admin = f.listings.admin
        try consent(f, of: f.neighbour, naming: admin.memberID)
        _ = try f.accept(try f.request(try f.offer("折叠梯"))).exchange  // the neighbour's exchange with the resident
        let id = try f.listings.fileReport(about: f.resident.memberID, as: f.staff).id
        let refused = #expect(throws: DomainError.self) {
            try f.listings.claimAndResolve(id, [.init(kind: .compensate, points: 10, victimID: f.neighbour.memberID)], as: admin)
        }
        #expect(refused?.code == "moderation.acts_for_member" && refused?.parameters["decision"] == "compensation")
    }

    /// (b) The reporter's agent does not judge her report.
    @Test func theReportersAgentDoesNotDecideTheCase() throws {
        let f = try ExchangeFixture()
        try consent(f, of: f.neighbour, naming: f.listings.admin.memberID)
        let id = try report(f, try f.offer("折叠梯"), by: f.neighbour)
        try refusedToTheAdmin(f, id, "case.reported_by_someone_you_act_for")
    }

    /// The admin may not claim the case (`code`); a moderator with no stake may.
    func refusedToTheAdmin(_ f: ExchangeFixture, _ id: CaseID, _ expected: String) throws {
        #expect(code { try claim(f, id, as: f.listings.admin) } == expected)
        try claim(f, id, as: f.moderator)
    }

    /// (d) Deciding a case releases the points it holds frozen: not by the agent of a side.
    @Test func theAgentOfAFrozenExchangesSideDoesNotDecideTheCase() throws {
        let f = try ExchangeFixture()
        let admin = f.listings.admin
        try consent(f, of: f.neighbour, naming: admin.memberID)
        _ = try f.accept(try f.request(try f.offer("折叠梯"))).exchange
        _ = try f.store.transactionSync { tx in
            try FraudSignalCommands.record(
                tx, community: f.resident.communityID,
                signals: [FraudSignal(
                    type: .ring, score: 90, subjects: [f.resident.memberID], evidence: SignalEvidence(exchanges: ["trf_3"]), at: f.clock.now(),
                    explanationZH: "测试", explanationEN: "test")],
                freezeAtScore: 80)
        }
        let id = CaseID(trusted: try f.base.database.readSync { db in try String.fetchOne(db, sql: "SELECT id FROM trust_cases")! })
        #expect(try f.base.count("SELECT COUNT(*) FROM exchange_freezes WHERE lifted_at IS NULL") == 1)
        try refusedToTheAdmin(f, id, "moderation.acts_for_member")
    }
}
