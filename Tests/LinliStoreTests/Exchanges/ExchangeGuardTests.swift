import Foundation
import GRDB
import LinliDomain
import LinliRules
import LinliTrust
@testable import LinliStore
import Testing

/// Every guard on starting and accepting an exchange, each refused with its own code.
@Suite struct ExchangeGuardTests {
    func code(_ body: () throws -> Void) -> String? { ExchangeFixture.errorCode(body) }

    @Test func notWithYourself() throws {
        let f = try ExchangeFixture()
        let listing = try f.offer()
        #expect(code { _ = try f.request(listing, as: f.resident) } == "exchange.with_self")
    }

    @Test func notWithinAHousehold() throws {
        let f = try ExchangeFixture()
        let listing = try f.offer()
        let household = try f.store.transactionSync { tx in
            try HouseholdCommands.create(
                tx, community: f.resident.communityID, input: NewHouseholdInput(name: "3号楼 201", area: nil), principal: f.listings.admin,
                actor: .commandLine)
        }
        try f.sql("UPDATE members SET household_id = ? WHERE id IN (?, ?)", [household.id.rawValue, f.resident.memberID.rawValue, f.neighbour.memberID.rawValue])
        #expect(code { _ = try f.request(listing) } == "exchange.same_household")
    }

    @Test func suspendedOrBannedMembersCannotStart() throws {
        let f = try ExchangeFixture()
        let listing = try f.offer()
        try f.sql("UPDATE members SET status = 'suspended', suspended_until = NULL WHERE id = ?", [f.neighbour.memberID.rawValue])
        #expect(code { _ = try f.request(listing) } == "exchange.member_inactive")
        try f.sql("UPDATE members SET status = 'active' WHERE id = ?", [f.neighbour.memberID.rawValue])
        let exchange = try f.request(listing)
        // Banned between request and acceptance: caught at acceptance too.
        try f.sql("UPDATE members SET status = 'banned' WHERE id = ?", [f.neighbour.memberID.rawValue])
        #expect(code { _ = try f.accept(exchange) } == "exchange.member_inactive")
        // Named, not only by id (helper 118).
        let refused = try #require(throws: DomainError.self) { _ = try f.accept(exchange) }
        let name = try f.base.database.readSync { db in
            try MemberCommands.fetch(db, community: f.neighbour.communityID, id: f.neighbour.memberID).displayName
        }
        #expect(ErrorCatalog.message(for: refused, in: .zhCN).detail == "\(name)（\(f.neighbour.memberID)）的账号暂停或停用中，暂时不能进行交换。")
    }

    /// Child and elder care needs a real-name-verified provider (category flag from the rules).
    @Test func categoryNeedsVerifiedProvider() throws {
        let f = try ExchangeFixture()
        // The neighbour asks for help; the resident (unverified) offers to provide it.
        let listing = try f.timeListing(direction: .request, category: "elder_care", as: f.neighbour)
        #expect(code { _ = try f.request(listing, as: f.resident) } == "exchange.provider_not_verified")
        try f.sql("UPDATE members SET verified = 1 WHERE id = ?", [f.resident.memberID.rawValue])
        #expect(try f.request(listing, as: f.resident).provider == f.resident.memberID)
    }

    /// A listing whose category the rules in force no longer name (a revision renamed or dropped
    /// it; the listing stays published) cannot tell whether its provider must be verified: nothing
    /// starts or is accepted in it (session 15 review: the flags were skipped, so an unverified
    /// provider could take on elder care).
    @Test func aCategoryTheRulesNoLongerNameStartsNothing() throws {
        let f = try ExchangeFixture()
        let listing = try f.timeListing(direction: .request, category: "elder_care", as: f.neighbour)
        try f.sql("UPDATE members SET verified = 1 WHERE id = ?", [f.resident.memberID.rawValue])
        let early = try f.request(listing, as: f.resident)
        try f.sql("UPDATE members SET verified = 0 WHERE id = ?", [f.resident.memberID.rawValue])
        try f.sql("UPDATE listings SET category_code = 'elder_care_2025' WHERE id = ?", [listing.id.rawValue])
        #expect(code { _ = try f.request(listing, as: f.moderator) } == "exchange.category_not_in_rules")
        #expect(code { _ = try f.accept(early, as: f.neighbour) } == "exchange.category_not_in_rules")
    }

