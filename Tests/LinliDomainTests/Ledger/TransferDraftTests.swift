import Testing
@testable import LinliDomain

@Suite("Transfer drafts: balanced, bounded, shaped by kind")
struct TransferDraftTests {
    /// One valid movement per transfer kind (and each adjustment direction).
    static let validShapes: [(TransferKind, AccountRef, AccountRef)] = [
        (.exchange, .member(Fixture.alice), .member(Fixture.bob)),
        (.hold, .member(Fixture.alice), .escrow),
        (.release, .escrow, .member(Fixture.bob)),
        (.reward, .rewards, .member(Fixture.alice)),
        (.penalty, .member(Fixture.alice), .penalties),
        (.compensation, .member(Fixture.bob), .member(Fixture.alice)),
        (.donationConversion, .issuance, .donations),
        (.adjustment, .issuance, .member(Fixture.alice)),
        (.adjustment, .member(Fixture.alice), .issuance),
        (.adjustment, .donations, .member(Fixture.alice)),
        (.adjustment, .member(Fixture.alice), .donations),
        (.reversal, .member(Fixture.bob), .member(Fixture.alice)),
    ]

    static func draft(_ kind: TransferKind, _ legs: [Leg], settlement: Settlement? = nil) throws(DomainError) -> TransferDraft {
        try TransferDraft(
            kind: kind, legs: legs, reason: "测试", idempotencyKey: "k",
            reversesID: kind == .reversal ? Fixture.transfer : nil,
            holdID: kind == .hold || kind == .release ? Fixture.hold : nil, settlement: settlement)
    }

    @Test("every kind's allowed movement balances and lists the debit first", arguments: validShapes.indices)
    func validShapesBalance(index: Int) throws {
        let (kind, from, to) = Self.validShapes[index]
        var builder = PostingBuilder()
        builder.move(25, from: from, to: to)
        // Credits first on purpose: the draft must put the debit first regardless.
        let draft = try Self.draft(kind, builder.legs.reversed())
        #expect(draft.legs == [Leg(from, -25), Leg(to, 25)])
        #expect(draft.legs.reduce(0) { $0 + $1.amount } == 0)
        #expect(draft.amount == 25)
    }

    @Test("every kind is covered by the shape table")
    func everyKindCovered() {
        #expect(Set(Self.validShapes.map(\.0)) == Set(TransferKind.allCases))
    }

