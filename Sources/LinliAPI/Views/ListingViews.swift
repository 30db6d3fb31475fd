import Foundation
import HTTPTypes
import Hummingbird
import LinliDomain
import LinliRules
import LinliStore

/// The views in this file spell their keys in snake_case themselves, so responses are encoded
/// with `convertKeys: false` (see `JSONResponse.make`).
/// How a listing is shown. Everyone who can see it gets its content and points; the owner (and
/// whoever posted it for them) and staff also get the valuation breakdown, the original valuation
/// if a moderator corrected it, the moderation outcome and a pending edit.
struct ListingView: Encodable {
    let id: String
    let ownerId: String
    let createdBy: String
    let status: String
    let direction: String
    let kind: String
    let category: String
    let title: String
    let description: String
    let area: String?
    let photos: [PhotoLink]
    let declaredCost: String?
    let purchaseDate: String?
    let ageMonths: Int?
    let condition: String?
    let quantity: Int?
    let startAt: Date?
    let endAt: Date?
    let availability: [WeeklySlot]?
    let durationMinutes: Int?
    let intensity: String?
    let place: String?
    let skillName: String?
    let level: String?
    let certification: String?
    let evidenceRef: String?
    let points: Int
    let valuation: ValuationView?
    let originalValuation: ValuationView?
    let correction: CorrectionView?
    let moderation: ModerationView?
    let pendingEdit: ListingEditView?
    /// Stays open for further exchanges after one is agreed (`ListingContent.isRepeatable`).
    let repeatable: Bool
    let publishedAt: Date?
    let expiresAt: Date?
    let createdAt: Date
    let updatedAt: Date
    let version: Int

    /// - Parameter detail: false for list pages, which show points but not the breakdown, the
    ///   correction or the moderation outcome (those are one GET away, and parsing every stored
    ///   breakdown would cost a browse page more than its query).
    /// - Parameter seesAsOwner: whether the viewer sees it as its owner does
    ///   (`ListingQueries.seesAsOwner`: the owner, the staff member who registered it for her while
    ///   she has not withdrawn a consent naming them since, or staff holding her consent). Nil: the
    ///   owner only, as the listing alone tells (browse pages; helper 132: a former registrar read
    ///   a listing's evidence there).
    init(
        _ listing: Listing, viewer: Principal, language: Language, pendingEdit: ListingEdit? = nil, detail: Bool = true,
        seesAsOwner: Bool? = nil
    ) {
        let content = listing.content
        let isInsider = viewer.can(.listingReadAll)
            || (seesAsOwner ?? (listing.ownerID == viewer.memberID))
        let insider = isInsider && detail
        id = listing.id.rawValue
        ownerId = listing.ownerID.rawValue
        createdBy = listing.createdBy.rawValue
        status = listing.status.rawValue
        direction = content.direction.rawValue
        kind = content.kind.rawValue
        category = content.categoryCode
        title = content.title
        description = content.description
        area = content.area
        photos = content.photos.map(PhotoLink.init)
        declaredCost = content.declaredCost
        purchaseDate = content.purchaseDate
        ageMonths = content.ageMonths
        condition = content.condition?.rawValue
        quantity = content.quantity
        startAt = content.startAt
        endAt = content.endAt
        availability = content.availability
        durationMinutes = content.durationMinutes
        intensity = content.intensity?.rawValue
        place = content.place
        skillName = content.skillName
        level = content.level?.rawValue
        certification = content.certification?.rawValue
        // Evidence (licence numbers) is for the moderators checking it, not the whole community.
        evidenceRef = isInsider ? content.evidenceRef : nil
        points = listing.valuation.points
        valuation = insider ? ValuationView(listing.valuation, language: language) : nil
        originalValuation = insider ? listing.originalValuation.map { ValuationView($0, language: language) } : nil
        // Which moderator corrected it is the moderators' (as the listing's history hides it from
        // the owner, `ListingHistoryRedaction`; helper 118 found it here).
        correction = insider ? CorrectionView(listing, naming: viewer.can(.listingReadAll)) : nil
        moderation = insider ? ModerationView(listing, language: language) : nil
        self.pendingEdit = insider ? pendingEdit.map(ListingEditView.init) : nil
        repeatable = content.isRepeatable
        publishedAt = listing.publishedAt
        expiresAt = listing.expiresAt
        createdAt = listing.createdAt
        updatedAt = listing.updatedAt
        version = listing.version
    }