    /// A listing valued outside what one transfer may hold (0 under a rule file without a minimum
    /// cap, or above the ledger's maximum) is refused at the request and at acceptance with a
    /// reason, instead of an acceptance failing in the ledger and the request sitting unanswerable.
    @Test(arguments: [0, 100_001])
    func pointsTheLedgerCannotHoldAreRefusedUpFront(points: Int) throws {
        let f = try ExchangeFixture()
        let listing = try f.offer("旧台灯")
        let early = try f.request(listing)
        try f.sql("UPDATE listings SET points = \(points) WHERE id = ?", [listing.id.rawValue])
        #expect(code { _ = try f.request(listing, as: f.moderator) } == "exchange.points_out_of_range")
        #expect(code { _ = try f.accept(early) } == "exchange.points_out_of_range")
        let message = ErrorCatalog.message(code: "exchange.points_out_of_range", parameters: ["points": "\(points)", "min": "1", "max": "100000", "kind": "item"], in: .en)
        #expect(message.detail.contains("valued at \(points) points"))
    }

    /// Elder care also needs credit level 2 (`min_credit_level` in rules/default.yaml): a verified
    /// provider with two upheld reports (70 − 2 × 8 = 54 < 60) is refused, at request and again at
    /// acceptance, and the score the guard reads is the one the whole community's snapshot gives.
    @Test func categoryNeedsCreditLevel() throws {
        let f = try ExchangeFixture()
        try f.sql("UPDATE members SET verified = 1 WHERE id = ?", [f.resident.memberID.rawValue])
        let listing = try f.timeListing(direction: .request, category: "elder_care", as: f.neighbour)
        let early = try f.request(listing, as: f.resident)
        // A rating from the neighbour, so the rater's standing takes part in the comparison below.
        let rated = try f.complete(try f.accept(try f.request(try f.offer("折叠梯"))).exchange)
        _ = try f.store.transactionSync { tx in
            try RatingCommands.rate(
                tx, principal: f.neighbour, exchange: rated.id, input: RatingInput(stars: 5, comment: "准时"), services: f.services,
                actor: f.actor(f.neighbour))
        }
        for _ in 0..<2 { try upholdReport(f, about: f.resident.memberID) }
        let refusal = code { _ = try f.request(try f.timeListing(direction: .request, category: "elder_care", as: f.neighbour), as: f.resident) }
        #expect(refusal == "exchange.provider_level_too_low")
        #expect(code { _ = try f.accept(early, as: f.neighbour) } == "exchange.provider_level_too_low")

        let (neighbourhood, full) = try Self.liveAndFullScores(f)
        #expect(neighbourhood == full)
        #expect(neighbourhood.level == 1)
        #expect(neighbourhood.components.first { $0.key == .ratings }?.input != RuleDecimal.zero)
    }

