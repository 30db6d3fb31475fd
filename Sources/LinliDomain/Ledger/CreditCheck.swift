/// Decides whether a debit may leave an account at a given balance, and whether the member should
/// be warned. Pure: the store calls it with the balance it just computed inside the write
/// transaction, so the decision and the posting can never disagree.
public enum CreditCheck {
    /// Whether the debit is the member's own choice or imposed on them.
    public enum Enforcement: Sendable, Equatable {
        /// Spending (exchanges, holds): refused below the credit limit.
        case spend
        /// Penalties, compensation, corrections: always applied (a member near the limit must not
        /// escape a penalty); the member is still warned.
        case imposed
    }

    public enum Outcome: Sendable, Equatable {
        case allowed
        case allowedWithWarning(LedgerWarning)
        case refused(DomainError)
    }

    /// - Parameters:
    ///   - account: the debited account.
    ///   - balanceBefore: its balance before this debit.
    ///   - amount: the debit, a positive number of points.
    public static func evaluate(
        account: AccountRef, balanceBefore: Int, amount: Int, limits: LedgerLimits, enforcement: Enforcement
    ) -> Outcome {
        let after = balanceBefore - amount
        switch account.kind.floor {
        case .unbounded:
            return .allowed
        case .zero:
            return after < 0 ? .refused(.ledgerPoolInsufficient(account: account, balance: balanceBefore, amount: amount)) : .allowed
        case .creditLimit:
            if after < -limits.creditLimit, enforcement == .spend {
                return .refused(.ledgerCreditLimitExceeded(balance: balanceBefore, amount: amount, limit: limits.creditLimit))
            }
            if after <= -limits.warningThreshold, let member = account.memberID {
                return .allowedWithWarning(.nearCreditLimit(member: member, balance: after, limits: limits))
            }
            return .allowed
        }
    }
}
