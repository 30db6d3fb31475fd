import LinliDomain

/// Which ledger warnings an answer may carry. A warning states a member's balance (`balance`,
/// `available`), so an answer carries only those about the caller or the member they act for
/// (station staff for a resident); staff learn anyone else's balance through a recorded read.
enum LedgerWarningAudience {
    static func own(_ warnings: [LedgerWarning], context: LinliRequestContext) throws -> [LedgerWarning] {
        let principal = try context.requirePrincipal()
        let actingFor = try context.auditActor().onBehalfOf
        return warnings.filter { $0.member == principal.memberID || $0.member == actingFor }
    }
}
