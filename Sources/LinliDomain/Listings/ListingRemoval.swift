/// Body of `POST /v1/listings/{id}/remove`: a moderator takes a listing down, saying why.
public struct ListingRemoval: Decodable, Sendable, Equatable {
    public var reasonCode: RejectReason
    public var message: String

    public enum CodingKeys: String, CodingKey, CaseIterable { case reasonCode = "reason_code", message }

    public init(reasonCode: RejectReason, message: String) {
        self.reasonCode = reasonCode
        self.message = message
    }

    public func validate() throws(DomainError) {
        var check = FieldValidator()
        check.text(message, at: "/message", max: ListingLimits.message)
        try check.finish()
    }
}
