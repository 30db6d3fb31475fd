import Foundation
import LinliDomain
import LinliRules

/// One community's rule set in force, as the capabilities read it: the compiled valuation, the
/// listing categories, the review policy and the ledger limits, all taken from the same file so
/// that what residents see, what moderators enforce and what the ledger allows never disagree.
public struct CommunityRules: Sendable {
    public let ruleSetID: RuleSetID
    public let communityID: CommunityID
    public let version: Int
    public let contentHash: String
    public let fileName: String
    public let compiled: CompiledRuleSet
    /// The file's `categories:`, in file order.
    public let categories: [ListingCategory]
    /// `review:` and `listing:` in the shape the listing use cases run under.
    public let review: LinliDomain.ReviewPolicy
    /// `ledger:` in the shape the ledger enforces.
    public let ledger: LedgerLimits
    /// `events:` in the shape the event use cases run under.
    public let events: EventRules

    init(stored: StoredRuleSet, compiled: CompiledRuleSet) {
        ruleSetID = stored.id
        communityID = stored.communityID
        version = stored.version
        contentHash = stored.contentHash
        fileName = stored.fileName
        self.compiled = compiled
        let ruleSet = compiled.ruleSet
        categories = ruleSet.categories.enumerated().map { index, definition in
            ListingCategory(definition, community: stored.communityID, position: index + 1)
        }
        review = LinliDomain.ReviewPolicy(review: ruleSet.review, listing: ruleSet.listing)
        ledger = LedgerLimits(ruleSet.ledger)
        events = EventRules(ruleSet.events)
    }

    public var ruleSet: RuleSet { compiled.ruleSet }

    public func category(_ code: String) -> ListingCategory? { categories.first { $0.code == code } }

    /// Values a listing under this rule set. `scarcity` holds the demand and supply the store
    /// counted over the file's window. Inputs the file cannot price are refused as a validation
    /// error pointing at the field, exactly as the rules engine names it.
    public func value(_ listing: ListingValuationInput, area: String?, scarcity: ScarcityCounts?, at date: Date) throws -> ListingValuation {
        let valuation = try valuate(listing, area: area, scarcity: scarcity, at: date)
        return ListingValuation(
            points: valuation.points, ruleSetVersion: String(version), ruleSetHash: contentHash,
            breakdownJSON: try ListingValuationCodec.encode(valuation))
    }

    /// The engine's valuation alone, without the stored breakdown document: for callers that need
    /// only the points (an exchange re-priced from actual minutes), which saves encoding the
    /// breakdown JSON on every completion.
    func valuate(_ listing: ListingValuationInput, area: String?, scarcity: ScarcityCounts?, at date: Date) throws -> Valuation {
        let input = try listing.ruleInput(area: area)
        let context = Self.context(category: listing.categoryCode, scarcity: scarcity, at: date)
        let valuation: Valuation
        do throws(RuleEvaluationError) {
            valuation = try compiled.valuate(input, in: context)
        } catch {
            throw DomainError.validation([error.fieldIssue])
        }
        return valuation
    }

    /// `held` scaled by how these rules value `actual` against `scheduled`, the same listing at two
    /// durations (`CompiledRuleSet.scale`: exact, rounded once with the file's mode).
    func scale(
        _ held: Int, actual: ListingValuationInput, scheduled: ListingValuationInput, area: String?, scarcity: ScarcityCounts?, at date: Date
    ) throws -> Int? {
        let context = Self.context(category: scheduled.categoryCode, scarcity: scarcity, at: date)
        let longer = try actual.ruleInput(area: area), listed = try scheduled.ruleInput(area: area)
        do throws(RuleEvaluationError) {
            return try compiled.scale(held, actual: longer, scheduled: listed, in: context)
        } catch {
            throw DomainError.validation([error.fieldIssue])
        }
    }

    private static func context(category: String, scarcity: ScarcityCounts?, at date: Date) -> ValuationContext {
        var context = ValuationContext(valuedAt: date)
        if let scarcity { context.scarcity[ScarcityKey(category: category)] = scarcity }
        return context
    }
}

/// The stored breakdown is the engine's own `Valuation` document (steps, factors, rule lines,
/// inputs, version and hash), so the explanation a resident reads is exactly what priced them.
enum ListingValuationCodec {
    static func encode(_ valuation: Valuation) throws -> String {
        let json = ValuationJSON.encode(valuation)
        recent.remember(json, valuation)
        return json
    }

