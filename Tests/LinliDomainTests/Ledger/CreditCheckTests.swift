import Testing
@testable import LinliDomain

@Suite("Credit limit: hard for spending, soft warning, pools never negative")
struct CreditCheckTests {
    let limits = LedgerLimits(creditLimit: 100, warningThreshold: 80, organizerDailyRewardCap: 300, memberDailyRewardCap: 60, maxTransferAmount: 1000)
    let alice = AccountRef.member(Fixture.alice)

    @Test("spending down to exactly the limit is allowed (with a warning); one point more is refused")
    func hardLimit() {
        let atLimit = CreditCheck.evaluate(account: alice, balanceBefore: 0, amount: 100, limits: limits, enforcement: .spend)
        #expect(atLimit == .allowedWithWarning(.nearCreditLimit(member: Fixture.alice, balance: -100, limits: limits)))
        let beyond = CreditCheck.evaluate(account: alice, balanceBefore: 0, amount: 101, limits: limits, enforcement: .spend)
        #expect(beyond == .refused(.ledgerCreditLimitExceeded(balance: 0, amount: 101, limit: 100)))
    }

    @Test("the warning starts exactly at the threshold", arguments: [
        (balanceBefore: 0, amount: 79, warned: false),
        (balanceBefore: 0, amount: 80, warned: true),
        (balanceBefore: -85, amount: 1, warned: true),
        (balanceBefore: 50, amount: 129, warned: false),
        (balanceBefore: 50, amount: 130, warned: true),
    ])
    func softWarning(balanceBefore: Int, amount: Int, warned: Bool) {
        let outcome = CreditCheck.evaluate(account: alice, balanceBefore: balanceBefore, amount: amount, limits: limits, enforcement: .spend)
        if warned {
            guard case .allowedWithWarning(let warning) = outcome else {
                Issue.record("expected a warning, got \(outcome)")
                return
            }
            #expect(warning.code == "ledger.near_credit_limit")
            #expect(warning.parameters["balance"] == String(balanceBefore - amount))
            #expect(warning.parameters["available"] == String(balanceBefore - amount + 100))
        } else {
            #expect(outcome == .allowed)
        }
    }

    @Test("imposed debits (penalties, corrections) go below the limit with a warning")
    func imposed() {
        let outcome = CreditCheck.evaluate(account: alice, balanceBefore: -95, amount: 20, limits: limits, enforcement: .imposed)
        #expect(outcome == .allowedWithWarning(.nearCreditLimit(member: Fixture.alice, balance: -115, limits: limits)))
    }

    @Test("pools cannot pay out more than they hold; sources are unbounded")
    func pools() {
        for kind in [AccountKind.escrow, .donations, .penalties] {
            #expect(CreditCheck.evaluate(account: .system(kind), balanceBefore: 10, amount: 10, limits: limits, enforcement: .imposed) == .allowed)
            #expect(CreditCheck.evaluate(account: .system(kind), balanceBefore: 10, amount: 11, limits: limits, enforcement: .imposed)
                == .refused(.ledgerPoolInsufficient(account: .system(kind), balance: 10, amount: 11)))
        }
        for kind in [AccountKind.issuance, .rewards] {
            #expect(CreditCheck.evaluate(account: .system(kind), balanceBefore: -1_000_000, amount: 1000, limits: limits, enforcement: .spend) == .allowed)
        }
    }

    @Test("inconsistent limits are clamped: the warning line never exceeds the limit")
    func clamping() {
        let odd = LedgerLimits(creditLimit: 50, warningThreshold: 80, organizerDailyRewardCap: -1, memberDailyRewardCap: 5, maxTransferAmount: 0)
        #expect(odd.warningThreshold == 50)
        #expect(odd.organizerDailyRewardCap == 0)
        #expect(odd.maxTransferAmount == 1)
    }
}
