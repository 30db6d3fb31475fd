import LinliDomain
import Testing

/// Every (state, event) pair of the exchange state machine, allowed or refused, against a table
/// written out by hand: a change to the machine that is not also made here fails.
@Suite struct ExchangeStateMachineTests {
    /// event → (allowed from, leads to)
    static let expected: [ExchangeEvent: (from: Set<ExchangeState>, to: ExchangeState)] = [
        .accept: ([.requested], .accepted),
        .decline: ([.requested], .declined),
        .cancel: ([.requested, .accepted], .cancelled),
        .complete: ([.accepted], .completed),
        .autoConfirm: ([.accepted], .completed),
        .noShow: ([.accepted], .noShow),
        .dispute: ([.accepted], .disputed),
        .withdrawDispute: ([.disputed], .accepted),
        .reportMinutes: ([.accepted], .accepted),
        .resolve: ([.disputed], .resolved),
    ]

    struct Case: Sendable, CustomTestStringConvertible {
        let state: ExchangeState
        let event: ExchangeEvent
        var testDescription: String { "\(state.rawValue) + \(event.rawValue)" }
    }

    static let allPairs: [Case] = ExchangeState.allCases.flatMap { state in ExchangeEvent.allCases.map { Case(state: state, event: $0) } }

    @Test func tableCoversEveryEvent() {
        #expect(Set(Self.expected.keys) == Set(ExchangeEvent.allCases))
    }

    @Test(arguments: allPairs)
    func transition(_ pair: Case) throws {
        let rule = try #require(Self.expected[pair.event])
        if rule.from.contains(pair.state) {
            #expect(try ExchangeStateMachine.next(from: pair.state, on: pair.event) == rule.to)
            #expect(ExchangeStateMachine.allows(pair.event, from: pair.state))
        } else {
            let refusal = DomainError(
                code: "exchange.invalid_transition", category: .conflict,
                parameters: ["current_state": pair.state.rawValue, "event": pair.event.rawValue])
            #expect(throws: refusal) { try ExchangeStateMachine.next(from: pair.state, on: pair.event) }
            #expect(!ExchangeStateMachine.allows(pair.event, from: pair.state))
        }
    }

    /// Final states accept nothing at all.
    @Test func finalStatesAreFinal() {
        for state in [ExchangeState.completed, .declined, .cancelled, .noShow, .resolved] {
            #expect(ExchangeEvent.allCases.allSatisfy { !ExchangeStateMachine.allows($0, from: state) }, "\(state)")
            #expect(!state.isOpen)
        }
        #expect(ExchangeState.openStates == [.requested, .accepted, .disputed])
    }

    /// Who may cause each event.
    static let parties: [ExchangeEvent: Set<ExchangeParty>] = [
        .accept: [.owner], .decline: [.owner], .cancel: [.requester, .owner], .complete: [.payer], .autoConfirm: [.system],
        .noShow: [.payer, .provider, .moderator], .dispute: [.payer, .provider],
        .withdrawDispute: [.payer, .provider], .resolve: [.moderator],
        .reportMinutes: [.provider],
    ]

    @Test(arguments: ExchangeEvent.allCases)
    func partyTable(event: ExchangeEvent) {
        for party in ExchangeParty.allCases {
            let allowed = Self.parties[event, default: []].contains(party)
            #expect(ExchangeStateMachine.permits(event, parties: [party]) == allowed, "\(event) by \(party)")
            if !allowed {
                #expect(throws: DomainError.self) { try ExchangeStateMachine.requireParty(event, parties: [party]) }
            }
        }
        #expect(!ExchangeStateMachine.permits(event, parties: []))
    }
}
