import Foundation
import GRDB
import LinliDomain
@testable import LinliStore

/// A community with listings and members for exchange tests, driven through the real commands on a
/// real SQLite file with a manual clock.
struct ExchangeFixture {
    let listings: ListingFixture
    var services: ExchangeServices

    init(rules: ExchangeRules = .standard, limits: LedgerLimits = .standard) throws {
        listings = try ListingFixture()
        services = ExchangeServices(listings: listings.services, rulesOverride: rules, limitsOverride: limits)
    }

    var base: StoreFixture { listings.base }
    var store: Store { listings.store }
    var clock: ManualWallClock { listings.clock }
    /// Owner of the listings.
    var resident: Principal { listings.resident }
    /// The other member.
    var neighbour: Principal { listings.neighbour }
    var moderator: Principal { listings.moderatorA }
    var staff: Principal { listings.staff }

    func actor(_ principal: Principal) -> AuditActor { .member(principal, requestID: "req-test") }

    /// A published item offer of the resident (300 yuan, good, 6 months: 20 points under rules/default.yaml, 30 × 0.75 × 0.8909).
    func offer(_ title: String = "折叠梯", as owner: Principal? = nil) throws -> Listing {
        try listings.publish(ListingFixture.item(title), as: owner)
    }

    /// A published time listing (an hour of errands, light: 10 points under rules/default.yaml).
    func timeListing(direction: ListingDirection = .offer, category: String = "errands", minutes: Int = 60, as owner: Principal? = nil) throws -> Listing {
        try listings.publish(
            ListingContent(
                direction: direction, kind: .time, categoryCode: category, title: "陪同就医", description: "周二上午", area: "南门",
                availability: [WeeklySlot(weekday: 2, from: "09:00", to: "11:00")], durationMinutes: minutes, intensity: .light),
            as: owner)
    }

    /// A published hour of errands at a fixed time, from `start`.
    func fixedTimeListing(start: Date) throws -> Listing {
        try listings.publish(
            ListingContent(
                direction: .offer, kind: .time, categoryCode: "errands", title: "陪同买菜", description: "周六上午陪同去菜市场", area: "南门",
                startAt: start, endAt: start.addingTimeInterval(3600), durationMinutes: 60, intensity: .light))
    }

    /// Requests `listing` for an hour from `start` (an hour from now unless given).
    func request(_ listing: Listing, as principal: Principal? = nil, for requester: MemberID? = nil, start: Date? = nil) throws -> Exchange {
        let principal = principal ?? neighbour
        let start = start ?? clock.now().addingTimeInterval(3600)
        return try store.transactionSync { tx in
            try ExchangeCommands.request(
                tx, principal: principal,
                input: ExchangeRequestInput(
                    listingID: listing.id, requesterID: requester, scheduledStart: start, scheduledEnd: start.addingTimeInterval(3600),
                    message: "周末方便吗？", note: requester == nil ? nil : "本人到站，同意支付"),
                services: services, actor: actor(principal))
        }.exchange
    }

    func accept(_ exchange: Exchange, as principal: Principal? = nil, version: Int? = nil) throws -> ExchangeOutcome {
        let principal = principal ?? resident
        return try store.transactionSync { tx in
            try ExchangeCommands.accept(tx, principal: principal, id: exchange.id, expectedVersion: version, services: services, actor: actor(principal))
        }
    }

    /// The payer confirms; time and skills only from their scheduled start, so unless
    /// `waitingForStart` is false the clock first moves on to it (as the neighbours would wait).
    func complete(_ exchange: Exchange, as principal: Principal? = nil, minutes: Int? = nil, waitingForStart: Bool = true) throws -> Exchange {
        let principal = principal ?? neighbour
        if waitingForStart, exchange.listingKind != .item, clock.now() < exchange.scheduledStart { clock.set(exchange.scheduledStart) }
        return try store.transactionSync { tx in
            try ExchangeCompletionCommands.complete(
                tx, principal: principal, id: exchange.id, input: ExchangeCompletionInput(actualMinutes: minutes), expectedVersion: nil,
                services: services, actor: actor(principal))
        }.exchange
    }

    /// The inbox messages of one kind a member received, oldest first.
    func notices(of member: MemberID, kind: MemberNotification.Kind) throws -> [MemberNotification] {
        try base.database.readSync { db in
            try Row.fetchAll(
                db, sql: "SELECT * FROM member_notifications WHERE member_id = ? AND kind = ? ORDER BY id",
                arguments: [member.rawValue, kind.rawValue]
            ).map(MemberNotifications.decode)
        }
    }

    /// The provider (the resident, unless named) reports the minutes worked.
    func reportMinutes(_ exchange: Exchange, _ minutes: Int?, as principal: Principal? = nil) throws -> Exchange {
        let principal = principal ?? resident
        return try store.transactionSync { tx in
            try ExchangeCompletionCommands.reportMinutes(
                tx, principal: principal, id: exchange.id, input: ExchangeMinutesInput(minutes: minutes), expectedVersion: nil,
                actor: actor(principal))
        }.exchange
    }

    func cancel(_ exchange: Exchange, as principal: Principal) throws -> Exchange {
        try store.transactionSync { tx in
            try ExchangeCommands.cancel(
                tx, principal: principal, id: exchange.id, input: ExchangeReasonInput(reason: "临时有事"), expectedVersion: nil,
                services: services, actor: actor(principal))
        }.exchange
    }

