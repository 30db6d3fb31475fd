/// The exchange state machine: the single table of allowed transitions, and who may cause each.
///
/// Pure and total: every (state, event) pair either yields the next state or throws a 409
/// `exchange.invalid_transition` naming the current state, so a client can show why (a
/// double-clicked "complete" answers "already completed" rather than paying twice).
public enum ExchangeStateMachine {
    /// event → states it may start from, where it leads, and which parties may cause it.
    static let table: [ExchangeEvent: (from: Set<ExchangeState>, to: ExchangeState, by: Set<ExchangeParty>)] = [
        .accept: ([.requested], .accepted, [.owner]),
        .decline: ([.requested], .declined, [.owner]),
        // Either side may call an exchange off before it happened; points held go back. After the
        // scheduled start the payer no longer may (`Exchange.checkCancellable`).
        .cancel: ([.requested, .accepted], .cancelled, [.requester, .owner]),
        // Only the payer confirms: the points are theirs.
        .complete: ([.accepted], .completed, [.payer]),
        .autoConfirm: ([.accepted], .completed, [.system]),
        // A party reports that the other side did not turn up.
        .noShow: ([.accepted], .noShow, [.payer, .provider, .moderator]),
        // A disputed exchange can no longer auto-confirm: it waits for a moderator.
        .dispute: ([.accepted], .disputed, [.payer, .provider]),
        // Only the side that objected can take it back (the store checks it is the same member);
        // the hold is held again and automatic confirmation resumes.
        .withdrawDispute: ([.disputed], .accepted, [.payer, .provider]),
        .resolve: ([.disputed], .resolved, [.moderator]),
        // The provider's word on the minutes of a time exchange; the payer confirms no fewer
        // (`ExchangeMinutes`). It changes no state.
        .reportMinutes: ([.accepted], .accepted, [.provider]),
    ]

    /// The state after `event`, or a conflict naming the current state.
    public static func next(from state: ExchangeState, on event: ExchangeEvent) throws(DomainError) -> ExchangeState {
        guard let rule = table[event], rule.from.contains(state) else {
            throw DomainError(
                code: "exchange.invalid_transition", category: .conflict,
                parameters: ["current_state": state.rawValue, "event": event.rawValue])
        }
        return rule.to
    }

    public static func allows(_ event: ExchangeEvent, from state: ExchangeState) -> Bool {
        table[event]?.from.contains(state) ?? false
    }

    /// Whether someone playing any of `parties` may cause `event`.
    public static func permits(_ event: ExchangeEvent, parties: Set<ExchangeParty>) -> Bool {
        !(table[event]?.by.isDisjoint(with: parties) ?? true)
    }

    /// Throws 403 `exchange.not_your_part` unless one of `parties` may cause `event`.
    public static func requireParty(_ event: ExchangeEvent, parties: Set<ExchangeParty>) throws(DomainError) {
        guard permits(event, parties: parties) else {
            let allowed = (table[event]?.by ?? []).map(\.rawValue).sorted().joined(separator: ", ")
            throw DomainError(code: "exchange.not_your_part", category: .forbidden, parameters: ["event": event.rawValue, "allowed": allowed])
        }
    }
}
