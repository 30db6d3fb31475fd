import Foundation

/// What an exchange was agreed on: the listing's valuation inputs and area when it was accepted.
///
/// Why keep them: settlement prices a time exchange's actual minutes against the listing
/// (`ExchangeSettlementPlan`), and the listing can change after acceptance: a no-show puts it
/// back on offer for its owner to edit (a booked repeatable offer may change its area too,
/// though not its valuation inputs, `ListingBookings`). If the absent side contests and is
/// found to have been there, the exchange is paid as agreed, not as the listing reads by then: an
/// owner who was the payer (a request listing) could otherwise shorten it to pay less.
public struct ExchangeAgreedTerms: Codable, Sendable, Equatable {
    public var input: ListingValuationInput
    public var area: String?
    /// The exchange rules in force at acceptance (nil for terms kept before session 28).
    public var rules: AgreedExchangeRules?
    /// The hash of the rule file whose valuation the held points are (the listing's at
    /// acceptance; nil for terms kept before session 33). Fewer minutes than listed are re-priced
    /// under that file, not the one in force at completion (helper 115: a new file raising
    /// `time.minimum_minutes` paid a 20-minute walk as a full hour).
    public var ruleSetHash: String?

    public init(input: ListingValuationInput, area: String?, rules: AgreedExchangeRules? = nil, ruleSetHash: String? = nil) {
        self.input = input
        self.area = area
        self.rules = rules
        self.ruleSetHash = ruleSetHash
    }

    /// The terms of `content` as it stands, under `rules`, priced by the file `ruleSetHash`.
    public init(_ content: ListingContent, rules: ExchangeRules? = nil, ruleSetHash: String? = nil) {
        self.init(input: content.valuationInput, area: content.area, rules: rules.map(AgreedExchangeRules.init), ruleSetHash: ruleSetHash)
    }

    /// `content` with these terms in place of its own (wording, photos and place stay as they
    /// are: they do not price anything).
    public func applied(to content: ListingContent) -> ListingContent {
        var agreed = content
        agreed.kind = input.kind
        agreed.direction = input.direction
        agreed.categoryCode = input.categoryCode
        agreed.declaredCost = input.declaredCost
        agreed.purchaseDate = input.purchaseDate
        agreed.ageMonths = input.ageMonths
        agreed.condition = input.condition
        agreed.quantity = input.quantity
        agreed.durationMinutes = input.durationMinutes
        agreed.startAt = input.startAt
        agreed.endAt = input.endAt
        agreed.intensity = input.intensity
        agreed.certification = input.certification
        agreed.level = input.level
        agreed.area = area
        return agreed
    }
}
