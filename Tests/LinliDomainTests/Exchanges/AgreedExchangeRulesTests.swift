import Foundation
import LinliDomain
import Testing

/// Session 28 review (helper 91): a rule file activated after acceptance changed exchanges already
/// agreed. Each number is as agreed; the penalty as agreed or smaller.
@Suite struct AgreedExchangeRulesTests {
    static let agreed = ExchangeRules(
        autoConfirmAfterHours: 72, noShowPenaltyPoints: 5, maxOpenPerMember: 5, recomputeTimeFromActualHours: true,
        disputeWithdrawalGraceHours: 24, noShowContestWindowDays: 7, noShowGraceMinutes: 15)

    @Test(arguments: [
        // (now in force, expected for the agreed exchange)
        (ExchangeRules(autoConfirmAfterHours: 1, noShowPenaltyPoints: 10_000, maxOpenPerMember: 9, recomputeTimeFromActualHours: false,
                       disputeWithdrawalGraceHours: 1, noShowContestWindowDays: 1, noShowGraceMinutes: 0),
         ExchangeRules(autoConfirmAfterHours: 72, noShowPenaltyPoints: 5, maxOpenPerMember: 9, recomputeTimeFromActualHours: true,
                       disputeWithdrawalGraceHours: 24, noShowContestWindowDays: 7, noShowGraceMinutes: 15)),
        (ExchangeRules(autoConfirmAfterHours: 96, noShowPenaltyPoints: 0, maxOpenPerMember: 2, recomputeTimeFromActualHours: false,
                       disputeWithdrawalGraceHours: 48, noShowContestWindowDays: 14, noShowGraceMinutes: 30),
         ExchangeRules(autoConfirmAfterHours: 72, noShowPenaltyPoints: 0, maxOpenPerMember: 2, recomputeTimeFromActualHours: true,
                       disputeWithdrawalGraceHours: 24, noShowContestWindowDays: 7, noShowGraceMinutes: 15)),
    ] as [(ExchangeRules, ExchangeRules)])
    func theAgreedValuesHold(current: ExchangeRules, expected: ExchangeRules) {
        #expect(current.keeping(AgreedExchangeRules(Self.agreed)) == expected)
    }

    /// Terms kept before the rules were (nil): the rules in force, unchanged; and the rules
    /// survive the JSON the terms are stored as.
    @Test func olderTermsAndStorage() throws {
        let current = ExchangeRules.standard
        #expect(current.keeping(nil) == current)
        let input = ListingValuationInput(
            kind: .item, direction: .offer, categoryCode: "tools", declaredCost: "300", purchaseDate: nil, ageMonths: 6, condition: .good,
            quantity: 1, durationMinutes: nil, startAt: nil, endAt: nil, intensity: nil, certification: nil, level: nil)
        let older = try JSONEncoder().encode(ExchangeAgreedTerms(input: input, area: "北门"))
        #expect(!String(decoding: older, as: UTF8.self).contains("rules"), "what was stored before had no rules")
        #expect(try JSONDecoder().decode(ExchangeAgreedTerms.self, from: older).rules == nil)
        let terms = ExchangeAgreedTerms(input: input, area: nil, rules: AgreedExchangeRules(Self.agreed))
        #expect(try JSONDecoder().decode(ExchangeAgreedTerms.self, from: JSONEncoder().encode(terms)) == terms)
    }
}