    enum CodingKeys: String, CodingKey { case id, ownerId = "owner_id", createdBy = "created_by", status, direction, kind, category, title, description, area, photos, declaredCost = "declared_cost", purchaseDate = "purchase_date", ageMonths = "age_months", condition, quantity, startAt = "start_at", endAt = "end_at", availability, durationMinutes = "duration_minutes", intensity, place, skillName = "skill_name", level, certification, evidenceRef = "evidence_ref", points, valuation, originalValuation = "original_valuation", correction, moderation, pendingEdit = "pending_edit", repeatable, publishedAt = "published_at", expiresAt = "expires_at", createdAt = "created_at", updatedAt = "updated_at", version }
}

struct PhotoLink: Encodable {
    let id: String
    let url: String
    init(_ digest: String) {
        id = digest
        url = "/v1/photos/\(digest)"
    }

    enum CodingKeys: String, CodingKey { case id, url }
}

struct ValuationView: Encodable {
    let points: Int
    let ruleSetVersion: String
    let ruleSetHash: String
    let breakdown: RawJSON
    /// The breakdown as sentences in the reader's language, step by step with the rule line
    /// that produced each factor, so a resident can check the number without reading JSON.
    let explanation: String?

    init(_ valuation: ListingValuation, language: Language) {
        points = valuation.points
        ruleSetVersion = valuation.ruleSetVersion
        ruleSetHash = valuation.ruleSetHash
        breakdown = RawJSON(text: valuation.breakdownJSON)
        explanation = ListingValuationText.explain(valuation, language: language)
    }

    enum CodingKeys: String, CodingKey {
        case points, ruleSetVersion = "rule_set_version", ruleSetHash = "rule_set_hash", breakdown, explanation
    }
}

struct CorrectionView: Encodable {
    let reason: String
    let correctedBy: String?
    let correctedAt: Date?
    let originalInputs: RawJSON?

    /// - Parameter naming: whether the reader may learn which moderator corrected it.
    init?(_ listing: Listing, naming: Bool) {
        guard let reason = listing.correctionReason else { return nil }
        self.reason = reason
        correctedBy = naming ? listing.correctedBy?.rawValue : nil
        correctedAt = listing.correctedAt
        originalInputs = listing.originalInputsJSON.map(RawJSON.init(text:))
    }

    enum CodingKeys: String, CodingKey { case reason, correctedBy = "corrected_by", correctedAt = "corrected_at", originalInputs = "original_inputs" }
}

/// The last moderation outcome, for the owner to act on.
struct ModerationView: Encodable {
    let reasonCode: String?
    let reasonLabel: String?
    let message: String?
    let requestedFields: [String]?

    init?(_ listing: Listing, language: Language) {
        guard listing.decisionReasonCode != nil || listing.decisionMessage != nil || listing.requestedFields != nil else { return nil }
        reasonCode = listing.decisionReasonCode?.rawValue
        reasonLabel = listing.decisionReasonCode?.label(in: language)
        message = listing.decisionMessage
        requestedFields = listing.requestedFields
    }

    enum CodingKeys: String, CodingKey { case reasonCode = "reason_code", reasonLabel = "reason_label", message, requestedFields = "requested_fields" }
}

/// An edit as its reviewers and the listing's owner see it: every field of the content it would
/// put up (helper 137 #5: only the item fields were shown, so a moderator deciding an edit of a
/// time listing's duration or a skill's certificate saw that it changed but not to what), and the
/// points it comes to (`ListingEdit.points`).
struct ListingEditView: Encodable {
    let id: String
    let status: String
    let changedFields: [String]
    let title: String
    let description: String
    let category: String
    let area: String?
    let photos: [PhotoLink]
    let declaredCost: String?
    let purchaseDate: String?
    let ageMonths: Int?
    let condition: String?
    let quantity: Int?
    let startAt: Date?
    let endAt: Date?
    let availability: [WeeklySlot]?
    let durationMinutes: Int?
    let intensity: String?
    let place: String?
    let skillName: String?
    let level: String?
    let certification: String?
    let evidenceRef: String?
    let points: Int?
    let createdBy: String
    let createdAt: Date

    init(_ edit: ListingEdit) {
        let content = edit.content
        id = edit.id.rawValue
        status = edit.status.rawValue
        changedFields = edit.changedFields
        title = content.title
        description = content.description
        category = content.categoryCode
        area = content.area
        photos = content.photos.map(PhotoLink.init)
        declaredCost = content.declaredCost
        purchaseDate = content.purchaseDate
        ageMonths = content.ageMonths
        condition = content.condition?.rawValue
        quantity = content.quantity
        startAt = content.startAt
        endAt = content.endAt
        availability = content.availability
        durationMinutes = content.durationMinutes
        intensity = content.intensity?.rawValue
        place = content.place
        skillName = content.skillName
        level = content.level?.rawValue
        certification = content.certification?.rawValue
        evidenceRef = content.evidenceRef
        points = edit.points
        createdBy = edit.createdBy.rawValue
        createdAt = edit.createdAt
    }

