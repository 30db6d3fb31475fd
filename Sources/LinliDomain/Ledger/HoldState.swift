/// The life of a hold: points taken from the payer into escrow when an exchange is accepted, kept
/// until the exchange ends.
///
/// ```
/// held ──→ released (to the provider)      held ──→ frozen (dispute) ──→ released / refunded
///   └────→ refunded (back to the payer)    frozen ──→ held (dispute withdrawn)
/// ```
/// Released and refunded are final: the escrowed points have left.
public enum HoldState: String, Sendable, CaseIterable, Codable {
    case held
    case frozen
    case released
    case refunded

    /// Whether the points are still in escrow.
    public var isOpen: Bool { self == .held || self == .frozen }

    public func canTransition(to next: HoldState) -> Bool {
        switch (self, next) {
        case (.held, .frozen), (.held, .released), (.held, .refunded): return true
        case (.frozen, .held), (.frozen, .released), (.frozen, .refunded): return true
        default: return false
        }
    }
}
