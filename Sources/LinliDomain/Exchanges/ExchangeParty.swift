/// The roles people play in one exchange. A member is always exactly one of requester/owner and
/// one of payer/provider; which pairs up depends on the listing's direction.
public enum ExchangeParty: String, Sendable, CaseIterable {
    /// Who asked (answered the listing).
    case requester
    /// The listing's owner, who accepts or declines.
    case owner
    /// Whose points are held and paid.
    case payer
    /// Who hands over the item or does the work, and is paid.
    case provider
    /// Staff deciding a dispute.
    case moderator
    /// The service itself (automatic confirmation).
    case system
}
