import Foundation
import LinliDomain
import Testing

/// `differingFields` names each changed field by the key a moderator asks for it by, so a
/// resubmission can be held against what was asked (helper 137 #10).
@Suite struct ListingContentDifferencesTests {
    static let base = ListingContent(
        direction: .offer, kind: .item, categoryCode: "tools", title: "电钻", description: "九成新。", area: "北门",
        declaredCost: "300.00", ageMonths: 6, condition: .good, quantity: 1)

    @Test(arguments: [
        ("title", { @Sendable (c: inout ListingContent) in c.title = "冲击钻" }),
        ("description", { $0.description = "八成新。" }),
        ("area", { $0.area = "南门" }),
        ("photos", { $0.photos = [String(repeating: "a", count: 64)] }),
        ("declared_cost", { $0.declaredCost = "350.00" }),
        ("age_months", { $0.ageMonths = 7 }),
        ("condition", { $0.condition = .fair }),
        ("quantity", { $0.quantity = 2 }),
        ("category", { $0.categoryCode = "kids_items" }),
        ("duration_minutes", { $0.durationMinutes = 60 }),
        ("place", { $0.place = "活动室" }),
        ("skill_name", { $0.skillName = "修理" }),
        ("evidence_ref", { $0.evidenceRef = "证书" }),
    ] as [(String, @Sendable (inout ListingContent) -> Void)])
    func eachFieldByItsKey(_ key: String, _ change: @Sendable (inout ListingContent) -> Void) {
        var changed = Self.base
        change(&changed)
        #expect(changed.differingFields(from: Self.base) == [key])
        #expect(ReviewDecision.changeableFields.contains(key), "a key a moderator can ask for")
    }

    @Test func noneAndSeveral() {
        #expect(Self.base.differingFields(from: Self.base).isEmpty)
        var changed = Self.base
        changed.description = "全新。"
        changed.title = "新电钻"
        #expect(changed.differingFields(from: Self.base) == ["title", "description"])
    }

    @Test(arguments: [
        (["photos", "description"] as [String]?, ["description"] as [String]?, ["photos"] as [String]?),
        (["photos"], ["photos", "title"], []),
        (nil, ["title"], nil),
        ([], ["title"], nil),
        (["photos"], nil, nil),
    ])
    func whatWasAskedAndNotDone(asked: [String]?, changed: [String]?, expected: [String]?) {
        let review = ReviewItem(
            id: ReviewID(trusted: "rev_01JD5Q0Z6W8K3M2N4P5R6S7T8V"), communityID: CommunityID(trusted: "cmt_01JD5Q0Z6W8K3M2N4P5R6S7T8V"),
            listingID: ListingID(trusted: "lst_01JD5Q0Z6W8K3M2N4P5R6S7T8V"), editID: nil, subject: .listing, status: .decided, priority: 0,
            signals: [], claimedBy: nil, claimExpiresAt: nil, decision: .requestChanges, reasonCode: nil, message: nil,
            requestedFields: asked, decidedBy: nil, decidedAt: Date(timeIntervalSince1970: 0), createdAt: Date(timeIntervalSince1970: 0),
            version: 2)
        #expect(PreviousReviewRound(review: review, changedFields: changed).requestedNotChanged == expected)
    }
}
