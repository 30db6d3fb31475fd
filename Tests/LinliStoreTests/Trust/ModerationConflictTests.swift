import Foundation
import GRDB
import LinliDomain
import LinliTrust
import Testing
@testable import LinliStore

/// Session 16 review: moderation decisions about a housemate (`moderation.own_household`), and a
/// case that holds frozen an exchange of the moderator's own home (`case.frozen_exchange_party`).
/// Before, only the moderator's own member id was refused: a moderator could overturn the
/// compensation a housemate paid, lift a housemate's ban, approve their listing, dismiss their
/// case with its fraud signals, or release the points of their own frozen exchange.
@Suite struct ModerationConflictTests {
    let policies = TrustPolicies()

    /// An exchange fixture in which moderator A shares a household with the neighbour.
    func housemates() throws -> ExchangeFixture {
        let f = try ExchangeFixture()
        try f.household(of: [f.moderator.memberID, f.neighbour.memberID], name: "3号楼 202", area: "南门")
        return f
    }

    /// A published offer of `owner`, approved by moderator B (A may not review the neighbour's).
    static func offer(_ f: ExchangeFixture, as owner: Principal) throws -> Listing {
        let change = try f.listings.post(ListingFixture.item("折叠梯"), as: owner)
        guard let review = change.review else { return change.listing }
        _ = try f.listings.claim(review.id, as: f.listings.moderatorB)
        return try f.listings.decide(review.id, ReviewDecision(decision: .approve), as: f.listings.moderatorB).listing
    }

    func code(_ body: () throws -> Any) -> String? {
        do { _ = try body(); return nil } catch let error as DomainError { return error.code } catch { return "\(error)" }
    }

    /// A case the resident filed about the neighbour.
    func caseAboutTheNeighbour(_ f: ExchangeFixture) throws -> CaseID {
        try f.listings.fileReport(about: f.neighbour.memberID, as: f.resident).id
    }

    /// One decision or read about the neighbour, taken by `moderator`; set up in `f` first.
    typealias Decision = @Sendable (ExchangeFixture, Principal) throws -> Any

    static let decisions: [(String, Decision)] = [
        ("claim a case", { f, moderator in
            let id = try f.listings.fileReport(about: f.neighbour.memberID, as: f.resident).id
            return try f.store.transactionSync { tx in
                try CaseCommands.claim(tx, principal: moderator, id: id, leaseSeconds: 900, actor: f.actor(moderator))
            }
        }),
        ("add a case note", { f, moderator in
            let id = try f.listings.fileReport(about: f.neighbour.memberID, as: f.resident).id
            return try f.store.transactionSync { tx in
                try CaseCommands.addNote(tx, principal: moderator, id: id, text: "电话核实", actor: f.actor(moderator))
            }
        }),
        ("read a case", { f, moderator in
            let id = try f.listings.fileReport(about: f.neighbour.memberID, as: f.resident).id
            return try f.base.database.readSync { db in try CaseQueries.detail(db, principal: moderator, id: id) }
        }),
        ("read a trust history", { f, moderator in
            try f.base.database.readSync { db in try CaseCommands.history(db, principal: moderator, member: f.neighbour.memberID) }
        }),
        ("decide an appeal", { f, moderator in
            let id = try f.listings.fileReport(about: f.neighbour.memberID, as: f.resident).id
            let action = try f.listings.claimAndResolve(id, [.init(kind: .warn)], as: f.listings.admin)[0]
            let appeal = try f.listings.fileAppeal(action.id, as: f.neighbour)
            return try f.store.transactionSync { tx in
                try AppealCommands.decide(
                    tx, principal: moderator, id: appeal.id, overturn: true, reason: "证据不足", limits: .standard, listings: f.listings.services, actor: f.actor(moderator))
            }
        }),
        ("dismiss a fraud signal", { f, moderator in
            let signal = FraudSignal(
                type: .reciprocity, score: 30, subjects: [f.neighbour.memberID], evidence: SignalEvidence(exchanges: ["trf_1"]),
                at: f.clock.now(), explanationZH: "测试", explanationEN: "test")
            let stored = try f.store.transactionSync { tx in
                try FraudSignalCommands.record(tx, community: f.resident.communityID, signals: [signal], freezeAtScore: nil)
            }
            return try f.store.transactionSync { tx in
                try FraudSignalCommands.dismiss(tx, principal: moderator, id: stored[0].id, reason: "误报", actor: f.actor(moderator))
            }
        }),
        ("change a member's status", { f, moderator in
            try f.store.transactionSync { tx in
                try MemberCommands.changeStatus(
                    tx, principal: moderator, id: f.neighbour.memberID,
                    input: StatusChangeInput(status: .suspended, reason: "多次爽约", until: f.clock.now().addingTimeInterval(86_400)),
                    expectedVersion: nil, actor: f.actor(moderator))
            }
        }),
        ("review a listing", { f, moderator in
            let review = try #require(try f.listings.post(ListingFixture.item("旧书架"), as: f.neighbour).review)
            return try f.listings.claim(review.id, as: moderator)
        }),
        ("hide a rating's comment", { f, moderator in
            let done = try f.complete(try f.accept(try f.request(try Self.offer(f, as: f.neighbour), as: f.resident), as: f.neighbour).exchange, as: f.resident)
            let rating = try f.store.transactionSync { tx in
                try RatingCommands.rate(
                    tx, principal: f.resident, exchange: done.id, input: RatingInput(stars: 1, comment: "东西不能用"), services: f.services,
                    actor: f.actor(f.resident))
            }
            return try f.store.transactionSync { tx in
                try RatingCommands.hideComment(tx, principal: moderator, id: rating.id, reason: "恶意评价", actor: f.actor(moderator))
            }
        }),
    ]