    /// Time and skills are disputed only from their scheduled start: unless `waitingForStart` is
    /// false the clock first moves on to it.
    func dispute(_ exchange: Exchange, as principal: Principal? = nil, waitingForStart: Bool = true) throws -> Exchange {
        let principal = principal ?? neighbour
        if waitingForStart, exchange.listingKind != .item, clock.now() < exchange.scheduledStart { clock.set(exchange.scheduledStart) }
        return try store.transactionSync { tx in
            try ExchangeIncidentCommands.dispute(
                tx, principal: principal, id: exchange.id, input: ExchangeReasonInput(reason: "梯子有一级松动"), expectedVersion: nil,
                services: services, actor: actor(principal))
        }.exchange
    }

    /// Runs automatic confirmation on `exchange` now (as the scheduler would): nil when not due.
    func autoConfirm(_ exchange: Exchange) throws -> ExchangeOutcome? {
        try store.transactionSync { tx in
            try ExchangeCompletionCommands.autoConfirm(tx, community: resident.communityID, id: exchange.id, services: services)
        }
    }

    func resolve(_ exchange: Exchange, _ input: ExchangeResolutionInput, as principal: Principal? = nil) throws -> Exchange {
        let principal = principal ?? moderator
        return try store.transactionSync { tx in
            try ExchangeIncidentCommands.resolve(
                tx, principal: principal, id: exchange.id, input: input, expectedVersion: nil, services: services, actor: actor(principal))
        }.exchange
    }

    func withdrawDispute(_ exchange: Exchange, as principal: Principal? = nil) throws -> Exchange {
        let principal = principal ?? neighbour
        return try store.transactionSync { tx in
            try ExchangeDisputeWithdrawal.withdraw(
                tx, principal: principal, id: exchange.id, input: ExchangeReasonInput(reason: "已和对方谈妥"), expectedVersion: nil,
                services: services, actor: actor(principal))
        }.exchange
    }

    func contest(_ exchange: Exchange, as principal: Principal, reason: String = "我当天按时到了，对方不在家") throws -> NoShowContest {
        try store.transactionSync { tx in
            try NoShowContestCommands.contest(
                tx, principal: principal, id: exchange.id, input: ExchangeReasonInput(reason: reason), services: services, actor: actor(principal))
        }
    }

    func decideContest(
        _ exchange: Exchange, _ outcome: NoShowContestOutcome, as principal: Principal? = nil, note: String = "门禁记录显示其按时到达"
    ) throws -> NoShowContest {
        let principal = principal ?? moderator
        return try store.transactionSync { tx in
            try NoShowContestCommands.decide(
                tx, principal: principal, id: exchange.id, input: NoShowContestDecisionInput(outcome: outcome, note: note),
                expectedVersion: nil, services: services, actor: actor(principal))
        }
    }

    func noShow(_ exchange: Exchange, as principal: Principal, absent: MemberID? = nil, reason: String? = nil) throws -> Exchange {
        try store.transactionSync { tx in
            try ExchangeIncidentCommands.noShow(
                tx, principal: principal, id: exchange.id, input: ExchangeNoShowInput(absentMemberID: absent, reason: reason), expectedVersion: nil,
                services: services, actor: actor(principal))
        }.exchange
    }

    /// An exchange of `listing` (an offer of the resident's by default) accepted, past its start,
    /// and reported by the neighbour (the payer) with the resident (the provider) absent.
    func reportedNoShow(_ listing: Listing? = nil) throws -> Exchange {
        let accepted = try accept(try request(try listing ?? offer())).exchange
        clock.advance(by: 2 * 3600)
        return try noShow(accepted, as: neighbour)
    }

    func listing(_ id: ListingID) throws -> Listing {
        try base.database.readSync { db in try ListingQueries.fetch(db, principal: listings.admin, id: id) }
    }

    func balance(_ member: MemberID) throws -> Int {
        try base.database.readSync { db in try LedgerAccounts.member(db, community: resident.communityID, member: member).balance }
    }

    func account(_ member: MemberID) throws -> LedgerAccount {
        try base.database.readSync { db in try LedgerAccounts.member(db, community: resident.communityID, member: member) }
    }

    func verify() throws -> LedgerVerificationReport {
        try base.database.readSync { db in try LedgerVerifier().verify(db) }
    }

    /// The code of the `DomainError` the body throws (nil when it succeeds).
    static func errorCode(_ body: () throws -> Void) -> String? {
        do {
            try body()
            return nil
        } catch let error as DomainError {
            return error.code
        } catch {
            return "\(error)"
        }
    }

    /// A new household (recorded by the admin) with `members` living in it.
    @discardableResult
    func household(of members: [MemberID], name: String = "3号楼 202", area: String = "南门") throws -> Household {
        let home = try store.transactionSync { tx in
            try HouseholdCommands.create(
                tx, community: resident.communityID, input: NewHouseholdInput(name: name, area: area), principal: listings.admin,
                actor: .commandLine)
        }
        try sql(
            "UPDATE members SET household_id = ? WHERE id IN (\(members.map { _ in "?" }.joined(separator: ", ")))",
            [home.id.rawValue] + members.map(\.rawValue))
        return home
    }

    func sql(_ statement: String, _ arguments: [String] = []) throws {
        try base.database.writeSync { db in try db.execute(sql: statement, arguments: .init(arguments)) }
    }
}