    /// Session 28 review (helper 93): the live score read only the member and their raters, so it
    /// could not see that a counterparty who never rated, or two reporters, were related: trades
    /// with a housemate raised it and two housemates' reports of one incident cost twice.
    @Test func theLiveScoreSeesRelatedCounterpartiesAndReporters() throws {
        let f = try ExchangeFixture()
        for title in ["一号梯子", "二号梯子", "三号梯子"] {
            _ = try f.complete(try f.accept(try f.request(try f.offer(title))).exchange)
        }
        let household = try f.store.transactionSync { tx in
            try HouseholdCommands.create(
                tx, community: f.resident.communityID, input: NewHouseholdInput(name: "3号楼 201", area: nil), principal: f.listings.admin,
                actor: .commandLine)
        }
        // Housemates since: the neighbour (who traded with the resident, never rating) and staff.
        try f.sql(
            "UPDATE members SET household_id = ? WHERE id IN (?, ?, ?)",
            [household.id.rawValue, f.resident.memberID.rawValue, f.neighbour.memberID.rawValue, f.staff.memberID.rawValue])
        func scores() throws -> (live: CreditScore, full: CreditScore?) { try Self.liveAndFullScores(f) }
        let traded = try scores()
        #expect(traded.live == traded.full)
        #expect(traded.live.components.first { $0.key == .completedExchanges }?.input == RuleDecimal.zero)
        // The neighbour and a housemate report one incident about the moderator: one case, upheld.
        try f.sql("UPDATE members SET household_id = NULL WHERE id = ?", [f.resident.memberID.rawValue])
        try f.sql("UPDATE members SET household_id = ? WHERE id = ?", [household.id.rawValue, f.staff.memberID.rawValue])
        let policies = TrustPolicies()
        try f.store.transactionSync { tx in
            var filed: ModerationCase?
            for reporter in [f.neighbour, f.staff] {
                filed = try ReportCommands.file(
                    tx, principal: reporter,
                    input: ReportInput(targetType: .member, targetID: f.resident.memberID.rawValue, category: .other, text: "不守约"),
                    policies: policies).moderationCase
            }
            let id = try #require(filed).id
            _ = try CaseCommands.claim(tx, principal: f.moderator, id: id, leaseSeconds: 600, actor: f.actor(f.moderator))
            _ = try CaseCommands.resolve(
                tx, principal: f.moderator, id: id, input: CaseResolutionInput(actions: [.init(kind: .warn)], reason: "查实"),
                policies: policies, services: f.listings.services, limits: .standard, actor: f.actor(f.moderator))
        }
        let reported = try scores()
        #expect(reported.live == reported.full)
        #expect(reported.live.components.first { $0.key == .upheldReports }?.input == RuleDecimal(integer: 1))
    }

    /// Helper 166 #2: a phone the neighbour last used 200 days ago, which the resident uses now,
    /// links nobody (`fingerprint_days` 90), in the live score as in the whole community's: the
    /// live one had read the counterparties' devices of all time and dropped their exchanges.
    @Test func theLiveScoreReadsDevicesInUseOnly() throws {
        let f = try ExchangeFixture()
        func usePhone(_ member: MemberID) throws {
            try f.store.transactionSync { tx in
                let key = try MemberFingerprints.key(tx.db, now: tx.now)
                let phone = MemberFingerprints.hash("8F14E45F-CEEA-467A-9575-0F0E3F6A1B11", kind: .device, key: key)
                try MemberFingerprints.record(tx.db, community: f.resident.communityID, member: member, kind: .device, fingerprint: phone, now: tx.now)
            }
        }
        try usePhone(f.neighbour.memberID)
        f.clock.advance(by: 200 * 86_400)
        try usePhone(f.resident.memberID)
        for title in ["一号梯子", "二号梯子"] {
            _ = try f.complete(try f.accept(try f.request(try f.offer(title))).exchange)
        }
        let (live, full) = try Self.liveAndFullScores(f)
        #expect(live == full)
        #expect(live.components.first { $0.key == .completedExchanges }?.input == RuleDecimal(integer: 2), "\(live.components)")
    }

    /// Session 30 walk: one neighbour could send two waiting requests for the same one-off
    /// listing. The second is refused naming the first; once that is cancelled a new one goes. A
    /// repeatable offer takes several, for several times.
    @Test func aOneOffListingIsRequestedOnceAtATime() throws {
        let f = try ExchangeFixture()
        let listing = try f.offer()
        let first = try f.request(listing)
        var thrown: DomainError?
        do { _ = try f.request(listing) } catch let error as DomainError { thrown = error }
        #expect(thrown?.code == "exchange.already_requested")
        #expect(thrown?.parameters["exchange_id"] == first.id.rawValue)
        _ = try f.cancel(first, as: f.neighbour)
        #expect(try f.request(listing).state == .requested)

        let repeatable = try f.timeListing()
        let start = f.clock.now().addingTimeInterval(86_400)
        _ = try f.request(repeatable, start: start)
        #expect(try f.request(repeatable, start: start.addingTimeInterval(7 * 86_400)).state == .requested)
    }

