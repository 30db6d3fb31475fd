/// Where an exchange is in its life cycle. `ExchangeStateMachine` is the only place that knows
/// which changes are allowed.
public enum ExchangeState: String, Codable, Sendable, CaseIterable {
    /// A member asked; the listing's owner has not answered. No points move yet.
    case requested
    /// The owner agreed: the payer's points are held in escrow and the listing is reserved.
    case accepted
    /// The payer confirmed (or the confirmation period passed): the hold paid the provider.
    case completed
    /// The owner said no to the request.
    case declined
    /// A party called it off; any hold went back to the payer.
    case cancelled
    /// One side did not turn up: the hold went back to the payer and the absent side was penalised.
    case noShow = "no_show"
    /// A party objected: the hold is frozen until a moderator decides.
    case disputed
    /// A moderator decided the dispute (see `ExchangeResolution`).
    case resolved

    /// Requested, accepted and disputed exchanges still tie a member up (the open-exchange limit).
    public var isOpen: Bool { self == .requested || self == .accepted || self == .disputed }

    /// The states counted as open, for queries.
    public static let openStates: [ExchangeState] = allCases.filter(\.isOpen)
}

/// Everything that can happen to an exchange.
public enum ExchangeEvent: String, Codable, Sendable, CaseIterable {
    case accept
    case decline
    case cancel
    /// The payer confirms the exchange took place.
    case complete
    /// The scheduler confirms on the payer's behalf once the confirmation period has passed.
    case autoConfirm = "auto_confirm"
    case noShow = "no_show"
    case dispute
    /// The party who opened a dispute takes it back before a moderator decides.
    case withdrawDispute = "withdraw_dispute"
    /// The provider of a time exchange states the minutes they worked (the exchange stays accepted).
    case reportMinutes = "report_minutes"
    case resolve
}

/// A moderator's decision on a disputed exchange.
public enum ExchangeResolution: String, Codable, Sendable, CaseIterable {
    /// The defect does not affect use: the provider is paid, then compensates the payer.
    case compensate
    /// Unusable: the payer gets the points back, the item goes back, the provider loses the dispute.
    case refund
}
