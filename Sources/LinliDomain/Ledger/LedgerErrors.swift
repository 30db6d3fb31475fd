/// The ledger's stable error codes (messages in `ErrorCatalog`, zh-CN and en). Every refusal names
/// the numbers involved, so a station-staff member can explain it to a resident at the counter.
extension DomainError {
    /// The postings of a transfer do not sum to zero. Never caused by a well-formed request: the
    /// builder refuses before anything is written.
    public static func ledgerUnbalanced(sum: Int) -> DomainError {
        DomainError(code: "ledger.unbalanced", category: .invalidInput, parameters: ["sum": String(sum)])
    }

    /// The accounts do not fit the transfer kind (e.g. a reward paid out of escrow).
    public static func ledgerInvalidShape(kind: TransferKind, detail: String) -> DomainError {
        DomainError(code: "ledger.invalid_shape", category: .invalidInput, parameters: ["kind": kind.rawValue, "detail": detail])
    }

    /// An amount that is zero, negative where it must be positive, or above the per-transfer maximum.
    public static func ledgerAmountOutOfRange(amount: Int, max: Int) -> DomainError {
        DomainError(
            code: "ledger.amount_out_of_range", category: .invalidInput,
            parameters: ["amount": String(amount), "max": String(max)])
    }

    /// The member's own spending would take the balance below the credit limit.
    public static func ledgerCreditLimitExceeded(balance: Int, amount: Int, limit: Int) -> DomainError {
        DomainError(
            code: "ledger.credit_limit_exceeded", category: .conflict,
            parameters: ["balance": String(balance), "amount": String(amount), "limit": String(limit),
                         "available": String(max(0, balance + limit))])
    }

    /// A pool (escrow, donations, penalties) cannot pay out more than it holds.
    public static func ledgerPoolInsufficient(account: AccountRef, balance: Int, amount: Int) -> DomainError {
        DomainError(
            code: "ledger.pool_insufficient", category: .conflict,
            parameters: ["account": account.rawValue, "balance": String(balance), "amount": String(amount)])
    }

    /// The idempotency key was already used for a transfer with different content.
    public static func ledgerIdempotencyConflict(key: String, transfer: TransferID) -> DomainError {
        DomainError(
            code: "ledger.idempotency_conflict", category: .conflict,
            parameters: ["key": String(key.prefix(80)), "transfer_id": transfer.rawValue])
    }

    /// The hold is not in a state that allows the requested action.
    public static func ledgerHoldState(_ hold: HoldID, state: HoldState, action: String) -> DomainError {
        DomainError(
            code: "ledger.hold_state", category: .conflict,
            parameters: ["id": hold.rawValue, "state": state.rawValue, "action": action])
    }

    public static func ledgerNotReversible(_ transfer: TransferID, kind: TransferKind) -> DomainError {
        DomainError(
            code: "ledger.not_reversible", category: .conflict, parameters: ["id": transfer.rawValue, "kind": kind.rawValue])
    }

    public static func ledgerAlreadyReversed(_ transfer: TransferID, by reversal: TransferID) -> DomainError {
        DomainError(
            code: "ledger.already_reversed", category: .conflict,
            parameters: ["id": transfer.rawValue, "reversal_id": reversal.rawValue])
    }

    /// The organizer's rewards today would exceed the per-day cap.
    public static func ledgerOrganizerCapExceeded(cap: Int, grantedToday: Int, amount: Int) -> DomainError {
        DomainError(
            code: "ledger.organizer_daily_cap_exceeded", category: .conflict,
            parameters: ["cap": String(cap), "granted_today": String(grantedToday), "amount": String(amount),
                         "remaining": String(max(0, cap - grantedToday))])
    }

    /// The member's rewards received today would exceed the per-day cap.
    public static func ledgerMemberRewardCapExceeded(cap: Int, receivedToday: Int, amount: Int) -> DomainError {
        DomainError(
            code: "ledger.member_daily_reward_cap_exceeded", category: .conflict,
            parameters: ["cap": String(cap), "received_today": String(receivedToday), "amount": String(amount),
                         "remaining": String(max(0, cap - receivedToday))])
    }
}
