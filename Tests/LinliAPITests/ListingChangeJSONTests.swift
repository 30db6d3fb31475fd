import Foundation
import LinliDomain
import Testing
@testable import LinliAPI
@testable import LinliStore

/// The hand-written answer to a listing write produces exactly what `JSONResponse` writes
/// through `JSONEncoder` (stored JSON spliced in), for every detail it can carry, and leaves to
/// the encoder what it cannot promise to reproduce.
@Suite struct ListingChangeJSONTests {
    static let viewer = ListingPageJSONTests.viewer
    static let at = Date(timeIntervalSince1970: 1_764_633_600.25)
    static let moderator = MemberID(trusted: "mem_01JD5Q0Z6W8K3M2N4P5R6S7T8M")

    /// A listing the viewer owns, with every detail field set (or none).
    static func listing(detailed: Bool) -> Listing {
        var listing = ListingPageJSONTests.listing(ListingPageJSONTests.listings[0].content, owner: viewer.memberID.rawValue, seconds: 1_764_633_600.25)
        listing.valuation = ListingValuation(
            points: 17, ruleSetVersion: "3", ruleSetHash: "9f2c",
            breakdownJSON: #"{"points":17,"steps":[{"factor":"0.8","rule":"condition.good","note":"a/b \"q\" 九成新"}]}"#)
        guard detailed else { return listing }
        listing.originalValuation = ListingValuation(points: 30, ruleSetVersion: "3", ruleSetHash: "9f2c", breakdownJSON: #"[1,2]"#)
        listing.originalInputsJSON = #"{"declared_cost":"3000.00"}"#
        listing.correctionReason = "申报价值明显偏高 / too high"
        listing.correctedBy = moderator
        listing.correctedAt = at.addingTimeInterval(60)
        listing.decisionReasonCode = .misleading
        listing.decisionMessage = "请补充\"实物\"照片"
        listing.requestedFields = ["photos", "description"]
        return listing
    }

    static func edit(_ listing: Listing, content replacement: ListingContent? = nil, points: Int? = nil) -> ListingEdit {
        var content = replacement ?? listing.content
        content.title = "折叠梯（新）"
        if replacement == nil { content.photos = [String(repeating: "c", count: 64)] }
        return ListingEdit(
            id: ListingEditID(trusted: "led_01JD5Q0Z6W8K3M2N4P5R6S7T8E"), communityID: listing.communityID, listingID: listing.id,
            content: content, changedFields: ["title", "photos"], status: .pending, createdBy: viewer.memberID, createdAt: at, decidedAt: nil,
            points: points)
    }

    static func review(_ listing: Listing, edit: ListingEdit?, decided: Bool) -> ReviewItem {
        ReviewItem(
            id: ReviewID(trusted: "rev_01JD5Q0Z6W8K3M2N4P5R6S7T8R"), communityID: listing.communityID, listingID: listing.id,
            editID: edit?.id, subject: edit == nil ? .listing : .edit, status: decided ? .decided : .pending, priority: 45,
            signals: [
                PreScreenSignal(code: .newMember, weight: 10, parameters: ["ordinal": "1", "limit": "3"]),
                PreScreenSignal(code: .hotword, weight: 30, parameters: ["word": "保健品 \"特效\""]),
                PreScreenSignal(code: .declaredCostAboveMedian, weight: 5, parameters: [:]),
            ],
            claimedBy: decided ? moderator : nil, claimExpiresAt: decided ? at.addingTimeInterval(900) : nil,
            decision: decided ? .requestChanges : nil, reasonCode: decided ? .misleading : nil, message: decided ? "补充照片" : nil,
            requestedFields: decided ? ["photos"] : nil, decidedBy: decided ? moderator : nil, decidedAt: decided ? at.addingTimeInterval(120) : nil,
            createdAt: at, version: decided ? 3 : 1)
    }

    static var changes: [ListingChange] {
        let plain = listing(detailed: false)
        let detailed = listing(detailed: true)
        let pendingEdit = edit(detailed)
        return [
            ListingChange(listing: plain, review: nil, edit: nil),
            ListingChange(listing: plain, review: review(plain, edit: nil, decided: false), edit: nil),
            ListingChange(listing: detailed, review: review(detailed, edit: nil, decided: true), edit: nil),
            ListingChange(listing: detailed, review: review(detailed, edit: pendingEdit, decided: false), edit: pendingEdit),
        ] + ListingPageJSONTests.listings.dropFirst().map { other in
            // Every field of a time and a skill edit, with its points (helper 137 #5).
            let edit = edit(detailed, content: other.content, points: 21)
            return ListingChange(listing: detailed, review: review(detailed, edit: edit, decided: false), edit: edit)
        }
    }

    @Test(arguments: [Language.zhCN, .en])
    func changesMatchTheEncoder(language: Language) throws {
        for change in Self.changes {
            let view = ListingChangeView(change, viewer: Self.viewer, language: language)
            let written = try #require(ListingChangeJSON.encode(view))
            #expect(String(buffer: written) == String(decoding: try JSONResponse.encoded(view, convertKeys: false), as: UTF8.self))
            // A single listing with its details (GET /v1/listings/{id}) too.
            let detail = try #require(ListingChangeJSON.encode(view.listing))
            #expect(String(buffer: detail) == String(decoding: try JSONResponse.encoded(view.listing, convertKeys: false), as: UTF8.self))
        }
    }

    /// Stored text that is not a JSON object or array, and parameter names whose order the
    /// encoder might sort differently, go back to the encoder.
    @Test func whatItCannotPromiseGoesToTheEncoder() {
        var broken = Self.listing(detailed: false)
        broken.valuation.breakdownJSON = "not json"
        #expect(ListingChangeJSON.encode(ListingChangeView(ListingChange(listing: broken, review: nil, edit: nil), viewer: Self.viewer, language: .zhCN)) == nil)
        let plain = Self.listing(detailed: false)
        var review = Self.review(plain, edit: nil, decided: false)
        review.signals = [PreScreenSignal(code: .newMember, weight: 1, parameters: ["Ordinal": "1"])]
        // The signals are shown to a moderator (an owner sees none: `ReviewView`).
        let moderator = Principal(
            communityID: Self.viewer.communityID, memberID: Self.moderator, role: .moderator, tokenID: Self.viewer.tokenID)
        #expect(ListingChangeJSON.encode(ListingChangeView(ListingChange(listing: plain, review: review, edit: nil), viewer: moderator, language: .zhCN)) == nil)
    }
}