    /// The resident's score as the API computes it (the neighbourhood snapshot) and from the whole
    /// community's snapshot: the two must agree.
    static func liveAndFullScores(_ f: ExchangeFixture) throws -> (live: CreditScore, full: CreditScore?) {
        try f.base.database.readSync { db in
            let live = try TrustQueries.creditScore(
                db, community: f.resident.communityID, member: f.resident.memberID, now: f.clock.now(), rules: f.listings.services.rules)
            let policy = try TrustPolicies.active(db, community: f.resident.communityID, at: f.clock.now(), rules: f.listings.services.rules)
            let snapshot = try TrustSnapshotQueries.snapshot(
                db, community: f.resident.communityID, exchangesSince: nil, policy: policy.fraud, now: f.clock.now())
            return (live, CreditScorer(policy: policy.creditScore).score(of: f.resident.memberID, in: snapshot, now: f.clock.now()))
        }
    }

    /// Session 30: the live score groups counterparties as the full one does — two housemates of
    /// one other household are one neighbour, so four exchanges with them count three under
    /// rules/default.yaml's `completed_exchange_per_counterparty_cap: 3`.
    @Test func theLiveScoreCapsExchangesPerCounterpartyHousehold() throws {
        let f = try ExchangeFixture()
        let household = try f.store.transactionSync { tx in
            try HouseholdCommands.create(
                tx, community: f.resident.communityID, input: NewHouseholdInput(name: "5号楼 302", area: nil), principal: f.listings.admin,
                actor: .commandLine)
        }
        try f.sql(
            "UPDATE members SET household_id = ? WHERE id IN (?, ?)", [household.id.rawValue, f.neighbour.memberID.rawValue, f.staff.memberID.rawValue])
        for (title, requester) in [("一号梯子", f.neighbour), ("二号梯子", f.staff), ("三号梯子", f.neighbour), ("四号梯子", f.staff)] {
            _ = try f.complete(try f.accept(try f.request(try f.offer(title), as: requester)).exchange, as: requester)
        }
        let (live, full) = try Self.liveAndFullScores(f)
        #expect(live == full)
        #expect(live.countedCompletedExchanges == 3)
    }

    /// Session 28 reviews (helpers 93, 95): a neighbour's credit components (upheld reports,
    /// no-shows) are for the other side of an accepted exchange, and for the owner deciding on a
    /// request, not for anyone who asks for a listing to read its owner's record and cancels.
    @Test func creditComponentsAreForTheOtherSide() throws {
        let f = try ExchangeFixture()
        func may(_ reader: Principal, _ member: Principal) throws -> Bool {
            try f.base.database.readSync { db in
                try TrustQueries.mayReadCreditComponents(db, principal: reader, of: member.memberID, now: f.clock.now())
            }
        }
        #expect(try may(f.neighbour, f.neighbour) && may(f.moderator, f.resident))
        #expect(try !may(f.neighbour, f.resident) && !may(f.resident, f.neighbour))
        let requested = try f.request(try f.offer())
        #expect(try !may(f.neighbour, f.resident), "the requester of a waiting request")
        #expect(try may(f.resident, f.neighbour), "the owner deciding on it")
        _ = try f.accept(requested)
        #expect(try may(f.neighbour, f.resident) && may(f.resident, f.neighbour))
        // The desk explains a resident's score to her under her standing consent.
        #expect(try !may(f.staff, f.neighbour))
        _ = try f.store.transactionSync { tx in
            try ProxyConsentCommands.grant(
                tx, principal: f.neighbour, input: NewProxyConsentInput(memberID: nil, agentID: f.staff.memberID, expiresAt: nil, note: nil),
                actor: f.actor(f.neighbour))
        }
        #expect(try may(f.staff, f.neighbour))
    }

    /// A report about the member, resolved as upheld with a warning.
    func upholdReport(_ f: ExchangeFixture, about member: MemberID) throws {
        let policies = TrustPolicies()
        try f.store.transactionSync { tx in
            let filed = try ReportCommands.file(
                tx, principal: f.neighbour, input: ReportInput(targetType: .member, targetID: member.rawValue, category: .other, text: "不守约"),
                policies: policies)
            _ = try CaseCommands.claim(tx, principal: f.moderator, id: filed.moderationCase.id, leaseSeconds: 600, actor: f.actor(f.moderator))
            _ = try CaseCommands.resolve(
                tx, principal: f.moderator, id: filed.moderationCase.id,
                input: CaseResolutionInput(actions: [.init(kind: .warn)], reason: "查实"), policies: policies, services: f.listings.services,
                limits: .standard, actor: f.actor(f.moderator))
        }
    }

