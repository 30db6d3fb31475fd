/// Body of `POST /v1/listings/{id}/reinstate`: why a moderator undoes a removal made by hand,
/// told to the owner.
public struct ListingReinstatement: Decodable, Sendable, Equatable {
    public var message: String

    public enum CodingKeys: String, CodingKey, CaseIterable { case message }

    public init(message: String) {
        self.message = message
    }

    public func validate() throws(DomainError) {
        var check = FieldValidator()
        check.text(message, at: "/message", max: ListingLimits.message)
        try check.finish()
    }
}
