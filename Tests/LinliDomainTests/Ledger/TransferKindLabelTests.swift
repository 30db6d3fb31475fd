import Foundation
import LinliDomain
import Testing

/// Statement lines say what they are from the reader's side, in their language
/// (`TransferKind.label`); every kind has words in both languages for both directions.
@Suite struct TransferKindLabelTests {
    static let cases: [(TransferKind, Int, Language, String)] = [
        (.exchange, -10, .zhCN, "支付交换积分"),
        (.exchange, 10, .en, "Received for an exchange"),
        (.hold, -20, .zhCN, "为交换预留积分"),
        (.release, 20, .en, "Received for an exchange (from the hold)"),
        (.reward, 20, .zhCN, "社区奖励"),
        (.penalty, -5, .en, "Penalty"),
        (.compensation, -8, .zhCN, "赔付对方"),
        (.compensation, 8, .en, "Compensation received"),
        (.adjustment, 3, .zhCN, "管理员调增"),
        (.reversal, -3, .en, "Reversal of an earlier transfer"),
    ]

    @Test(arguments: cases.indices)
    func label(_ index: Int) {
        let (kind, amount, language, expected) = Self.cases[index]
        #expect(kind.label(amount: amount, language: language) == expected)
    }

    @Test func aRefundReadsAsOneOnlyWhenPointsCameBack() {
        #expect(TransferKind.release.label(amount: 20, refund: true, language: .en) == "Held points returned (refund)")
        #expect(TransferKind.release.label(amount: 20, refund: true, language: .zhCN) == "预留积分退回")
        #expect(TransferKind.release.label(amount: 20, refund: false, language: .zhCN) == "交换付款到账（来自预留）")
    }

    /// Helper 131: the payer's hold line reads what became of it, so a completed exchange reads as paid.
    @Test(arguments: [
        (HoldOutcome.held, "为交换预留积分（待完成）", "Held for an exchange (until it is done)"),
        (.frozen, "为交换预留积分（纠纷处理中，暂停结算）", "Held for an exchange (in dispute)"),
        (.released, "交换付款（预留后已付给对方）", "Paid for an exchange (held, then paid)"),
        (.refunded, "为交换预留积分（已退回）", "Held for an exchange (since returned)"),
        (.refundedThenPaid, "为交换预留积分（已退回，另行结算付款）", "Held for an exchange (returned; paid separately)"),
    ])
    func aHoldLineReadsWhatBecameOfIt(_ state: HoldOutcome, _ zh: String, _ en: String) {
        #expect(TransferKind.hold.label(amount: -20, holdState: state, language: .zhCN) == zh)
        #expect(TransferKind.hold.label(amount: -20, holdState: state, language: .en) == en)
    }

    /// Every state of a hold has its outcome of the same name; only a refund followed by a payment
    /// of its own reads differently.
    @Test(arguments: HoldState.allCases)
    func everyHoldStateHasItsOutcome(_ state: HoldState) {
        #expect(HoldOutcome(state).rawValue == state.rawValue)
        #expect(HoldOutcome(state, paidSeparately: true) == (state == .refunded ? .refundedThenPaid : HoldOutcome(state)))
    }

    @Test(arguments: TransferKind.allCases)
    func everyKindReadsInBothLanguagesBothWays(_ kind: TransferKind) {
        for amount in [-1, 1] {
            let zh = kind.label(amount: amount, language: .zhCN), en = kind.label(amount: amount, language: .en)
            #expect(!zh.isEmpty && !en.isEmpty && zh != en)
            #expect(en.unicodeScalars.allSatisfy { $0.isASCII }, "\(en)")
        }
    }
}