    @Test(arguments: decisions.map(\.0))
    func aHousemateDoesNotDecide(_ name: String) throws {
        let decide = try #require(Self.decisions.first { $0.0 == name }?.1)
        let f = try housemates()
        #expect(code { try decide(f, f.moderator) } == "moderation.own_household", "\(name) by the neighbour's housemate")
        let other = try housemates()
        #expect(code { try decide(other, other.listings.moderatorB) } == nil, "\(name) by a moderator living elsewhere")
    }

    /// A report cluster names the reporters: a moderator does not list one about a housemate.
    @Test func aReportClusterAboutAHousemateIsLeftOutOfTheSignalList() throws {
        let f = try housemates()
        let cluster = FraudSignal(
            type: .reportCluster, score: 50, subjects: [f.neighbour.memberID], evidence: SignalEvidence(exchanges: ["rpt_1"]),
            at: f.clock.now(), explanationZH: "测试", explanationEN: "test")
        _ = try f.store.transactionSync { tx in
            try FraudSignalCommands.record(tx, community: f.resident.communityID, signals: [cluster], freezeAtScore: nil)
        }
        func listed(by principal: Principal) throws -> Int {
            try f.base.database.readSync { db in
                try FraudSignalCommands.list(db, principal: principal, dismissed: false, page: PageRequest(after: nil, limit: 10)).items.count
            }
        }
        #expect(try listed(by: f.moderator) == 0)
        #expect(try listed(by: f.listings.moderatorB) == 1)
    }

    /// Session 17 black-box review: the case list showed a moderator the cases about themselves
    /// and their housemates (the detail was already refused), telling them they were reported.
    @Test func casesAboutTheModeratorOrAHousemateAreLeftOutOfTheList() throws {
        let f = try housemates()
        _ = try caseAboutTheNeighbour(f)
        _ = try f.listings.fileReport(about: f.moderator.memberID, as: f.resident)
        func listed(by principal: Principal) throws -> Int {
            try f.base.database.readSync { db in
                try CaseQueries.list(db, principal: principal, status: .open, page: PageRequest(after: nil, limit: 10)).items.count
            }
        }
        #expect(try listed(by: f.moderator) == 0)
        #expect(try listed(by: f.listings.moderatorB) == 2)
    }

    /// A moderator suspending a fellow moderator was refused citing `member.create_staff`; it has
    /// its own code saying whose decision it is.
    @Test func aModeratorsStatusIsAnAdminsDecision() throws {
        let f = try ExchangeFixture()
        let refusal = code {
            try f.store.transactionSync { tx in
                try MemberCommands.changeStatus(
                    tx, principal: f.moderator, id: f.listings.moderatorB.memberID,
                    input: StatusChangeInput(status: .suspended, reason: "测试", until: f.clock.now().addingTimeInterval(86_400)),
                    expectedVersion: nil, actor: f.actor(f.moderator))
            }
        }
        #expect(refusal == "member.staff_status_needs_admin")
    }

