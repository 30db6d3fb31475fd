import Foundation
import LinliDomain
import LinliRules

/// A member's credit score with every component that made it, for the member and the counterparty.
public struct CreditScore: Sendable, Hashable, Codable {
    public var member: MemberID
    /// The final score, clamped to the rule file's `minimum`…`maximum`.
    public var score: RuleDecimal
    /// The score before clamping (base + every contribution).
    public var unclamped: RuleDecimal
    public var level: Int
    public var base: RuleDecimal
    public var components: [CreditComponent]
    public var computedAt: Date

    /// The completed exchanges the score counted: none with a housemate or an account on one's own
    /// device, at most `completed_exchange_per_counterparty_cap` with one neighbour, at most
    /// `completed_exchange_cap` in all. What trusted auto-publication counts too.
    public var countedCompletedExchanges: Int {
        components.first { $0.key == .completedExchanges }.map { Int($0.input.units / RuleDecimal.scale) } ?? 0
    }
}

/// One term of the score: what was counted, the weight from the rule file, and the product.
public struct CreditComponent: Sendable, Hashable, Codable {
    public enum Key: String, Sendable, Hashable, Codable, CaseIterable {
        case completedExchanges = "completed_exchanges"
        case ratings
        case upheldReports = "upheld_reports"
        case creditDeductions = "credit_deductions"
        case noShows = "no_shows"
        case lostDisputes = "lost_disputes"
        case accountAge = "account_age"
        case realNameVerified = "real_name_verified"
    }

    public var key: Key
    /// The counted input: a count, months, 1/0 for verification, or the standing-weighted rating sum.
    public var input: RuleDecimal
    public var weight: RuleDecimal
    public var contribution: RuleDecimal
    public var labelZH: String
    public var labelEN: String

    public func label(_ language: TrustLanguage) -> String { language == .zh ? labelZH : labelEN }
}
