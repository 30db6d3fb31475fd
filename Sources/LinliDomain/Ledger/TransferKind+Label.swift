import Foundation

extension TransferKind {
    /// What a statement line is, in words, from the kind and which way the points went for the
    /// member reading it (`amount`: negative when they left the member's account).
    ///
    /// Why: a transfer's `reason` is free text written once by whoever posted it, and the
    /// service's own reasons are Chinese (`交换完成「陪同就医」`), so a passbook read in English, or
    /// by a program, had only the bare kind code to go on; and one kind reads differently from
    /// each side (paid or received). The reason stays as written, next to this.
    ///
    /// `refund`: a release that gave the held points back to the payer (an exchange cancelled, or a
    /// dispute found for her) rather than paying the provider; read as "exchange payment or
    /// refund", the payer could not tell her money back from a payment (helper 112).
    ///
    /// `holdState`: what became of the points a hold line took from the payer, so the line of a
    /// completed exchange reads as paid, not held for ever (helper 131), and one refunded before a
    /// separate payment of the same exchange does not read as if she had paid nothing (helper 140).
    ///
    /// Words: points set aside for an exchange are 预留 ("reserved"), never 冻结 ("frozen"), which a
    /// resident reads as a punishment; 冻结 is kept for what fraud signals stop (helper 144 #8).
    public func label(amount: Int, refund: Bool = false, holdState: HoldOutcome? = nil, language: Language) -> String {
        let outgoing = amount < 0
        let (zh, en): (String, String) = switch self {
        case .exchange: outgoing ? ("支付交换积分", "Paid for an exchange") : ("收到交换积分", "Received for an exchange")
        case .hold:
            switch (outgoing, holdState) {
            case (false, _): ("预留积分", "Hold")
            case (true, nil): ("为交换预留积分", "Held for an exchange")
            case (true, .held): ("为交换预留积分（待完成）", "Held for an exchange (until it is done)")
            case (true, .frozen): ("为交换预留积分（纠纷处理中，暂停结算）", "Held for an exchange (in dispute)")
            case (true, .released): ("交换付款（预留后已付给对方）", "Paid for an exchange (held, then paid)")
            case (true, .refunded): ("为交换预留积分（已退回）", "Held for an exchange (since returned)")
            case (true, .refundedThenPaid): ("为交换预留积分（已退回，另行结算付款）", "Held for an exchange (returned; paid separately)")
            }
        case .release:
            outgoing
                ? ("预留积分转出", "Released from escrow")
                : refund ? ("预留积分退回", "Held points returned (refund)") : ("交换付款到账（来自预留）", "Received for an exchange (from the hold)")
        case .reward: outgoing ? ("发放奖励", "Reward paid") : ("社区奖励", "Community reward")
        case .penalty: outgoing ? ("扣分", "Penalty") : ("扣分收入", "Penalty received")
        case .compensation: outgoing ? ("赔付对方", "Compensation paid") : ("获得赔付", "Compensation received")
        case .donationConversion: ("捐赠折算积分", "Donation converted")
        case .adjustment: outgoing ? ("管理员调减", "Adjustment (down)") : ("管理员调增", "Adjustment (up)")
        case .reversal: ("冲正（撤销一笔记录）", "Reversal of an earlier transfer")
        }
        return language == .en ? en : zh
    }
}
