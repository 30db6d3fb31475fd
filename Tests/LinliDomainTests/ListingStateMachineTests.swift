import LinliDomain
import Testing

/// The listing state machine as a table: every (status, event) pair is listed with its expected
/// outcome, so any change to the transitions that is not also made here fails.
@Suite struct ListingStateMachineTests {
    typealias S = ListingStatus

    /// (from, event) → to; every pair not listed must be refused.
    static let allowed: [S: [ListingEvent: S]] = [
        .draft: [.submit: .pendingReview, .autoPublish: .published, .withdraw: .withdrawn],
        .pendingReview: [.approve: .published, .reject: .rejected, .requestChanges: .changesRequested, .withdraw: .withdrawn, .remove: .removed],
        .changesRequested: [.submit: .pendingReview, .withdraw: .withdrawn, .remove: .removed],
        .published: [.reserve: .reserved, .withdraw: .withdrawn, .expire: .expired, .remove: .removed],
        .reserved: [.release: .published, .complete: .exchanged, .remove: .removed],
        .rejected: [:], .exchanged: [:], .withdrawn: [:], .expired: [:],
        // Only an appeal overturning the removal leaves it (`ListingCommands.reinstate`).
        .removed: [.reinstate: .published, .reopen: .changesRequested],
    ]

    /// Events no owner causes: an appeal's decision undoing a removal.
    static let appealOnly: Set<ListingEvent> = [.reinstate, .reopen]

    @Test func tableCoversEveryStatus() {
        #expect(Set(Self.allowed.keys) == Set(ListingStatus.allCases))
    }

    @Test(arguments: ListingStatus.allCases)
    func transitionsFrom(_ status: ListingStatus) throws {
        for event in ListingEvent.allCases {
            if let expected = Self.allowed[status]?[event] {
                #expect(try ListingStateMachine.next(from: status, on: event) == expected, "\(status) + \(event)")
                #expect(ListingStateMachine.allows(event, from: status))
            } else {
                let error = try #require(throws: DomainError.self, "\(status) + \(event) must be refused") {
                    try ListingStateMachine.next(from: status, on: event)
                }
                #expect(error.code == "listing.invalid_transition")
                #expect(error.category == .conflict)
                #expect(error.parameters["current_status"] == status.rawValue)
                #expect(error.parameters["event"] == event.rawValue)
            }
        }
    }

    @Test func finalStatesAreExactlyThoseWithoutExits() {
        for status in ListingStatus.allCases {
            let ownerExits = (Self.allowed[status] ?? [:]).keys.filter { !Self.appealOnly.contains($0) }
            #expect(status.isFinal == ownerExits.isEmpty, "\(status)")
        }
    }

    @Test func editModes() throws {
        #expect(try ListingStateMachine.editMode(for: .draft) == .inPlace)
        #expect(try ListingStateMachine.editMode(for: .changesRequested) == .inPlace)
        #expect(try ListingStateMachine.editMode(for: .published) == .pendingEdit)
        for status in [S.pendingReview, .reserved, .rejected, .exchanged, .withdrawn, .expired, .removed] {
            let error = try #require(throws: DomainError.self) { try ListingStateMachine.editMode(for: status) }
            #expect(error.code == "listing.not_editable")
            #expect(error.parameters["current_status"] == status.rawValue)
        }
    }
}
