/// One live listing to compare: its id and valuation input, and the points it carries now.
public struct DiffListing: Sendable, Hashable {
    public var id: String
    public var input: ValuationInput
    /// The points residents see on it now (its stored valuation), when it is a stored listing:
    /// what a revaluation under the candidate would move it from. It can differ from what the
    /// rules in force give it today (demand and supply moved since it was last valued).
    public var stored: Int?
    /// The content hash of the rule file the stored points came from: a listing already valued
    /// under the candidate is left alone by a revaluation, and is not counted as moving.
    public var storedHash: String?

    /// The listing's own part in its category's demand and supply over the current and the
    /// candidate's window (a stored listing, published in the window, is counted there): left out
    /// of its own valuation, as a revaluation does (`ScarcityCounts.removing`).
    public var ownScarcity: ScarcityCounts?
    public var ownScarcityUnderCandidate: ScarcityCounts?

    public init(
        id: String, input: ValuationInput, stored: Int? = nil, storedHash: String? = nil, ownScarcity: ScarcityCounts? = nil,
        ownScarcityUnderCandidate: ScarcityCounts? = nil
    ) {
        self.id = id
        self.input = input
        self.stored = stored
        self.storedHash = storedHash
        self.ownScarcity = ownScarcity
        self.ownScarcityUnderCandidate = ownScarcityUnderCandidate
    }
}
