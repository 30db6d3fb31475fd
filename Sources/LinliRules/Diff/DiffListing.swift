/// One live listing to compare: its id and valuation input.
public struct DiffListing: Sendable, Hashable {
    public var id: String
    public var input: ValuationInput

    public init(id: String, input: ValuationInput) {
        self.id = id
        self.input = input
    }
}
