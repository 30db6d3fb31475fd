/// The listing state machine: the single table of allowed transitions.
///
/// Pure and total: every (status, event) pair either yields the next status or throws a 409
/// `listing.invalid_transition` that names the current status, so clients can show why.
public enum ListingStateMachine {
    /// event → statuses it may start from, and where it leads.
    static let table: [ListingEvent: (from: Set<ListingStatus>, to: ListingStatus)] = [
        .submit: ([.draft, .changesRequested], .pendingReview),
        .autoPublish: ([.draft], .published),
        .approve: ([.pendingReview], .published),
        .reject: ([.pendingReview], .rejected),
        .requestChanges: ([.pendingReview], .changesRequested),
        .reserve: ([.published], .reserved),
        .release: ([.reserved], .published),
        .complete: ([.reserved], .exchanged),
        // A reserved listing has a counterpart waiting: cancel the exchange first.
        .withdraw: ([.draft, .pendingReview, .changesRequested, .published], .withdrawn),
        .expire: ([.published], .expired),
        .remove: ([.pendingReview, .changesRequested, .published, .reserved], .removed),
        .reinstate: ([.removed], .published),
        .reopen: ([.removed], .changesRequested),
    ]

    /// The status after `event`, or a conflict naming the current status.
    public static func next(from status: ListingStatus, on event: ListingEvent) throws(DomainError) -> ListingStatus {
        guard let rule = table[event], rule.from.contains(status) else {
            throw DomainError(
                code: "listing.invalid_transition", category: .conflict,
                parameters: ["current_status": status.rawValue, "event": event.rawValue])
        }
        return rule.to
    }

    public static func allows(_ event: ListingEvent, from status: ListingStatus) -> Bool {
        table[event]?.from.contains(status) ?? false
    }

    /// How an owner's edit is applied in each status: directly (not yet public), as a pending edit
    /// that goes to review while the published version stays visible, or not at all.
    public enum EditMode: Sendable, Equatable {
        case inPlace
        case pendingEdit
    }

    public static func editMode(for status: ListingStatus) throws(DomainError) -> EditMode {
        switch status {
        case .draft, .changesRequested: return .inPlace
        case .published: return .pendingEdit
        default:
            throw DomainError(
                code: "listing.not_editable", category: .conflict, parameters: ["current_status": status.rawValue])
        }
    }
}
