import Foundation
import GRDB
import LinliDomain
@testable import LinliStore
import Testing

/// A resident's standing consent that a station staff member acts for her (`ProxyConsent`), over a
/// real database: what it opens (her own exchanges and listings), what ends it (withdrawal, the
/// end date, a staff role), who may give, record and read it, and that she hears about it.
@Suite struct ProxyConsentTests {
    func code(_ body: () throws -> Void) -> String? { ExchangeFixture.errorCode(body) }

    func grant(
        _ f: ExchangeFixture, member: MemberID? = nil, agent: MemberID? = nil, expiresAt: Date? = nil, note: String? = nil,
        as principal: Principal? = nil
    ) throws -> ProxyConsent {
        let principal = principal ?? f.neighbour
        return try f.store.transactionSync { tx in
            try ProxyConsentCommands.grant(
                tx, principal: principal,
                input: NewProxyConsentInput(memberID: member, agentID: agent ?? f.staff.memberID, expiresAt: expiresAt, note: note),
                actor: f.actor(principal))
        }
    }

    func revoke(_ f: ExchangeFixture, _ consent: ProxyConsent, reason: String? = nil, as principal: Principal) throws -> ProxyConsent {
        try f.store.transactionSync { tx in
            try ProxyConsentCommands.revoke(
                tx, principal: principal, id: consent.id, input: ProxyRevocationInput(reason: reason), expectedVersion: nil,
                actor: f.actor(principal))
        }
    }

    func inbox(_ f: ExchangeFixture, _ member: MemberID) throws -> [String] {
        try f.base.database.readSync { db in
            try String.fetchAll(db, sql: "SELECT kind FROM member_notifications WHERE member_id = ? ORDER BY id", arguments: [member.rawValue])
        }
    }

    /// Why the consent cannot be used now, as its view shows it (`ProxyConsentCommands.pauses`).
    func pause(_ f: ExchangeFixture, _ consent: ProxyConsent) throws -> ProxyConsentPause? {
        try f.base.database.readSync { db in
            try ProxyConsentCommands.pauses(db, community: consent.communityID, consents: [consent], at: f.clock.now())
        }[consent.id]
    }

    /// An exchange the neighbour (the elder) requested herself on the resident's offer, accepted.
    func elderOwnExchange(_ f: ExchangeFixture) throws -> Exchange {
        try f.accept(try f.request(try f.offer())).exchange
    }

    /// The gap this closes: the elder asked on her own phone, then cannot confirm the hand-over
    /// herself. Without her consent the staff member at the desk cannot even see the exchange;
    /// with it they confirm it for her, audited as acting for her, and the points move once.
    @Test func staffConfirmForAnElderOnlyOnceSheConsented() throws {
        let f = try ExchangeFixture()
        let exchange = try elderOwnExchange(f)
        #expect(code { _ = try f.complete(exchange, as: f.staff) } == "exchange.not_found")

        let consent = try grant(f)
        #expect(consent.basis == .member && consent.grantedBy == f.neighbour.memberID)
        #expect(consent.expiresAt == f.clock.now().addingTimeInterval(365 * 86_400))
        let completed = try f.complete(exchange, as: f.staff)
        #expect(completed.state == .completed)
        #expect(try f.balance(f.neighbour.memberID) == -exchange.points)
        #expect(try f.balance(f.resident.memberID) == exchange.points)

        let audit = try f.base.database.readSync { db in
            try Row.fetchOne(
                db, sql: "SELECT actor_id, on_behalf_of, actor_token_id FROM audit_entries WHERE action = 'exchange.completed' AND target_id = ?",
                arguments: [exchange.id.rawValue])
        }
        #expect(audit?["actor_id"] == f.staff.memberID.rawValue)
        #expect(audit?["on_behalf_of"] == f.neighbour.memberID.rawValue)
        #expect(audit?["actor_token_id"] == f.staff.tokenID.rawValue, "the desk's token is recorded for an action for her too")
        #expect(try f.verify().isClean)
        // Even her own grant is confirmed in her inbox (a token staff issued for her looks like
        // hers), without a recorder. The grant is audited on her.
        let told = try f.base.database.readSync { db in
            try MemberNotifications.list(db, principal: f.neighbour, unreadOnly: true, page: PageRequest(after: nil, limit: 5))
        }.items.filter { $0.kind == .proxyRecordedForYou }
        #expect(told.count == 1)
        #expect(told.first?.text(in: .zhCN).hasPrefix("您已授权") == true)
        #expect(try f.base.count("SELECT COUNT(*) FROM audit_entries WHERE action = 'proxy.granted' AND target_id = ?", [f.neighbour.memberID.rawValue]) == 1)
    }

