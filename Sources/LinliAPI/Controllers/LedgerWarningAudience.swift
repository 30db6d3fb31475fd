import LinliDomain

/// Which ledger warnings an answer may carry. A warning states a member's balance (`balance`,
/// `available`), so an answer carries only those about the caller or the resident they act for
/// in that step (station staff for a resident, decided per exchange by `ExchangeAccess`); staff
/// learn anyone else's balance through a recorded read.
enum LedgerWarningAudience {
    static func own(_ warnings: [LedgerWarning], context: LinliRequestContext, actingFor: MemberID? = nil) throws -> [LedgerWarning] {
        let principal = try context.requirePrincipal()
        return warnings.filter { $0.member == principal.memberID || $0.member == actingFor }
    }
}