    @Test func openExchangeLimit() throws {
        let f = try ExchangeFixture(rules: ExchangeRules(autoConfirmAfterHours: 72, noShowPenaltyPoints: 5, maxOpenPerMember: 2, recomputeTimeFromActualHours: true))
        _ = try f.request(try f.offer("一号梯子"))
        let second = try f.request(try f.offer("二号梯子"))
        let third = try f.offer("三号梯子")
        let refused = #expect(throws: DomainError.self) { _ = try f.request(third) }
        #expect(refused?.code == "exchange.open_limit_reached")
        // Named as well as numbered: staff acting for her, or the owner accepting, read who it is.
        #expect(refused?.parameters["name"] != nil && refused?.parameters["name"] != refused?.parameters["id"])
        #expect(refused?.parameters["open"] == "2" && refused?.parameters["limit"] == "2")
        let detail = refused.map { ErrorCatalog.message(for: $0, in: .en).detail } ?? ""
        #expect(detail.contains("(\(f.neighbour.memberID.rawValue)) has 2 open exchanges"), "\(detail)")
        // A finished exchange frees a slot.
        _ = try f.cancel(second, as: f.neighbour)
        #expect(try f.request(third).state == .requested)
    }

    @Test func onlyPublishedListings() throws {
        let f = try ExchangeFixture()
        let draft = try f.listings.post(ListingFixture.item("草稿"), submit: false).listing
        // Not visible to the neighbour at all: reported on the field.
        #expect(code { _ = try f.request(draft) } == "validation_failed")
        let listing = try f.offer()
        let first = try f.request(listing)
        let second = try f.request(listing, as: f.staff)
        _ = try f.accept(first)
        // The listing is reserved now: the other request cannot be accepted.
        #expect(code { _ = try f.accept(second) } == "exchange.listing_unavailable")
        // A listing once published and now taken is "unavailable" for everyone, not "absent".
        #expect(code { _ = try f.request(listing) } == "exchange.listing_unavailable")
        #expect(code { _ = try f.request(listing, as: f.moderator) } == "exchange.listing_unavailable")
    }

    /// The hold is refused below the payer's credit limit; nothing else changes.
    @Test func creditLimitEnforcedByTheHold() throws {
        let f = try ExchangeFixture(limits: LedgerLimits(creditLimit: 30, warningThreshold: 25, organizerDailyRewardCap: 300, memberDailyRewardCap: 60, maxTransferAmount: 100_000))
        let first = try f.request(try f.offer("电钻"))
        let listing = try f.offer()
        let exchange = try f.request(listing)
        _ = try f.accept(first)
        // The owner accepting is not the payer, so the refusal does not state the payer's balance.
        #expect(code { _ = try f.accept(exchange) } == "exchange.payer_cannot_cover")
        #expect(try f.listing(listing.id).status == .published)
        #expect(try f.base.database.readSync { db in try ExchangeQueries.fetch(db, principal: f.neighbour, id: exchange.id) }.state == .requested)
    }

    /// Station staff request for a resident, as listings do with `owner_id`: both are audited, and
    /// the staff member can take the resident's later steps in that exchange.
    @Test func stationStaffActForAResident() throws {
        let f = try ExchangeFixture()
        let listing = try f.offer()
        #expect(code { _ = try f.request(listing, as: f.neighbour, for: f.staff.memberID) } == "forbidden")
        let exchange = try f.request(listing, as: f.staff, for: f.neighbour.memberID)
        #expect(exchange.requester == f.neighbour.memberID && exchange.createdBy == f.staff.memberID)
        let onBehalf = try f.base.database.readSync { db in
            try String.fetchOne(db, sql: "SELECT on_behalf_of FROM audit_entries WHERE action = 'exchange.requested' AND actor_id = ?", arguments: [f.staff.memberID.rawValue])
        }
        #expect(onBehalf == f.neighbour.memberID.rawValue)
        let accepted = try f.accept(exchange).exchange
        let done = try f.complete(accepted, as: f.staff)
        #expect(done.state == .completed)
        #expect(try f.balance(f.neighbour.memberID) == -20)
    }

