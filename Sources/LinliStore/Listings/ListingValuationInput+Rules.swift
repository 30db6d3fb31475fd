import Foundation
import LinliDomain
import LinliRules

/// Listings and the rules engine each have their own vocabulary types (the pure modules do not
/// depend on each other); these conversions are exhaustive switches, so a value added on one
/// side and not the other is a compile error rather than a silently mispriced listing.
extension ListingValuationInput {
    func ruleInput(area: String?) throws -> ValuationInput {
        var issues: [FieldIssue] = []
        var cost: RuleDecimal?
        if let declaredCost {
            cost = RuleDecimal(parsing: declaredCost)
            if cost == nil { issues.append(FieldIssue("/declared_cost", .invalidFormat)) }
        }
        var purchased: LocalDate?
        if let purchaseDate {
            purchased = LocalDate(parsing: purchaseDate)
            if purchased == nil { issues.append(FieldIssue("/purchase_date", .invalidFormat)) }
        }
        if !issues.isEmpty { throw DomainError.validation(issues) }
        return ValuationInput(
            kind: LinliRules.ListingKind(kind), direction: LinliRules.ListingDirection(direction), category: categoryCode,
            declaredCost: cost, purchaseDate: purchased, ageMonths: ageMonths, condition: condition.map(LinliRules.ItemCondition.init),
            quantity: quantity, start: sessionWindow?.start, end: sessionWindow?.end, durationMinutes: sessionWindow == nil ? durationMinutes : nil,
            intensity: intensity.map(LinliRules.TimeIntensity.init), certification: certification.map(LinliRules.SkillCertification.init),
            level: level.map(LinliRules.SkillLevel.init), area: area)
    }
}

extension LinliRules.ListingKind {
    init(_ kind: LinliDomain.ListingKind) {
        self = switch kind {
        case .item: .item
        case .time: .time
        case .skill: .skill
        }
    }
}

extension LinliDomain.ListingKind {
    init(_ kind: LinliRules.ListingKind) {
        self = switch kind {
        case .item: .item
        case .time: .time
        case .skill: .skill
        }
    }
}

extension LinliRules.ListingDirection {
    init(_ direction: LinliDomain.ListingDirection) {
        self = switch direction {
        case .offer: .offer
        case .request: .request
        }
    }
}

extension LinliRules.ItemCondition {
    init(_ condition: LinliDomain.ItemCondition) {
        self = switch condition {
        case .new: .new
        case .likeNew: .likeNew
        case .good: .good
        case .fair: .fair
        case .worn: .worn
        case .forParts: .forParts
        }
    }
}

extension LinliRules.TimeIntensity {
    init(_ intensity: LinliDomain.TimeIntensity) {
        self = switch intensity {
        case .light: .light
        case .moderate: .moderate
        case .heavy: .heavy
        }
    }
}

extension LinliRules.SkillCertification {
    init(_ certification: LinliDomain.SkillCertification) {
        self = switch certification {
        case .none: .none
        case .peerEndorsed: .peerEndorsed
        case .verifiedLicence: .verifiedLicence
        }
    }
}

extension LinliRules.SkillLevel {
    init(_ level: LinliDomain.SkillLevel) {
        self = switch level {
        case .beginner: .beginner
        case .intermediate: .intermediate
        case .advanced: .advanced
        case .expert: .expert
        }
    }
}