    enum CodingKeys: String, CodingKey {
        case id, status, changedFields = "changed_fields", title, description, category, area, photos, declaredCost = "declared_cost"
        case purchaseDate = "purchase_date", ageMonths = "age_months", condition, quantity, startAt = "start_at", endAt = "end_at"
        case availability, durationMinutes = "duration_minutes", intensity, place, skillName = "skill_name", level, certification
        case evidenceRef = "evidence_ref", points, createdBy = "created_by", createdAt = "created_at"
    }
}

/// The answer to a write: the listing, plus the review item or edit it opened.
struct ListingChangeView: Encodable {
    let listing: ListingView
    let review: ReviewView?
    let edit: ListingEditView?

    /// - Parameter seesAsOwner: as for `ListingView`: staff editing or submitting for the owner
    ///   by her consent see in the answer what she would (the valuation, the pending edit).
    init(_ change: ListingChange, viewer: Principal, language: Language, seesAsOwner: Bool? = nil) {
        listing = ListingView(
            change.listing, viewer: viewer, language: language, pendingEdit: change.edit?.status == .pending ? change.edit : nil,
            seesAsOwner: seesAsOwner)
        // The review's moderators' part (signals, priority, claimant) only to a moderator not on
        // the owner's side of it: one submitting her own listing, or one she posted or acts
        // for, was shown it, report clusters against her among the signals (helper 188 #3).
        let ownersSide = change.listing.ownerID == viewer.memberID || change.listing.createdBy == viewer.memberID || seesAsOwner == true
        review = change.review.map { ReviewView($0, language: language, moderation: viewer.can(.listingReview) && !ownersSide) }
        edit = change.edit.map(ListingEditView.init)
    }

    enum CodingKeys: String, CodingKey { case listing, review, edit }
}

struct CategoryView: Encodable {
    let code: String
    let name: String
    let nameZh: String
    let nameEn: String
    let kinds: [String]
    let needsVerifiedProvider: Bool
    let minPhotos: Int
    let minProviderCreditLevel: Int

    init(_ category: ListingCategory, language: Language) {
        minProviderCreditLevel = category.minProviderCreditLevel
        code = category.code
        name = language == .zhCN ? category.nameZh : category.nameEn
        nameZh = category.nameZh
        nameEn = category.nameEn
        kinds = category.kinds.map(\.rawValue).sorted()
        needsVerifiedProvider = category.needsVerifiedProvider
        minPhotos = category.minPhotos
    }

    enum CodingKeys: String, CodingKey { case code, name, nameZh = "name_zh", nameEn = "name_en", kinds, needsVerifiedProvider = "needs_verified_provider", minPhotos = "min_photos", minProviderCreditLevel = "min_provider_credit_level" }
}

struct CategoryList: Encodable {
    let items: [CategoryView]

    enum CodingKeys: String, CodingKey { case items }
}

struct PhotoView: Encodable {
    let id: String
    let url: String
    let mediaType: String
    let byteSize: Int
    let width: Int?
    let height: Int?
    let createdAt: Date

    init(_ photo: PhotoRecord) {
        id = photo.sha256
        url = "/v1/photos/\(photo.sha256)"
        mediaType = photo.format.mediaType
        byteSize = photo.byteSize
        width = photo.width
        height = photo.height
        createdAt = photo.createdAt
    }

    enum CodingKeys: String, CodingKey { case id, url, mediaType = "media_type", byteSize = "byte_size", width, height, createdAt = "created_at" }
}

extension JSONResponse {
    /// Encodes a view whose keys are already snake_case, skipping the per-key conversion. A
    /// listing, a page of listings or the answer to a listing write is written by hand
    /// (`ListingChangeJSON`, `ListingPageJSON`: the same bytes) unless it holds something only
    /// the encoder writes.
    static func view<T: Encodable>(
        _ value: T, status: HTTPResponse.Status = .ok, version: Int? = nil, location: String? = nil
    ) throws -> Response {
        if let change = value as? ListingChangeView, let body = ListingChangeJSON.encode(change) {
            return respond(body, status: status, version: version, location: location)
        }
        if let listing = value as? ListingView, let body = ListingChangeJSON.encode(listing) {
            return respond(body, status: status, version: version, location: location)
        }
        if let page = value as? PageView<ListingView>, let body = ListingPageJSON.encode(page) {
            return respond(body, status: status, version: version, location: location)
        }
        return try make(value, status: status, version: version, location: location, convertKeys: false)
    }
}
