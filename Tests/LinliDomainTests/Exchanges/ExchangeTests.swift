import Foundation
import LinliDomain
import Testing

@Suite struct ExchangeTests {
    static let owner = MemberID(trusted: "mem_00000000000000000000000001")
    static let requester = MemberID(trusted: "mem_00000000000000000000000002")

    /// Offer: the requester pays, the owner provides. Request: the owner pays, the answerer provides.
    @Test func whoPays() {
        let offer = Exchange.roles(direction: .offer, owner: Self.owner, requester: Self.requester)
        #expect(offer.payer == Self.requester && offer.provider == Self.owner)
        let request = Exchange.roles(direction: .request, owner: Self.owner, requester: Self.requester)
        #expect(request.payer == Self.owner && request.provider == Self.requester)
    }

    @Test func partiesAndCounterpart() {
        let start = Date(timeIntervalSince1970: 1_800_000_000)
        let exchange = Exchange(
            id: ExchangeID(trusted: "exc_00000000000000000000000001"), communityID: CommunityID(trusted: "cmt_00000000000000000000000001"),
            listingID: ListingID(trusted: "lst_00000000000000000000000001"), listingKind: .time, requester: Self.requester,
            owner: Self.owner, payer: Self.requester, provider: Self.owner, createdBy: Self.requester, state: .accepted, points: 10,
            scheduledStart: start, scheduledEnd: start.addingTimeInterval(3600), createdAt: start, updatedAt: start, version: 1)
        #expect(exchange.parties(of: Self.requester) == [.requester, .payer])
        #expect(exchange.parties(of: Self.owner) == [.owner, .provider])
        #expect(exchange.parties(of: MemberID(trusted: "mem_00000000000000000000000009")).isEmpty)
        #expect(exchange.counterpart(of: Self.requester) == Self.owner)
        #expect(exchange.counterpart(of: Self.owner) == Self.requester)
        #expect(exchange.autoConfirmAt(afterHours: 72) == start.addingTimeInterval(3600 + 72 * 3600))
        #expect(exchange.reference == "exchange:exc_00000000000000000000000001")
    }

    struct PlanCase: Sendable {
        let held: Int
        let recomputed: Int?
        let plan: ExchangeSettlementPlan
    }

    /// Not recomputed or recomputed higher: the hold, capped. Lower: refund and pay the lower value
    /// (at least one point).
    static let plans: [PlanCase] = [
        PlanCase(held: 20, recomputed: nil, plan: .release(points: 20)),
        PlanCase(held: 20, recomputed: 20, plan: .release(points: 20)),
        PlanCase(held: 20, recomputed: 35, plan: .release(points: 20)),
        PlanCase(held: 20, recomputed: 12, plan: .refundAndPay(points: 12)),
        PlanCase(held: 20, recomputed: 0, plan: .refundAndPay(points: 1)),
        PlanCase(held: 1, recomputed: 0, plan: .release(points: 1)),
    ]

    @Test(arguments: plans)
    func settlementPlan(_ row: PlanCase) {
        let plan = ExchangeSettlementPlan.plan(held: row.held, recomputed: row.recomputed)
        #expect(plan == row.plan)
        #expect(plan.paid <= row.held)
    }

    /// held × actual ÷ scheduled, half up; nil without a base.
    @Test(arguments: [
        (10, 9, 9, 10), (10, 5, 10, 5), (10, 1, 4, 3), (10, 1, 8, 1), (10, 3, 4, 8), (7, 1, 2, 4), (20, 0, 10, 0),
        (20, 30, 10, 60), (0, 5, 5, 0),
    ])
    func scaledHold(held: Int, actual: Int, scheduled: Int, expected: Int) {
        #expect(ExchangeSettlementPlan.scaled(held: held, actual: actual, scheduled: scheduled) == expected)
    }

    @Test func scaledWithoutBase() {
        #expect(ExchangeSettlementPlan.scaled(held: 10, actual: 5, scheduled: 0) == nil)
        #expect(ExchangeSettlementPlan.scaled(held: Int.max, actual: 2, scheduled: 1) == nil)
    }

