import Foundation
import LinliDomain
import Testing
@testable import LinliAPI

/// The hand-written browse page writer produces exactly `JSONEncoder`'s bytes.
@Suite struct ListingPageJSONTests {
    static let viewer = Principal(
        communityID: CommunityID(trusted: "cmt_01JD5Q0Z6W8K3M2N4P5R6S7T8V"), memberID: MemberID(trusted: "mem_01JD5Q0Z6W8K3M2N4P5R6S7T8W"),
        role: .resident, tokenID: TokenID(trusted: "tok_01JD5Q0Z6W8K3M2N4P5R6S7T8V"))

    static func listing(_ content: ListingContent, owner: String = "mem_01JD5Q0Z6W8K3M2N4P5R6S7T8V", seconds: TimeInterval) -> Listing {
        let at = Date(timeIntervalSince1970: seconds)
        return Listing(
            id: ListingID(trusted: "lst_01JD5Q0Z6W8K3M2N4P5R6S7T8V"), communityID: viewer.communityID, ownerID: MemberID(trusted: owner),
            createdBy: MemberID(trusted: owner), status: .published, content: content,
            valuation: ListingValuation(points: 17, ruleSetVersion: "1", ruleSetHash: "abc", breakdownJSON: "{}"),
            originalValuation: nil, originalInputsJSON: nil, correctionReason: nil, correctedBy: nil, correctedAt: nil,
            decisionReasonCode: nil, decisionMessage: nil, requestedFields: nil, publishedAt: at, expiresAt: at.addingTimeInterval(86_400 * 60),
            createdAt: at, updatedAt: at.addingTimeInterval(0.999), version: 3)
    }

    static let listings: [Listing] = [
        listing(ListingContent(
            direction: .offer, kind: .item, categoryCode: "tools", title: "折叠梯 \"铝合金\" \\ 3/4 米", description: "九成新\n北门自取\t😀\u{1}\u{1f}",
            area: "北门", photos: [String(repeating: "a", count: 64), String(repeating: "b", count: 64)], declaredCost: "300.00", ageMonths: 6,
            condition: .good, quantity: 1), seconds: 1_764_633_600.25),
        listing(ListingContent(
            direction: .request, kind: .time, categoryCode: "errands", title: "陪同就医", description: "周二上午", area: nil,
            availability: [WeeklySlot(weekday: 2, from: "09:00", to: "11:00"), WeeklySlot(weekday: 5, from: "14:00", to: "16:30")],
            durationMinutes: 90, intensity: .light, place: "社区医院"), owner: "mem_01JD5Q0Z6W8K3M2N4P5R6S7T8W", seconds: 951_782_400),
        listing(ListingContent(
            direction: .offer, kind: .skill, categoryCode: "tech_help", title: "教老人用手机", description: "", area: "活动室",
            startAt: Date(timeIntervalSince1970: -86_401), endAt: Date(timeIntervalSince1970: 4_102_444_800), durationMinutes: 60,
            skillName: "智能手机", level: .expert, certification: .peerEndorsed, evidenceRef: "证书 #12"),
            owner: "mem_01JD5Q0Z6W8K3M2N4P5R6S7T8W", seconds: 0),
    ]

    @Test(arguments: [nil, "bHN0XzAx"])
    func matchesJSONEncoderByteForByte(cursor: String?) throws {
        let views = Self.listings.map { ListingView($0, viewer: Self.viewer, language: .zhCN, detail: false) }
        let withCursor = PageView(items: views, nextCursor: cursor)
        let expected = try JSONResponse.encoded(withCursor, convertKeys: false)
        let written = try #require(ListingPageJSON.encode(withCursor))
        #expect(String(buffer: written) == String(decoding: expected, as: UTF8.self))
    }

    /// A page of detail views (the viewer owns the listing) is written the same way, its
    /// breakdown spliced in; `ListingChangeJSONTests` covers every other detail field.
    @Test func detailViewsMatchJSONEncoder() throws {
        let view = ListingView(Self.listings[1], viewer: Self.viewer, language: .zhCN, detail: true)
        #expect(view.valuation != nil)
        let page = PageView(items: [view], nextCursor: nil)
        let written = try #require(ListingPageJSON.encode(page))
        #expect(String(buffer: written) == String(decoding: try JSONResponse.encoded(page, convertKeys: false), as: UTF8.self))
    }
}