    /// Helper 187 #5: the window was checked when a request was made but not when it was
    /// accepted, so a listing moved from Saturday to Sunday by an approved edit could still be
    /// accepted for Saturday, holding the payer's points for a session no longer offered.
    @Test func acceptingChecksTheListingsWindowAgain() throws {
        let f = try ExchangeFixture()
        let start = f.clock.now().addingTimeInterval(2 * 86_400)
        let listing = try f.fixedTimeListing(start: start)
        let requested = try f.request(listing, start: start)
        // The window moves a day later (as an approved edit moves it).
        let moved = start.addingTimeInterval(86_400)
        try f.sql(
            "UPDATE listings SET start_at = ?, end_at = ? WHERE id = ?",
            [StoredTime.text(moved), StoredTime.text(moved.addingTimeInterval(3600)), listing.id.rawValue])
        let refused = #expect(throws: DomainError.self) { _ = try f.accept(requested) }
        #expect(refused?.code == "exchange.window_moved")
        #expect(refused?.instants["starts_at"] == moved)
        #expect(try f.listing(listing.id).status == .published, "nothing was reserved")
    }

    /// Helper 187 #2: revoking the provider's real-name verification left an accepted elder-care
    /// (or child pick-up) exchange on, nobody told, the payer unable to cancel from its start. It
    /// is called off with the hold back to the payer, both sides told why; one in a category that
    /// needs no verification goes on.
    @Test func revokingTheProvidersVerificationCallsOffWhatNeedsIt() throws {
        let f = try ExchangeFixture()
        try f.sql("UPDATE members SET verified = 1 WHERE id = ?", [f.resident.memberID.rawValue])
        let care = try f.timeListing(direction: .request, category: "elder_care", as: f.neighbour)
        let accepted = try f.accept(try f.request(care, as: f.resident), as: f.neighbour).exchange
        let later = f.clock.now().addingTimeInterval(5 * 3600)
        let errand = try f.accept(
            try f.request(try f.timeListing(direction: .request, as: f.neighbour), as: f.resident, start: later), as: f.neighbour).exchange
        // A third, whose points a fraud case holds frozen, is the case's (helper 191 #1).
        let frozen = try f.accept(
            try f.request(
                try f.timeListing(direction: .request, category: "elder_care", as: f.neighbour), as: f.resident,
                start: f.clock.now().addingTimeInterval(9 * 3600)),
            as: f.neighbour).exchange
        let caseID = try f.listings.fileReport(about: f.resident.memberID, as: f.moderator).id
        try f.sql(
            "INSERT INTO exchange_freezes (community_id, exchange_id, case_id, frozen_at) VALUES (?, ?, ?, ?)",
            [f.resident.communityID.rawValue, frozen.id.rawValue, caseID.rawValue, StoredTime.text(f.clock.now())])
        #expect(try f.balance(f.neighbour.memberID) < 0, "points held")
        _ = try f.store.transactionSync { tx in
            try MemberCommands.setVerification(
                tx, principal: f.listings.admin, id: f.resident.memberID, input: VerificationInput(verified: false, reason: "证件有误"),
                expectedVersion: nil, actor: f.actor(f.listings.admin), exchanges: f.services)
        }
        let cancelled = try f.base.database.readSync { db in try ExchangePersistence.fetch(db, community: f.resident.communityID, id: accepted.id) }
        #expect(cancelled.state == .cancelled)
        let goesOn = try f.base.database.readSync { db in try ExchangePersistence.fetch(db, community: f.resident.communityID, id: errand.id) }
        #expect(goesOn.state == .accepted, "errands need no verification")
        #expect(try f.balance(f.neighbour.memberID) == -errand.points - frozen.points, "the care hold went back")
        let stillFrozen = try f.base.database.readSync { db in try ExchangePersistence.fetch(db, community: f.resident.communityID, id: frozen.id) }
        #expect(stillFrozen.state == .accepted, "left to the case that froze it")
        for member in [f.neighbour.memberID, f.resident.memberID] {
            let told = try f.notices(of: member, kind: .exchangeCancelled)
            #expect(told.count == 1 && told.first?.parameters["by"] == "verification_revoked", "\(member)")
            #expect(told.first.map { $0.text(in: .zhCN) }?.contains("实名认证已被撤销") == true)
        }
        #expect(try f.verify().isClean)
    }
}