    /// After the scheduled start only the provider may still call an accepted exchange off, and
    /// only until a no-show can be reported (here 15 minutes after the start; helper 168 #1).
    static let cancellations: [(state: ExchangeState, secondsAfterStart: Double, parties: Set<ExchangeParty>, refusal: String?)] = [
        (.accepted, -60, [.requester, .payer], nil),
        (.accepted, 0, [.requester, .payer], "exchange.cancel_after_start"),
        (.accepted, 3600, [.owner, .payer], "exchange.cancel_after_start"),
        (.accepted, 600, [.owner, .provider], nil),
        (.accepted, 899, [.requester, .provider], nil),
        (.accepted, 900, [.owner, .provider], "exchange.cancel_after_no_show_time"),
        (.accepted, 3600, [.requester, .provider], "exchange.cancel_after_no_show_time"),
        (.accepted, 3600, [.moderator], nil),
        (.requested, 3600, [.requester, .payer], nil),
        (.requested, 3600, [.owner, .provider], nil),
    ]

    @Test(arguments: cancellations)
    func cancellable(state: ExchangeState, secondsAfterStart: Double, parties: Set<ExchangeParty>, refusal: String?) {
        let start = Date(timeIntervalSince1970: 1_800_000_000)
        let exchange = Exchange(
            id: ExchangeID(trusted: "exc_00000000000000000000000001"), communityID: CommunityID(trusted: "cmt_00000000000000000000000001"),
            listingID: ListingID(trusted: "lst_00000000000000000000000001"), listingKind: .item,
            requester: MemberID(trusted: "mem_00000000000000000000000001"), owner: MemberID(trusted: "mem_00000000000000000000000002"),
            payer: MemberID(trusted: "mem_00000000000000000000000001"), provider: MemberID(trusted: "mem_00000000000000000000000002"),
            createdBy: MemberID(trusted: "mem_00000000000000000000000001"), state: state, points: 10, scheduledStart: start,
            scheduledEnd: start.addingTimeInterval(3600), createdAt: start, updatedAt: start, version: 1)
        let now = start.addingTimeInterval(secondsAfterStart)
        let noShowFrom = start.addingTimeInterval(900)
        if let refusal {
            #expect { try exchange.checkCancellable(by: parties, at: now, noShowFrom: noShowFrom) } throws: { ($0 as? DomainError)?.code == refusal }
        } else {
            #expect(throws: Never.self) { try exchange.checkCancellable(by: parties, at: now, noShowFrom: noShowFrom) }
        }
    }

    @Test func requestInputValidation() throws {
        let now = Date(timeIntervalSince1970: 1_800_000_000)
        let listing = ListingID(trusted: "lst_00000000000000000000000001")
        try ExchangeRequestInput(listingID: listing, scheduledStart: now, scheduledEnd: now.addingTimeInterval(3600)).validate(now: now)
        let backwards = ExchangeRequestInput(listingID: listing, scheduledStart: now.addingTimeInterval(7200), scheduledEnd: now.addingTimeInterval(3600))
        #expect(throws: DomainError.self) { try backwards.validate(now: now) }
        let past = ExchangeRequestInput(listingID: listing, scheduledStart: now.addingTimeInterval(-7200), scheduledEnd: now.addingTimeInterval(-3600))
        #expect(throws: DomainError.self) { try past.validate(now: now) }
        let tooLong = ExchangeRequestInput(listingID: listing, scheduledStart: now, scheduledEnd: now.addingTimeInterval(32 * 86_400))
        #expect(throws: DomainError.self) { try tooLong.validate(now: now) }
    }

    @Test func completionInputByKind() throws {
        try ExchangeCompletionInput(actualMinutes: 90).validate(kind: .time)
        try ExchangeCompletionInput().validate(kind: .item)
        #expect(throws: DomainError.validation([FieldIssue("/actual_minutes", .required)])) { try ExchangeCompletionInput().validate(kind: .time) }
        #expect(throws: DomainError.self) { try ExchangeCompletionInput(actualMinutes: 0).validate(kind: .time) }
        #expect(throws: DomainError.self) { try ExchangeCompletionInput(actualMinutes: 30).validate(kind: .item) }
    }

    @Test func resolutionInput() throws {
        try ExchangeResolutionInput(outcome: .compensate, compensationPoints: 5, note: "轻微划痕").validate(points: 20)
        try ExchangeResolutionInput(outcome: .refund, note: "无法使用").validate(points: 20)
        #expect(throws: DomainError.self) { try ExchangeResolutionInput(outcome: .compensate, note: "x").validate(points: 20) }
        #expect(throws: DomainError.self) { try ExchangeResolutionInput(outcome: .compensate, compensationPoints: 21, note: "x").validate(points: 20) }
        #expect(throws: DomainError.self) { try ExchangeResolutionInput(outcome: .refund, compensationPoints: 1, note: "x").validate(points: 20) }
        #expect(throws: DomainError.self) { try ExchangeResolutionInput(outcome: .refund, note: " ").validate(points: 20) }
    }
}