    enum Who: Sendable { case elder, staff, admin }

    struct Ending: Sendable, CustomTestStringConvertible {
        let name: String
        /// Who withdraws it (`nil`: nobody; the clock passes the end instead).
        let by: Who?
        /// Whether the elder is told in her inbox.
        let told: Bool
        var testDescription: String { name }
    }

    static let endings: [Ending] = [
        Ending(name: "she withdraws it herself", by: .elder, told: false),
        Ending(name: "the staff member gives it up", by: .staff, told: true),
        Ending(name: "an admin withdraws it at her request", by: .admin, told: true),
        Ending(name: "its end passes", by: nil, told: false),
    ]

    /// Once a consent ends, by whoever's hand or by its date, the staff member is an outsider to
    /// her exchange again; what they did before stays done.
    @Test(arguments: endings)
    func anEndedConsentNoLongerOpensHerExchanges(_ ending: Ending) throws {
        let f = try ExchangeFixture()
        let exchange = try elderOwnExchange(f)
        let consent = try grant(f, expiresAt: f.clock.now().addingTimeInterval(7 * 86_400))
        #expect(try f.base.database.readSync { db in
            try ExchangeQueries.fetch(db, principal: f.staff, id: exchange.id, now: f.clock.now())
        }.id == exchange.id)

        if let by = ending.by {
            let principal = switch by { case .elder: f.neighbour; case .staff: f.staff; case .admin: f.listings.admin }
            let revoked = try revoke(f, consent, reason: "家人已能代为操作", as: principal)
            #expect(revoked.state(at: f.clock.now()) == .revoked && revoked.revokedBy == principal.memberID)
            #expect(code { _ = try revoke(f, revoked, as: f.neighbour) } == "proxy.not_active")
        } else {
            f.clock.advance(by: 7 * 86_400)
        }
        #expect(code { _ = try f.complete(exchange, as: f.staff) } == "exchange.not_found")
        #expect(try inbox(f, f.neighbour.memberID).contains("proxy_revoked") == ending.told)
        if case .staff? = ending.by {
            // She hears that the agent gave it up, not only that it "was withdrawn" (helper 162 #7).
            let told = try #require(try f.notices(of: f.neighbour.memberID, kind: .proxyRevoked).last)
            #expect(told.parameters["cause"] == "agent_gave_up")
            #expect(told.text(in: .zhCN).contains("结束了您对其的代办授权，今后不能再代您办理。原因：家人已能代为操作。"), "\(told.text(in: .zhCN))")
        }
        // She confirms herself, as always.
        #expect(try f.complete(exchange, as: f.neighbour).state == .completed)
    }

    /// The owner's consent lets the staff member answer requests on her listing, and the
    /// requester's lets them confirm; when both consented to the same person they act for the
    /// requester only, so nobody both agrees to and confirms one trade.
    @Test func bothSidesConsentedActsForTheRequesterOnly() throws {
        let f = try ExchangeFixture()
        let offered = try f.request(try f.offer("电饭煲"))
        _ = try grant(f, as: f.resident)
        #expect(try f.accept(offered, as: f.staff).exchange.state == .accepted)

        let second = try f.request(try f.offer("台灯"))
        _ = try grant(f, as: f.neighbour)
        #expect(code { _ = try f.accept(second, as: f.staff) } == "exchange.not_your_part")
        #expect(try f.accept(second, as: f.resident).exchange.state == .accepted)
        #expect(try f.complete(second, as: f.staff).state == .completed)
        #expect(try f.verify().isClean)
    }

    /// A consent does not make the staff member her voice against their own household: with the
    /// owner living with them, they cannot confirm for the elder who requested from that owner.
    @Test func aConsentDoesNotApplyAgainstTheAgentsHousehold() throws {
        let f = try ExchangeFixture()
        let exchange = try elderOwnExchange(f)
        let consent = try grant(f)
        #expect(try pause(f, consent) == nil)
        #expect(try f.base.database.readSync { db in
            try ExchangeQueries.fetch(db, principal: f.staff, id: exchange.id, now: f.clock.now())
        }.id == exchange.id)
        let home = try f.store.transactionSync { tx in
            try HouseholdCommands.create(
                tx, community: f.staff.communityID, input: NewHouseholdInput(name: "3号楼 202", area: nil), principal: nil, actor: .commandLine)
        }
        try f.sql(
            "UPDATE members SET household_id = ? WHERE id IN (?, ?)", [home.id.rawValue, f.resident.memberID.rawValue, f.staff.memberID.rawValue])
        #expect(code { _ = try f.complete(exchange, as: f.staff) } == "exchange.not_found")
        // Nor is it listed for them (it would answer 404 when opened).
        #expect(try f.base.database.readSync { db in
            try ExchangeQueries.list(db, principal: f.staff, state: nil, page: PageRequest(after: nil, limit: 50), now: f.clock.now())
        }.items.isEmpty)
    }

    /// Session 30 review: staff accepting for the payer (her request for help, under her consent)
    /// heard her exact balance in the refusal, unrecorded; now, as the owner does, that the points
    /// cannot be held. Her balance stays one recorded read away.
    @Test func staffAcceptingForThePayerDoNotHearHerBalance() throws {
        let f = try ExchangeFixture(limits: LedgerLimits(creditLimit: 10, warningThreshold: 5, organizerDailyRewardCap: 300, memberDailyRewardCap: 60, maxTransferAmount: 100_000))
        _ = try grant(f)
        let asked = try f.timeListing(direction: .request, minutes: 240, as: f.neighbour)
        let answer = try f.request(asked, as: f.resident)
        var thrown: DomainError?
        do { _ = try f.accept(answer, as: f.staff) } catch let error as DomainError { thrown = error }
        #expect(thrown?.code == "exchange.payer_cannot_cover")
        #expect(thrown?.parameters["balance"] == nil && thrown?.parameters["available"] == nil)
        // She accepting herself hears her own.
        #expect(code { _ = try f.accept(answer, as: f.neighbour) } == "ledger.credit_limit_exceeded")
    }

    /// Review of session 19: the household exclusion of consents was bypassed through the older
    /// registered path, staff requesting for a resident on a housemate's listing (the resident's
    /// points to the staff member's home). Refused like their own listing.
    @Test func staffDoNotRequestForAResidentOnAHousematesListing() throws {
        let f = try ExchangeFixture()
        let listing = try f.offer()
        let home = try f.store.transactionSync { tx in
            try HouseholdCommands.create(
                tx, community: f.staff.communityID, input: NewHouseholdInput(name: "3号楼 202", area: nil), principal: nil, actor: .commandLine)
        }
        #expect(try f.request(listing, as: f.staff, for: f.neighbour.memberID).state == .requested)
        try f.sql(
            "UPDATE members SET household_id = ? WHERE id IN (?, ?)", [home.id.rawValue, f.resident.memberID.rawValue, f.staff.memberID.rawValue])
        let other = try f.offer("台灯")
        #expect(code { _ = try f.request(other, as: f.staff, for: f.neighbour.memberID) } == "exchange.proxy_own_household")
    }

    /// Review of session 21: work staff registered for a resident carries the limits of a consent.
    /// Once the other side is the staff member's housemate they no longer act in it (they would
    /// confirm their family's trade with her points), nor once she is suspended.
    @Test(arguments: [false, true])
    func registeredWorkStopsAtTheStaffHomeAndWhenSheIsSuspended(suspended: Bool) throws {
        let f = try ExchangeFixture()
        let listing = try f.offer()
        let registered = try f.request(listing, as: f.staff, for: f.neighbour.memberID)
        let accepted = try f.accept(registered).exchange
        #expect(try f.base.database.readSync { db in
            try ExchangeQueries.fetch(db, principal: f.staff, id: accepted.id, now: f.clock.now())
        }.id == accepted.id, "staff carry on what they registered")
        if suspended {
            try f.sql("UPDATE members SET status = 'suspended' WHERE id = ?", [f.neighbour.memberID.rawValue])
        } else {
            let home = try f.store.transactionSync { tx in
                try HouseholdCommands.create(
                    tx, community: f.staff.communityID, input: NewHouseholdInput(name: "3号楼 202", area: nil), principal: nil,
                    actor: .commandLine)
            }
            try f.sql(
                "UPDATE members SET household_id = ? WHERE id IN (?, ?)", [home.id.rawValue, f.resident.memberID.rawValue, f.staff.memberID.rawValue])
        }
        #expect(code { _ = try f.complete(accepted, as: f.staff) } == "exchange.not_found")
    }

    /// Review of session 21: an admin acting for her by her consent records the other side's
    /// no-show, never hers (it charged her the penalty and a mark, audited as done for her).
    @Test func anAdminActingForHerDoesNotRecordHerAbsent() throws {
        let f = try ExchangeFixture()
        let admin = f.listings.admin
        let exchange = try elderOwnExchange(f)
        _ = try grant(f, agent: admin.memberID)
        #expect(code { _ = try f.noShow(exchange, as: admin, absent: f.neighbour.memberID) } == "validation_failed")
    }

    /// Review of session 19: an admin can be an agent and also judges. Having acted for her, they
    /// may not resolve the dispute they opened in her name, even after giving the consent up, nor
    /// review her listing.
    @Test func anAgentNeverJudgesWhatTheyDidForHer() throws {
        let f = try ExchangeFixture()
        let admin = f.listings.admin
        let exchange = try elderOwnExchange(f)
        let consent = try grant(f, agent: admin.memberID)
        let disputed = try f.dispute(exchange, as: admin)
        #expect(disputed.state == .disputed && disputed.disputedBy == f.neighbour.memberID)
        _ = try revoke(f, consent, as: admin)
        #expect(code { _ = try f.resolve(disputed, ExchangeResolutionInput(outcome: .refund, note: "物品损坏"), as: admin) }
            == "exchange.not_your_part")
        #expect(try f.resolve(disputed, ExchangeResolutionInput(outcome: .refund, note: "物品损坏")).state == .resolved)

        let change = try f.listings.post(ListingFixture.item("收音机"), as: f.neighbour)
        let review = try #require(change.review)
        #expect(code { _ = try f.listings.claim(review.id, as: admin) } == "review.own_listing")
    }

    /// Review of session 21: nor does a former agent record a no-show in her exchange (it moves
    /// the hold and charges a penalty), after the consent ended; another moderator may.
    @Test func aFormerAgentDoesNotRecordANoShowInHerExchange() throws {
        let f = try ExchangeFixture()
        let admin = f.listings.admin
        let exchange = try elderOwnExchange(f)
        _ = try revoke(f, try grant(f, agent: admin.memberID), as: admin)
        #expect(code { _ = try f.noShow(exchange, as: admin, absent: f.resident.memberID) } == "exchange.not_your_part")
        #expect(code { _ = try f.noShow(exchange, as: f.moderator, absent: f.resident.memberID) } == "exchange.too_early")
    }

    /// Nor does a station worker since made moderator judge the exchange they requested for her.
    @Test func aWorkerMadeModeratorDoesNotJudgeWhatTheyRequestedForHer() throws {
        let f = try ExchangeFixture()
        let asked = try f.request(try f.offer(as: f.resident), as: f.staff, for: f.neighbour.memberID)
        let disputed = try f.dispute(try f.accept(asked).exchange, as: f.neighbour)
        let promoted = Principal(communityID: f.staff.communityID, memberID: f.staff.memberID, role: .moderator, tokenID: f.staff.tokenID)
        #expect(code { _ = try f.resolve(disputed, ExchangeResolutionInput(outcome: .refund, note: "物品损坏"), as: promoted) }
            == "exchange.not_your_part")
        #expect(try f.resolve(disputed, ExchangeResolutionInput(outcome: .refund, note: "物品损坏")).state == .resolved)
    }

    /// Staff list the exchanges of residents whose consent they hold, as they list those they
    /// registered; not before, and not after it ends.
    @Test func staffListTheirConsentingResidentsExchanges() throws {
        let f = try ExchangeFixture()
        let exchange = try elderOwnExchange(f)
        func listed() throws -> [ExchangeID] {
            try f.base.database.readSync { db in
                try ExchangeQueries.list(db, principal: f.staff, state: nil, page: PageRequest(after: nil, limit: 50), now: f.clock.now())
            }.items.map(\.id)
        }
        #expect(try listed().isEmpty)
        let consent = try grant(f)
        #expect(try listed() == [exchange.id])
        _ = try revoke(f, consent, as: f.neighbour)
        #expect(try listed().isEmpty)
    }

    /// Her consent covers her listings too: the staff member sees her draft, edits it and sends
    /// it to review for her, and her drafts show when they browse hers.
    @Test func consentOpensHerListingsToTheStaffMember() throws {
        let f = try ExchangeFixture()
        let draft = try f.listings.post(ListingFixture.item("轮椅"), as: f.neighbour, submit: false).listing
        func fetch() throws -> Listing {
            try f.base.database.readSync { db in try ListingQueries.fetch(db, principal: f.staff, id: draft.id, now: f.clock.now()) }
        }
        func browse() throws -> [ListingID] {
            try f.base.database.readSync { db in
                try ListingQueries.browse(
                    db, principal: f.staff, filter: ListingFilter(ownerID: f.neighbour.memberID), page: PageRequest(after: nil, limit: 10),
                    now: f.clock.now())
            }.items.map(\.id)
        }
        #expect(code { _ = try fetch() } == "listing.not_found")
        #expect(try browse().isEmpty)

        _ = try grant(f)
        #expect(try fetch().id == draft.id)
        #expect(try browse() == [draft.id])
        let submitted = try f.store.transactionSync { tx in
            try ListingCommands.submit(
                tx, principal: f.staff, id: draft.id, expectedVersion: nil, services: f.listings.services, actor: f.actor(f.staff))
        }
        #expect(submitted.listing.status == .pendingReview)
        let onBehalf = try f.base.database.readSync { db in
            try String.fetchOne(
                db, sql: "SELECT on_behalf_of FROM audit_entries WHERE action = 'listing.submitted' AND target_id = ?",
                arguments: [draft.id.rawValue])
        }
        #expect(onBehalf == f.neighbour.memberID.rawValue)
    }

    /// Recorded at the desk: only staff who record consents may, the note says on what it rests,
    /// and she hears it in her inbox so a consent she never gave cannot go unnoticed.
    @Test func aConsentRecordedAtTheDeskIsToldToTheResident() throws {
        let f = try ExchangeFixture()
        #expect(code { _ = try grant(f, member: f.neighbour.memberID, note: "代办授权书 2026-031", as: f.resident) } == "forbidden")
        #expect(code { _ = try grant(f, member: f.neighbour.memberID, as: f.staff) } == "validation_failed")
        let consent = try grant(f, member: f.neighbour.memberID, note: "代办授权书 2026-031，女儿在场", as: f.staff)
        #expect(consent.basis == .inPerson && consent.grantedBy == f.staff.memberID && consent.memberID == f.neighbour.memberID)
        #expect(try inbox(f, f.neighbour.memberID) == ["proxy_recorded_for_you"])
        let notification = try f.base.database.readSync { db in
            try MemberNotifications.list(db, principal: f.neighbour, unreadOnly: true, page: PageRequest(after: nil, limit: 5))
        }.items.first
        #expect(notification?.text(in: .zhCN).contains("代办授权") == true)
    }

    struct Refusal: Sendable, CustomTestStringConvertible {
        let name: String
        let code: String
        /// The field pointer and reason of a validation failure.
        let field: String?
        let reason: String?
        let attempt: @Sendable (ProxyConsentTests, ExchangeFixture) throws -> Void
        var testDescription: String { name }
    }

    static let refusals: [Refusal] = [
        Refusal(name: "the agent is a resident", code: "validation_failed", field: "/agent_id", reason: "proxy.agent_not_staff") { t, f in
            _ = try t.grant(f, agent: f.resident.memberID)
        },
        Refusal(name: "the agent does not exist", code: "validation_failed", field: "/agent_id", reason: nil) { t, f in
            _ = try t.grant(f, agent: MemberID(trusted: "mem_00000000000000000000000000"))
        },
        Refusal(name: "the end has passed", code: "validation_failed", field: "/expires_at", reason: "proxy.expiry_passed") { t, f in
            _ = try t.grant(f, expiresAt: f.clock.now().addingTimeInterval(-60))
        },
        Refusal(name: "the end is more than a year away", code: "validation_failed", field: "/expires_at", reason: "proxy.expiry_too_far") { t, f in
            _ = try t.grant(f, expiresAt: f.clock.now().addingTimeInterval(367 * 86_400))
        },
        Refusal(name: "a moderator consents for themselves", code: "proxy.member_not_resident", field: nil, reason: nil) { t, f in
            _ = try t.grant(f, as: f.moderator)
        },
        Refusal(name: "the same consent twice", code: "proxy.already_granted", field: nil, reason: nil) { t, f in
            _ = try t.grant(f)
            _ = try t.grant(f)
        },
    ]

    @Test(arguments: refusals)
    func refusedConsents(_ refusal: Refusal) throws {
        let f = try ExchangeFixture()
        var thrown: DomainError?
        do { try refusal.attempt(self, f) } catch let error as DomainError { thrown = error }
        #expect(thrown?.code == refusal.code)
        if let field = refusal.field {
            let issue = thrown?.fieldIssues.first
            #expect(issue?.pointer == field)
            #expect(issue?.parameters["reason"] == refusal.reason)
        }
    }

    /// A suspended staff member cannot be named; one who later loses the staff role keeps the
    /// record but can no longer use it, and a resident who takes a staff role stops being acted for.
    @Test func rolesDecideWhetherAConsentCanBeUsed() throws {
        let f = try ExchangeFixture()
        let (_, other) = try f.base.member("周站长", role: .stationStaff, in: f.listings.admin)
        try f.store.transactionSync { tx in
            _ = try MemberCommands.changeStatus(
                tx, principal: f.listings.admin, id: other.memberID,
                input: StatusChangeInput(status: .suspended, reason: "调查中", until: f.clock.now().addingTimeInterval(86_400)),
                expectedVersion: nil, actor: f.actor(f.listings.admin))
        }
        var thrown: DomainError?
        do { _ = try grant(f, agent: other.memberID) } catch let error as DomainError { thrown = error }
        #expect(thrown?.fieldIssues.first?.parameters["reason"] == "proxy.agent_inactive")

        let exchange = try elderOwnExchange(f)
        let consent = try grant(f)
        #expect(try f.base.database.readSync { db in
            try ExchangeQueries.fetch(db, principal: f.staff, id: exchange.id, now: f.clock.now())
        }.id == exchange.id)
        try f.store.transactionSync { tx in
            _ = try MemberCommands.changeRole(
                tx, principal: f.listings.admin, id: f.neighbour.memberID, input: RoleChangeInput(role: .organizer, reason: "担任楼长"),
                expectedVersion: nil, actor: f.actor(f.listings.admin))
        }
        #expect(code { _ = try f.complete(exchange, as: f.staff) } == "exchange.not_found")
        // The role change ended it (session 22: it used to pause and come back with the role),
        // and she was told why.
        let ended = try f.base.database.readSync { db in try ProxyConsentCommands.fetchVisible(db, principal: f.listings.admin, id: consent.id) }
        #expect(ended.state(at: f.clock.now()) == .revoked && ended.revokedBy == f.listings.admin.memberID)
        #expect(try inbox(f, f.neighbour.memberID).last == "proxy_revoked")
        // A role written outside the service (an import) pauses a consent instead, and its view
        // says why it cannot be used (session 20).
        try f.sql("UPDATE members SET role = 'resident' WHERE id = ?", [f.neighbour.memberID.rawValue])
        let second = try grant(f)
        try f.sql("UPDATE members SET role = 'organizer' WHERE id = ?", [f.neighbour.memberID.rawValue])
        #expect(try pause(f, second) == .memberNotResident)
        try f.sql("UPDATE members SET role = 'moderator' WHERE id = ?", [f.staff.memberID.rawValue])
        try f.sql("UPDATE members SET role = 'resident' WHERE id = ?", [f.neighbour.memberID.rawValue])
        #expect(try pause(f, second) == .agentNotStaff)
        // Expired or withdrawn consents say nothing of pauses: they ended.
        f.clock.advance(by: 366 * 86_400)
        #expect(try pause(f, second) == nil)
    }

    /// Session 22: an agent who leaves the staff role ends every consent naming them, each told
    /// to its resident; taken on again, they hold none of them.
    @Test func anAgentWhoLeavesTheStaffRoleEndsTheirConsents() throws {
        let f = try ExchangeFixture()
        let exchange = try elderOwnExchange(f)
        let consent = try grant(f)
        func setRole(_ role: Role) throws {
            try f.store.transactionSync { tx in
                _ = try MemberCommands.changeRole(
                    tx, principal: f.listings.admin, id: f.staff.memberID, input: RoleChangeInput(role: role, reason: "岗位调整"),
                    expectedVersion: nil, actor: f.actor(f.listings.admin))
            }
        }
        try setRole(.resident)
        try setRole(.stationStaff)
        #expect(code { _ = try f.complete(exchange, as: f.staff) } == "exchange.not_found")
        let ended = try f.base.database.readSync { db in try ProxyConsentCommands.fetchVisible(db, principal: f.listings.admin, id: consent.id) }
        #expect(ended.state(at: f.clock.now()) == .revoked)
        let told = try f.base.database.readSync { db in
            try MemberNotifications.list(db, principal: f.neighbour, unreadOnly: false, page: PageRequest(after: nil, limit: 20)).items
        }.filter { $0.kind == .proxyRevoked }
        #expect(told.count == 1)
        #expect(told.first?.text(in: .en) == "陈静 no longer holds a staff role, so your consent that they act for you has ended. If you still need someone to act for you, give your consent to another staff member.")
    }

    /// Review of session 19: a banned staff member kept `proxy.read` and `proxy.record` on the
    /// routes left open to inactive members (read every consent's note, withdraw every elder's
    /// consent); and a suspended resident could still be acted for. Neither holds any more.
    @Test func inactivePeopleNeitherActNorSeeAllConsents() throws {
        let f = try ExchangeFixture()
        let exchange = try elderOwnExchange(f)
        let consent = try grant(f)
        let (_, other) = try f.base.member("周站长", role: .stationStaff, in: f.listings.admin)
        let banned = Principal(
            communityID: other.communityID, memberID: other.memberID, role: .stationStaff, tokenID: other.tokenID, active: false)
        #expect(try f.base.database.readSync { db in
            try ProxyConsentCommands.list(db, principal: banned, filter: .init(), now: f.clock.now(), page: PageRequest(after: nil, limit: 10))
        }.items.isEmpty)
        #expect(code { _ = try f.base.database.readSync { db in try ProxyConsentCommands.fetchVisible(db, principal: banned, id: consent.id) } }
            == "proxy.not_found")
        #expect(code { _ = try revoke(f, consent, as: banned) } == "proxy.not_found")

        try f.store.transactionSync { tx in
            _ = try MemberCommands.changeStatus(
                tx, principal: f.listings.admin, id: f.neighbour.memberID,
                input: StatusChangeInput(status: .suspended, reason: "调查中", until: f.clock.now().addingTimeInterval(86_400)),
                expectedVersion: nil, actor: f.actor(f.listings.admin))
        }
        #expect(code { _ = try f.complete(exchange, as: f.staff) } == "exchange.not_found")
        #expect(try pause(f, consent) == .memberInactive)
        #expect(code { _ = try grant(f, member: f.neighbour.memberID, agent: other.memberID, note: "书面授权", as: f.staff) }
            == "proxy.member_inactive")
        // Reinstated when the suspension ends: the consent applies again.
        f.clock.advance(by: 2 * 86_400)
        #expect(try pause(f, consent) == nil)
        #expect(try f.complete(exchange, as: f.staff).state == .completed)
    }

    /// Who sees a consent: she, the agent, and staff who read every consent; a neighbour gets
    /// "not found" for it and lists only her own.
    @Test func onlyThoseConcernedSeeAConsent() throws {
        let f = try ExchangeFixture()
        let consent = try grant(f)
        func fetch(_ principal: Principal) throws -> ProxyConsent {
            try f.base.database.readSync { db in try ProxyConsentCommands.fetchVisible(db, principal: principal, id: consent.id) }
        }
        func list(_ principal: Principal) throws -> [ProxyConsentID] {
            try f.base.database.readSync { db in
                try ProxyConsentCommands.list(
                    db, principal: principal, filter: .init(state: .active), now: f.clock.now(), page: PageRequest(after: nil, limit: 10))
            }.items.map(\.id)
        }
        #expect(try fetch(f.neighbour).id == consent.id)
        #expect(try fetch(f.staff).id == consent.id)
        #expect(try fetch(f.moderator).id == consent.id)
        #expect(code { _ = try fetch(f.resident) } == "proxy.not_found")
        #expect(try list(f.resident).isEmpty)
        #expect(try list(f.neighbour) == [consent.id])
        #expect(try list(f.moderator) == [consent.id])
        // A neighbour cannot withdraw it either (she cannot see it).
        #expect(code { _ = try revoke(f, consent, as: f.resident) } == "proxy.not_found")
    }

    /// Helper 127: right after the resident withdrew her consent in the app, the staff member
    /// recorded a new one at the desk naming herself, and it was in force. Now recording a consent
    /// naming oneself for a resident who herself once withdrew one naming you is 409
    /// `proxy.withdrawn_by_member`; another member of staff records it, or she gives it herself.
    @Test func aConsentSheWithdrewIsNotReRecordedByItsAgent() throws {
        let f = try ExchangeFixture()
        let given = try grant(f)
        _ = try revoke(f, given, reason: "不想再让她代办", as: f.neighbour)
        let refused = #expect(throws: DomainError.self) {
            _ = try grant(f, member: f.neighbour.memberID, note: "表格004", as: f.staff)
        }
        #expect(refused?.code == "proxy.withdrawn_by_member" && refused?.instants["revoked_at"] != nil)
        #expect(try f.base.count("SELECT COUNT(*) FROM proxy_consents WHERE revoked_at IS NULL") == 0)
        let (_, other) = try f.base.member("周站长", role: .stationStaff, in: f.listings.admin)
        let recorded = try grant(f, member: f.neighbour.memberID, note: "本人到场，表格005", as: other)
        #expect(recorded.revokedAt == nil)
        _ = try revoke(f, recorded, reason: "本人到站要求撤销", as: other)
        #expect(try grant(f).revokedAt == nil, "she may give it again herself")
    }

    /// A consent given up by its agent does not bar the agent from recording a new one; one other
    /// staff withdrew at the desk, at her request, does (helper 130).
    @Test func aConsentTheAgentGaveUpMayBeRecordedAgain() throws {
        let f = try ExchangeFixture()
        _ = try revoke(f, try grant(f), as: f.staff)
        let recorded = try grant(f, member: f.neighbour.memberID, note: "表格004", as: f.staff)
        #expect(recorded.revokedAt == nil)
        let (_, other) = try f.base.member("周站长", role: .stationStaff, in: f.listings.admin)
        _ = try revoke(f, recorded, reason: "本人到站要求撤销", as: other)
        #expect(code { _ = try grant(f, member: f.neighbour.memberID, note: "表格006", as: f.staff) } == "proxy.withdrawn_by_member")
    }

    /// Helper 127: a staff member recorded, at the desk, a consent naming herself for her own
    /// housemate. Another member of staff records it (403 `moderation.own_household`).
    @Test func aStaffMemberDoesNotRecordHerHousematesConsentNamingHerself() throws {
        let f = try ExchangeFixture()
        try f.household(of: [f.staff.memberID, f.neighbour.memberID], name: "3号楼 202", area: "南门")
        let refused = #expect(throws: DomainError.self) {
            _ = try grant(f, member: f.neighbour.memberID, note: "表格004", as: f.staff)
        }
        #expect(refused?.code == "moderation.own_household")
        #expect(try grant(f).revokedAt == nil, "she may give it herself")
    }

    /// Helper 132: a consent a role change ended (she took a staff role and left it again) is no
    /// withdrawal: its agent may record a new one at the desk.
    @Test func aConsentARoleChangeEndedMayBeRecordedAgain() throws {
        let f = try ExchangeFixture()
        _ = try grant(f)
        for role in [Role.organizer, .resident] {
            try f.store.transactionSync { tx in
                _ = try MemberCommands.changeRole(
                    tx, principal: f.listings.admin, id: f.neighbour.memberID, input: RoleChangeInput(role: role, reason: "换届"),
                    expectedVersion: nil, actor: f.actor(f.listings.admin))
            }
        }
        #expect(try grant(f, member: f.neighbour.memberID, note: "表格007", as: f.staff).revokedAt == nil)
    }
}