    @Test("unbalanced legs are refused with the sum")
    func unbalanced() {
        #expect(throws: DomainError.ledgerUnbalanced(sum: 1)) {
            try Self.draft(.exchange, [Leg(.member(Fixture.alice), -10), Leg(.member(Fixture.bob), 11)])
        }
        #expect(throws: DomainError.ledgerUnbalanced(sum: -5)) {
            try Self.draft(.reversal, [Leg(.member(Fixture.alice), -10), Leg(.member(Fixture.bob), 3), Leg(.escrow, 2)])
        }
    }

    @Test("wrong accounts for the kind are refused", arguments: [
        (TransferKind.reward, AccountRef.escrow, AccountRef.member(Fixture.alice)),
        (.hold, .member(Fixture.alice), .member(Fixture.bob)),
        (.release, .issuance, .member(Fixture.bob)),
        (.penalty, .penalties, .member(Fixture.alice)),
        (.donationConversion, .issuance, .member(Fixture.alice)),
        (.adjustment, .escrow, .member(Fixture.alice)),
        (.exchange, .member(Fixture.alice), .escrow),
    ])
    func wrongShape(kind: TransferKind, from: AccountRef, to: AccountRef) {
        var builder = PostingBuilder()
        builder.move(5, from: from, to: to)
        #expect {
            try Self.draft(kind, builder.legs)
        } throws: { error in
            (error as? DomainError)?.code == "ledger.invalid_shape"
        }
    }

    @Test("zero, oversized and one-legged transfers are refused")
    func amountsAndLegs() {
        #expect(throws: DomainError.ledgerAmountOutOfRange(amount: 0, max: LedgerLimits.standard.maxTransferAmount)) {
            try Self.draft(.exchange, [Leg(.member(Fixture.alice), 0), Leg(.member(Fixture.bob), 0)])
        }
        let tooMuch = LedgerLimits.standard.maxTransferAmount + 1
        #expect(throws: DomainError.ledgerAmountOutOfRange(amount: -tooMuch, max: LedgerLimits.standard.maxTransferAmount)) {
            try Self.draft(.exchange, [Leg(.member(Fixture.alice), -tooMuch), Leg(.member(Fixture.bob), tooMuch)])
        }
        #expect(throws: DomainError.self) { try Self.draft(.exchange, [Leg(.member(Fixture.alice), 0)]) }
    }

    @Test("the same account twice is refused (a self-exchange)")
    func sameAccount() {
        #expect {
            try Self.draft(.exchange, [Leg(.member(Fixture.alice), -5), Leg(.member(Fixture.alice), 5)])
        } throws: { error in
            (error as? DomainError)?.code == "ledger.invalid_shape"
        }
    }

    @Test("reversals name what they reverse; hold transfers name their hold")
    func references() {
        let legs = [Leg(.member(Fixture.alice), -5), Leg(.escrow, 5)]
        #expect(throws: DomainError.self) {
            try TransferDraft(kind: .hold, legs: legs, reason: "r", idempotencyKey: "k")
        }
        #expect(throws: DomainError.self) {
            try TransferDraft(kind: .reversal, legs: [Leg(.member(Fixture.alice), -5), Leg(.member(Fixture.bob), 5)], reason: "r", idempotencyKey: "k")
        }
    }

    @Test("a settlement must match the legs and the kind")
    func settlements() throws {
        let legs = [Leg(.member(Fixture.alice), -30), Leg(.member(Fixture.bob), 30)]
        _ = try Self.draft(.exchange, legs, settlement: Settlement(payer: Fixture.alice, payee: Fixture.bob, points: 30, minutes: 60))
        #expect(throws: DomainError.self) {
            try Self.draft(.exchange, legs, settlement: Settlement(payer: Fixture.bob, payee: Fixture.alice, points: 30, minutes: nil))
        }
        #expect(throws: DomainError.self) {
            try Self.draft(.exchange, legs, settlement: Settlement(payer: Fixture.alice, payee: Fixture.bob, points: 31, minutes: nil))
        }
        #expect(throws: DomainError.self) {
            try Self.draft(.penalty, [Leg(.member(Fixture.alice), -30), Leg(.penalties, 30)],
                           settlement: Settlement(payer: Fixture.alice, payee: Fixture.bob, points: 30, minutes: nil))
        }
        // The reversal of an exchange gives the points back from payee to payer.
        _ = try Self.draft(.reversal, [Leg(.member(Fixture.bob), -30), Leg(.member(Fixture.alice), 30)],
                           settlement: Settlement(payer: Fixture.alice, payee: Fixture.bob, points: 30, minutes: 60))
    }

    @Test("reason and key are required and bounded")
    func texts() {
        let legs = [Leg(.member(Fixture.alice), -5), Leg(.member(Fixture.bob), 5)]
        #expect(throws: DomainError.self) { try TransferDraft(kind: .exchange, legs: legs, reason: "  ", idempotencyKey: "k") }
        #expect(throws: DomainError.self) { try TransferDraft(kind: .exchange, legs: legs, reason: "r", idempotencyKey: "") }
        #expect(throws: DomainError.self) {
            try TransferDraft(kind: .exchange, legs: legs, reason: "r", idempotencyKey: String(repeating: "k", count: 201))
        }
    }

    @Test("the builder merges movements through the same account")
    func builderMerges() {
        var builder = PostingBuilder()
        builder.move(10, from: .member(Fixture.alice), to: .member(Fixture.bob))
        builder.move(4, from: .member(Fixture.bob), to: .member(Fixture.carol))
        #expect(builder.mergedLegs() == [Leg(.member(Fixture.alice), -10), Leg(.member(Fixture.bob), 6), Leg(.member(Fixture.carol), 4)])
        builder.move(6, from: .member(Fixture.bob), to: .member(Fixture.alice))
        #expect(builder.mergedLegs() == [Leg(.member(Fixture.alice), -4), Leg(.member(Fixture.carol), 4)])
    }
}
