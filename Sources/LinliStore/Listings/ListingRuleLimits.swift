import Foundation
import LinliDomain
import LinliRules

/// The community's own, tighter limits on listings from its rule file (`listing:`): title and
/// description length, photos, declared cost and session length. The system-wide bounds in
/// `ListingLimits` are checked first by the input validation; these can only narrow them.
enum ListingRuleLimits {
    static func check(_ content: ListingContent, policy: ListingPolicy) throws {
        let issues = issues(content, policy: policy)
        if !issues.isEmpty { throw DomainError.validation(issues) }
    }

    /// Checks only the fields at `pointers`: a moderator's valuation correction answers for the
    /// figures it changes, not for a title that a rule version adopted since made too long.
    static func check(_ content: ListingContent, policy: ListingPolicy, only pointers: Set<String>) throws {
        let issues = issues(content, policy: policy).filter { pointers.contains($0.pointer) }
        if !issues.isEmpty { throw DomainError.validation(issues) }
    }

    /// The highest declared cost the community takes: its rule file's when lower than the
    /// system's (`ListingLimits.maxDeclaredCost`), as the format message should say it.
    static func declaredCostMax(_ policy: ListingPolicy) -> String {
        min(policy.maxDeclaredCost, RuleDecimal(integer: Int64(ListingLimits.maxDeclaredCost))).description
    }

    static func issues(_ content: ListingContent, policy: ListingPolicy) -> [FieldIssue] {
        var issues: [FieldIssue] = []
        if content.title.count > policy.titleMaxLength {
            issues.append(FieldIssue("/title", .tooLong, ["max": String(policy.titleMaxLength)]))
        }
        if content.description.count > policy.descriptionMaxLength {
            issues.append(FieldIssue("/description", .tooLong, ["max": String(policy.descriptionMaxLength)]))
        }
        if content.photos.count > policy.maxPhotos {
            issues.append(FieldIssue("/photos", .outOfRange, ["min": "0", "max": String(policy.maxPhotos)]))
        }
        if let text = content.declaredCost, let cost = RuleDecimal(parsing: text), cost > policy.maxDeclaredCost {
            issues.append(FieldIssue("/declared_cost", .outOfRange, ["min": "0.01", "max": policy.maxDeclaredCost.description]))
        }
        if let minutes = content.durationMinutes, minutes > policy.maxDurationMinutes {
            issues.append(FieldIssue("/duration_minutes", .outOfRange, ["min": "15", "max": String(policy.maxDurationMinutes)]))
        }
        return issues
    }
}