    /// Session 27 review (helper 87): while an admin's case held moderator B suspended for 30
    /// days, moderator A resolved a case about B with a 14-day suspension. It changed nothing then
    /// and was recorded, with no check of who may suspend a moderator; once the admin's suspension
    /// was overturned on appeal, A's applied. It is refused as a direct suspension is.
    @Test func aModeratorCannotRecordASuspensionOfAnotherModerator() throws {
        let f = try ExchangeFixture()
        let target = f.listings.moderatorB.memberID
        let first = try f.listings.fileReport(about: target, as: f.resident)
        _ = try f.listings.claimAndResolve(first.id, [.init(kind: .suspend, days: 30)], as: f.listings.admin)
        let second = try f.listings.fileReport(about: target, as: f.neighbour)
        let refusal = code { _ = try f.listings.claimAndResolve(second.id, [.init(kind: .suspend, days: 14)], as: f.moderator) }
        #expect(refusal == "member.staff_status_needs_admin")
        #expect(try f.base.count("SELECT COUNT(*) FROM trust_case_actions WHERE kind = 'suspend'") == 1)
    }

    /// A case resolved as dismissed dismisses the target's open signals with it, but not one that
    /// also names the deciding moderator's housemate: dismissing that directly is refused.
    @Test func aDismissedCaseLeavesTheSignalsAboutTheModeratorsHousemateOpen() throws {
        let f = try housemates()
        _ = try f.accept(try f.request(try Self.offer(f, as: f.staff), as: f.resident), as: f.staff)
        let ring = FraudSignal(
            type: .ring, score: 90, subjects: [f.resident.memberID, f.neighbour.memberID], evidence: SignalEvidence(exchanges: ["trf_1"]),
            at: f.clock.now(), explanationZH: "测试", explanationEN: "test")
        let alone = FraudSignal(
            type: .velocity, score: 10, subjects: [f.resident.memberID], evidence: SignalEvidence(exchanges: ["trf_2"]),
            at: f.clock.now(), explanationZH: "测试", explanationEN: "test")
        _ = try f.store.transactionSync { tx in
            try FraudSignalCommands.record(tx, community: f.resident.communityID, signals: [ring, alone], freezeAtScore: 80)
        }
        let id = CaseID(trusted: try f.base.database.readSync { db in
            try String.fetchOne(db, sql: "SELECT id FROM trust_cases WHERE target_member_id = ?", arguments: [f.resident.memberID.rawValue])!
        })
        _ = try f.listings.claimAndResolve(id, [.init(kind: .dismiss)], as: f.moderator)
        let open = try f.base.database.readSync { db in
            try String.fetchAll(db, sql: "SELECT type FROM fraud_signals WHERE status = 'open' ORDER BY type")
        }
        #expect(open == ["ring"], "the ring naming the moderator's housemate stays open; the resident's own signal is dismissed")
        // Nor does the decision take the ring's weight off the resident (session 27 review): the
        // next small signal freezes them again, 90 + 10.
        #expect(try f.base.count("""
            SELECT COUNT(*) FROM fraud_signal_subjects j JOIN fraud_signals s ON s.id = j.signal_id
            WHERE s.status = 'open' AND j.decided_by_case IS NOT NULL
            """) == 0)
        let next = FraudSignal(
            type: .velocity, score: 10, subjects: [f.resident.memberID], evidence: SignalEvidence(exchanges: ["trf_3"]),
            at: f.clock.now(), explanationZH: "测试", explanationEN: "test")
        _ = try f.store.transactionSync { tx in
            try FraudSignalCommands.record(tx, community: f.resident.communityID, signals: [next], freezeAtScore: 80)
        }
        #expect(try f.base.count(
            "SELECT COUNT(*) FROM trust_cases WHERE status = 'open' AND holds_frozen = 1 AND target_member_id = ?",
            [f.resident.memberID.rawValue]) == 1)
    }

    /// Signals about the resident freeze the points the resident holds for an exchange whose
    /// provider is moderator A, or A's housemate. Deciding that case releases them: A neither
    /// claims nor resolves it; moderator B does.
    @Test(arguments: [false, true])
    func aCaseHoldingTheModeratorsHomesExchangeIsAnothersToDecide(providerIsHousemate: Bool) throws {
        let f = try housemates()
        let provider = providerIsHousemate ? f.neighbour : f.moderator
        _ = try f.accept(try f.request(try Self.offer(f, as: provider), as: f.resident), as: provider)
        let signal = FraudSignal(
            type: .ring, score: 90, subjects: [f.resident.memberID], evidence: SignalEvidence(exchanges: ["trf_1"]), at: f.clock.now(),
            explanationZH: "测试", explanationEN: "test")
        _ = try f.store.transactionSync { tx in
            try FraudSignalCommands.record(tx, community: f.resident.communityID, signals: [signal], freezeAtScore: 80)
        }
        #expect(try f.base.count("SELECT COUNT(*) FROM exchange_freezes WHERE lifted_at IS NULL") == 1)
        let id = CaseID(trusted: try f.base.database.readSync { db in try String.fetchOne(db, sql: "SELECT id FROM trust_cases")! })
        let refused = code {
            try f.store.transactionSync { tx in
                try CaseCommands.claim(tx, principal: f.moderator, id: id, leaseSeconds: 900, actor: f.actor(f.moderator))
            }
        }
        #expect(refused == "case.frozen_exchange_party")
        _ = try f.listings.claimAndResolve(id, [.init(kind: .dismiss)], as: f.listings.moderatorB)
        #expect(try f.base.count("SELECT COUNT(*) FROM exchange_freezes WHERE lifted_at IS NULL") == 0)
    }

    /// Session 20: a case moderator A reported, or A's housemate reported, is another moderator's
    /// to claim and resolve (403 `case.own_report`): the accuser does not judge, and an upheld case
    /// rewards its reporters. A report joining a case A already claimed stops A's resolution too.
    @Test(arguments: [false, true])
    func aCaseReportedFromTheModeratorsHomeIsAnothersToDecide(housemateReported: Bool) throws {
        let f = try housemates()
        let reporter = housemateReported ? f.neighbour : f.moderator
        let id = try f.listings.fileReport(about: f.resident.memberID, as: reporter).id
        let claim = code {
            try f.store.transactionSync { tx in
                try CaseCommands.claim(tx, principal: f.moderator, id: id, leaseSeconds: 900, actor: f.actor(f.moderator))
            }
        }
        #expect(claim == "case.own_report")
        #expect(try f.listings.claimAndResolve(id, [.init(kind: .dismiss)], as: f.listings.moderatorB).count == 1)
    }

    /// Helper 128: a moderator (or her housemate) who reported a member in a case still open does
    /// not take the same decision by hand either: taking the member's listing down or changing
    /// her status is 403 `moderation.reported_by_you`, naming the case. Another moderator may, and
    /// once the case is resolved the report no longer stands in the way.
    @Test(arguments: [false, true])
    func aReporterDoesNotDecideByHandWhileTheCaseIsOpen(housemateReported: Bool) throws {
        let f = try housemates()
        let reporter = housemateReported ? f.neighbour : f.moderator
        let listing = try Self.offer(f, as: f.resident)
        let id = try f.listings.fileReport(about: f.resident.memberID, as: reporter).id
        func remove(as moderator: Principal) throws -> Listing {
            try f.store.transactionSync { tx in
                try ListingCommands.remove(
                    tx, principal: moderator, id: listing.id, input: ListingRemoval(reasonCode: .unsafe, message: "疑似赃物"),
                    expectedVersion: nil, services: f.listings.services, actor: f.actor(moderator))
            }
        }
        func suspend(as moderator: Principal) throws -> Member {
            try f.store.transactionSync { tx in
                try MemberCommands.changeStatus(
                    tx, principal: moderator, id: f.resident.memberID,
                    input: StatusChangeInput(status: .suspended, reason: "调查中", until: f.clock.now().addingTimeInterval(86_400)),
                    expectedVersion: nil, actor: f.actor(moderator))
            }
        }
        let removal = #expect(throws: DomainError.self) { try remove(as: f.moderator) }
        #expect(removal?.code == "moderation.reported_by_you" && removal?.category == .forbidden)
        #expect(removal?.parameters["case_id"] == id.rawValue)
        let suspension = #expect(throws: DomainError.self) { try suspend(as: f.moderator) }
        #expect(suspension?.code == "moderation.reported_by_you" && suspension?.parameters["case_id"] == id.rawValue)
        #expect(try f.base.count("SELECT COUNT(*) FROM listings WHERE status = 'removed'") == 0)
        #expect(try f.base.count("SELECT COUNT(*) FROM members WHERE status = 'suspended'") == 0)
        // The case resolved (by another moderator), the report no longer stands in the way.
        _ = try f.listings.claimAndResolve(id, [.init(kind: .dismiss)], as: f.listings.moderatorB)
        #expect(try remove(as: f.moderator).status == .removed)
        #expect(try suspend(as: f.moderator).status == .suspended)
    }

    /// Helper 188 #2: a moderator who reported a member in a case still open claimed, decided
    /// and corrected the review of every listing that member then posted. The queue leaves it out
    /// for her, claiming it is 403 `moderation.reported_by_you`; another moderator reviews it.
    @Test func aReporterDoesNotReviewTheListingsOfTheMemberSheReported() throws {
        let f = try ExchangeFixture()
        let caseID = try f.listings.fileReport(about: f.resident.memberID, as: f.moderator).id
        let review = try #require(try f.listings.post(ListingFixture.item("台灯"), as: f.resident).review)
        func queue(_ moderator: Principal) throws -> [ReviewID] {
            try f.base.database.readSync { db in
                try ReviewQueries.list(db, principal: moderator, status: nil, page: PageRequest(after: nil, limit: 50)).items.map(\.id)
            }
        }
        #expect(try !queue(f.moderator).contains(review.id))
        #expect(try queue(f.listings.moderatorB).contains(review.id))
        let refused = #expect(throws: DomainError.self) { _ = try f.listings.claim(review.id, as: f.moderator) }
        #expect(refused?.code == "moderation.reported_by_you" && refused?.parameters["case_id"] == caseID.rawValue)
        let read = #expect(throws: DomainError.self) {
            _ = try f.base.database.readSync { db in try ReviewQueries.fetch(db, principal: f.moderator, id: review.id) }
        }
        #expect(read?.code == "moderation.reported_by_you", "nor read by id, as the queue hides it (helper 190 #8)")
        _ = try f.listings.claim(review.id, as: f.listings.moderatorB)
        #expect(try f.listings.decide(review.id, ReviewDecision(decision: .approve), as: f.listings.moderatorB).listing.status == .published)
    }

    /// Helper 130: resolving another case (reported by someone else) with `remove_listing` was
    /// refused naming the case the moderator had reported about the same member; a suspension by
    /// the same resolution went through. A case's actions are checked with the case.
    @Test func aCaseResolutionIsNotRefusedForAnotherCaseTheModeratorReported() throws {
        let f = try housemates()
        let listing = try Self.offer(f, as: f.resident)
        _ = try f.listings.fileReport(about: f.resident.memberID, as: f.moderator)
        let aboutTheListing = try f.store.transactionSync { tx in
            try ReportCommands.file(
                tx, principal: f.staff,
                input: ReportInput(targetType: .listing, targetID: listing.id.rawValue, category: .notAsDescribed, text: "图片与实物不符"),
                policies: TrustPolicies())
        }.moderationCase
        let actions = try f.listings.claimAndResolve(aboutTheListing.id, [.init(kind: .removeListing)], as: f.moderator)
        #expect(actions.count == 1)
        #expect(try f.listing(listing.id).status == .removed)
    }

    /// Another moderator takes the same decisions by hand while the case is open.
    @Test func anotherModeratorMayDecideByHandWhileTheCaseIsOpen() throws {
        let f = try housemates()
        let listing = try Self.offer(f, as: f.resident)
        _ = try f.listings.fileReport(about: f.resident.memberID, as: f.moderator)
        let removed = try f.store.transactionSync { tx in
            try ListingCommands.remove(
                tx, principal: f.listings.moderatorB, id: listing.id, input: ListingRemoval(reasonCode: .unsafe, message: "疑似赃物"),
                expectedVersion: nil, services: f.listings.services, actor: f.actor(f.listings.moderatorB))
        }
        #expect(removed.status == .removed)
    }

    @Test func aReportJoiningAClaimedCaseStopsTheClaimantsResolution() throws {
        let f = try housemates()
        let id = try f.listings.fileReport(about: f.resident.memberID, as: f.listings.moderatorB).id
        _ = try f.store.transactionSync { tx in
            try CaseCommands.claim(tx, principal: f.moderator, id: id, leaseSeconds: 900, actor: f.actor(f.moderator))
        }
        #expect(try f.listings.fileReport(about: f.resident.memberID, as: f.neighbour, text: "也骚扰了我").id == id)
        let resolve = code {
            try f.store.transactionSync { tx in
                try CaseCommands.resolve(
                    tx, principal: f.moderator, id: id, input: CaseResolutionInput(actions: [.init(kind: .dismiss)], reason: "核实"),
                    policies: TrustPolicies(), services: f.listings.services, limits: .standard, actor: f.actor(f.moderator))
            }
        }
        #expect(resolve == "case.own_report")
    }

    /// Nor does a moderator decide the appeal of a case their housemate reported: upholding keeps
    /// the reporter's reward, overturning takes it back (review of session 20).
    @Test func anAppealOfACaseReportedFromTheModeratorsHomeIsAnothersToDecide() throws {
        let f = try housemates()
        let id = try f.listings.fileReport(about: f.resident.memberID, as: f.neighbour).id
        let action = try f.listings.claimAndResolve(id, [.init(kind: .warn)], as: f.listings.moderatorB)[0]
        let appeal = try f.listings.fileAppeal(action.id, as: f.resident)
        let decided = code {
            try f.store.transactionSync { tx in
                try AppealCommands.decide(
                    tx, principal: f.moderator, id: appeal.id, overturn: true, reason: "证据不足", limits: .standard,
                    listings: f.listings.services, actor: f.actor(f.moderator))
            }
        }
        #expect(decided == "case.own_report")
        #expect(try f.listings.overturnAppeal(appeal.id, as: f.listings.admin).status == .overturned)
    }

    /// Helper 176 #2: a signal's evidence names more than its subjects (the other side of a new
    /// account's high-value exchange, a concentration's top payer). A moderator named there paid
    /// the account, and dismissed the signal about it: refused (`case.own`), and a case decided
    /// in bulk (`dismissAll`, `markDecided`) leaves such a signal open.
    @Test func aModeratorNamedInASignalsEvidenceDoesNotDismissIt() throws {
        let f = try ExchangeFixture()
        let moderator = f.moderator
        func signal(_ type: FraudSignalType, _ exchange: String, naming member: MemberID) -> FraudSignal {
            FraudSignal(
                type: type, score: 40, subjects: [f.neighbour.memberID],
                evidence: SignalEvidence(exchanges: [exchange], members: [f.neighbour.memberID, member]),
                at: f.clock.now(), explanationZH: "测试", explanationEN: "test")
        }
        let stored = try f.store.transactionSync { tx in
            try FraudSignalCommands.record(
                tx, community: f.resident.communityID,
                signals: [signal(.newAccountHighValue, "exc_1", naming: moderator.memberID), signal(.concentration, "exc_2", naming: f.resident.memberID)],
                freezeAtScore: nil)
        }
        let refused = #expect(throws: DomainError.self) {
            try f.store.transactionSync { tx in
                try FraudSignalCommands.dismiss(tx, principal: moderator, id: stored[0].id, reason: "误报", actor: f.actor(moderator))
            }
        }
        #expect(refused?.code == "case.own")
        let deciding = try f.listings.fileReport(about: f.neighbour.memberID, as: f.resident).id
        let decided = try f.store.transactionSync { tx in
            try SignalPressure.markDecided(
                tx, community: f.resident.communityID, member: f.neighbour.memberID, by: deciding, moderator: moderator.memberID)
        }
        #expect(decided == 1, "only the signal whose evidence does not name them")
        _ = try f.store.transactionSync { tx in
            try FraudSignalCommands.dismissAll(
                tx, community: f.resident.communityID, member: f.neighbour.memberID, by: moderator.memberID,
                deciding: deciding, reason: "误报", actor: f.actor(moderator))
        }
        let statuses = try f.base.database.readSync { db in
            try String.fetchAll(db, sql: "SELECT status FROM fraud_signals WHERE id IN (?, ?) ORDER BY id = ?",
                                arguments: [stored[0].id.rawValue, stored[1].id.rawValue, stored[1].id.rawValue])
        }
        #expect(statuses == ["open", "dismissed"])
    }
}