    static func decode(_ json: String) throws -> Valuation {
        if let valuation = recent.valuation(for: json) { return valuation }
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return try decoder.decode(Valuation.self, from: Data(json.utf8))
    }

    /// Valuations encoded moments ago, by their stored text: a listing just posted or edited is
    /// explained in the response of the same request, and decoding the text it was encoded to
    /// one step earlier had cost a create request about 4 % of its CPU.
    static let recent = RecentValuations(capacity: 256)
}

extension RuleEvaluationError {
    /// The listing field at fault, as a problem-details pointer.
    var fieldIssue: FieldIssue {
        let pointer = "/" + "\(field)"
        return switch code {
        case .unknownCategory: FieldIssue(pointer, .notFound)
        case .kindNotInCategory: FieldIssue(pointer, .notApplicable)
        case .missingField: FieldIssue(pointer, .required)
        case .invalidField: FieldIssue(pointer, .invalidValue)
        case .outOfRange: FieldIssue(pointer, .outOfRange)
        }
    }
}

extension ListingCategory {
    init(_ definition: CategoryDefinition, community: CommunityID, position: Int) {
        self.init(
            communityID: community, code: definition.id, nameZh: definition.nameZH, nameEn: definition.nameEN,
            kinds: Set(definition.kinds.kinds.map(LinliDomain.ListingKind.init)), needsVerifiedProvider: definition.needsVerifiedProvider,
            minPhotos: definition.minPhotos, position: position)
        minProviderCreditLevel = definition.minCreditLevel
    }
}

extension LinliDomain.ReviewPolicy {
    /// The review policy a rule file describes. Signal weights are not in the file (yet): the
    /// defaults rank hotwords above price outliers above the rest.
    init(review: LinliRules.ReviewPolicy, listing: ListingPolicy) {
        self.init(
            hotwords: review.hotwords, newMemberReviewCount: review.newMemberReviewedListings,
            declaredCostMedianFactor: Decimal(string: review.costOutlierFactor.description) ?? 3,
            medianMinimumSample: review.costOutlierMinSamples, repeatedTitleWindowDays: review.duplicateTitleWindowDays,
            trustedAutoPublish: review.trustedAutoPublish.enabled,
            trustedMinCompletedExchanges: review.trustedAutoPublish.minCompletedExchanges,
            trustedMaxUpheldReports: review.trustedAutoPublish.requireNoUpheldReports ? 0 : Int.max,
            claimLeaseSeconds: review.claimLeaseMinutes * 60,
            expiryDays: [.item: listing.itemExpiryDays, .time: listing.timeExpiryDays, .skill: listing.skillExpiryDays])
        trustedMinCreditLevel = review.trustedAutoPublish.minCreditLevel
    }
}

extension LedgerLimits {
    /// The limits a rule file's `ledger:` section sets. The largest single transfer is a system
    /// bound the file does not override.
    init(_ policy: LedgerPolicy) {
        self.init(
            creditLimit: policy.memberCreditLimit, warningThreshold: policy.softLimitWarning,
            organizerDailyRewardCap: policy.organizerDailyGrantCap,
            memberDailyRewardCap: policy.memberDailyRewardCap,
            maxTransferAmount: LedgerLimits.standard.maxTransferAmount,
            rewards: Dictionary(
                policy.rewards.map { ($0.id, RewardKind(points: $0.points, perMemberPerDay: $0.perMemberPerDay, nameZH: $0.nameZH, nameEN: $0.nameEN)) },
                uniquingKeysWith: { first, _ in first }),
            donationPointsPerYuanUnits: policy.donationPointsPerYuan.units, donationConfirmAbovePoints: policy.donationConfirmAbovePoints)
    }
}

extension EventRules {
    /// The norms a rule file's `events:` section sets (its defaults when the file has none).
    init(_ policy: EventPolicy) {
        self.init(
            defaultPerHouseholdLimit: policy.defaultPerHouseholdLimit, checkInOpensBeforeMinutes: policy.checkInOpensBeforeMinutes,
            reminderLeadHours: policy.reminderLeadHours)
    }
}
