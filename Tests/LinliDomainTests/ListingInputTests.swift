import Foundation
import LinliDomain
import Testing

/// Kind-specific validation: every problem gets its own pointer, all at once.
@Suite struct ListingInputTests {
    static let community = CommunityID(trusted: "cmt_01JD5Q0Z6W8K3M2N4P5R6S7T8V")
    static let categories = TestCategories.all
    static let now = Date(timeIntervalSince1970: 1_767_225_600)

    func decode(_ json: String) throws -> ListingInput {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return try decoder.decode(ListingInput.self, from: Data(json.utf8))
    }

    func issues(_ json: String) throws -> [String: FieldIssueCode] {
        let input = try decode(json)
        do {
            _ = try input.validate(category: Self.categories[input.categoryCode], now: Self.now)
            return [:]
        } catch {
            return Dictionary(error.fieldIssues.map { ($0.pointer, $0.code) }, uniquingKeysWith: { first, _ in first })
        }
    }

    @Test func validItemIsNormalised() throws {
        let input = try decode(#"{"direction":"offer","kind":"item","category":"electronics","title":"  电饭煲 ","description":"好用","declared_cost":"199.5","age_months":12,"condition":"good"}"#)
        let content = try input.validate(category: Self.categories["electronics"], now: Self.now)
        #expect(content.title == "电饭煲")
        #expect(content.declaredCost == "199.50")
        #expect(content.quantity == 1)
    }

    @Test func itemProblemsAllAtOnce() throws {
        let found = try issues(#"{"direction":"offer","kind":"item","category":"daily_care","title":"x","description":"","declared_cost":"12.345","purchase_date":"2030-01-01","condition":"good","quantity":100,"duration_minutes":30}"#)
        #expect(found["/title"] == .tooShort)
        #expect(found["/description"] == .required)
        #expect(found["/category"] == .invalidValue, "daily_care is for time listings")
        #expect(found["/declared_cost"] == .invalidFormat)
        #expect(found["/purchase_date"] == .invalidFormat, "in the future")
        #expect(found["/quantity"] == .outOfRange)
        #expect(found["/duration_minutes"] == .notApplicable)
    }

    @Test func timeNeedsAWindowOrSlots() throws {
        let base = #""direction":"offer","kind":"time","category":"daily_care","title":"陪老人散步","description":"周末有空","intensity":"light""#
        #expect(try issues("{\(base),\"duration_minutes\":60}")["/start_at"] == .required)
        #expect(try issues("{\(base),\"duration_minutes\":50,\"availability\":[{\"weekday\":6,\"from\":\"09:00\",\"to\":\"11:00\"}]}")["/duration_minutes"] == .outOfRange)
        #expect(try issues("{\(base),\"duration_minutes\":60,\"availability\":[{\"weekday\":8,\"from\":\"9:00\",\"to\":\"11:00\"}]}")
            == ["/availability/0/weekday": .outOfRange, "/availability/0/from": .invalidFormat])
        #expect(try issues("{\(base),\"duration_minutes\":120,\"start_at\":\"2026-01-03T09:00:00+08:00\",\"end_at\":\"2026-01-03T10:00:00+08:00\"}")
            == ["/duration_minutes": .outOfRange])
        #expect(try issues("{\(base),\"duration_minutes\":60,\"start_at\":\"2026-01-03T09:00:00+08:00\",\"end_at\":\"2026-01-03T10:00:00+08:00\"}").isEmpty)
        #expect(try issues("{\(base),\"duration_minutes\":60,\"photos\":[\"\(String(repeating: "a", count: 64))\"],\"availability\":[{\"weekday\":1,\"from\":\"09:00\",\"to\":\"10:00\"}]}")
            == ["/photos": .notApplicable])
    }

    /// `minutes * 60` trapped on a client's Int.max, taking the server down instead of refusing the field.
    @Test func absurdDurationInAWindowIsOutOfRange() throws {
        let window = #""start_at":"2026-01-03T09:00:00+08:00","end_at":"2026-01-03T10:00:00+08:00""#
        let body = #"{"direction":"offer","kind":"time","category":"daily_care","title":"陪老人散步","description":"周末有空","intensity":"light","duration_minutes":9223372036854775807,"#
        #expect(try issues(body + window + "}") == ["/duration_minutes": .outOfRange])
    }

    @Test func skillEvidenceFollowsCertification() throws {
        let base = #""direction":"offer","kind":"skill","category":"repair","title":"家电维修","description":"退休电工","skill_name":"维修","level":"expert","duration_minutes":60"#
        #expect(try issues("{\(base),\"certification\":\"verified_licence\"}") == ["/evidence_ref": .required])
        #expect(try issues("{\(base),\"certification\":\"none\",\"evidence_ref\":\"证书\"}") == ["/evidence_ref": .notApplicable])
        #expect(try issues("{\(base),\"certification\":\"peer_endorsed\",\"evidence_ref\":\"邻居推荐\"}").isEmpty)
        #expect(try issues("{\(base),\"certification\":\"none\",\"declared_cost\":\"1.00\"}") == ["/declared_cost": .notApplicable])
    }

    @Test func unknownCategoryAndBadPhotos() throws {
        let found = try issues(#"{"direction":"request","kind":"item","category":"spaceships","title":"求借梯子","description":"两天","declared_cost":"100","age_months":0,"condition":"good","photos":["abc","abc"]}"#)
        #expect(found["/category"] == .notFound)
        #expect(found["/photos/0"] == .invalidFormat)
        #expect(found["/photos"] == .duplicate)
    }

    @Test(arguments: [("1299.5", "1299.50"), ("0.01", "0.01"), ("1000000", "1000000.00")])
    func declaredCostCanonical(text: String, canonical: String) {
        #expect(DeclaredCost.canonical(text) == canonical)
    }

    @Test(arguments: ["0", "0.00", "1000000.01", "-5", "1e3", "12.", ".5", "1,000", "12.345", "１２"])
    func declaredCostRefused(text: String) {
        #expect(DeclaredCost.canonical(text) == nil)
    }

    /// Session 27 review: `Int("+3")` is 3, so "2024-+3-15" passed as a purchase date (and was
    /// stored in that form) and "+8:00" as a weekly slot's start.
    @Test(arguments: ["2024-+3-15", "+024-03-15", "2024-03--1", "2024-03-1５"])
    func signedOrWideDigitsAreNotDates(text: String) {
        #expect(CalendarDate.parse(text) == nil)
        #expect(CalendarDate.parse("2024-03-15") != nil)
    }

    @Test(arguments: ["+8:00", "-0:30", "08:+5", "０8:00"])
    func signedOrWideDigitsAreNotClockTimes(text: String) {
        #expect(WeeklySlot.minutes(text) == nil)
        #expect(WeeklySlot.minutes("08:30") == 510)
    }

    @Test func materialChanges() {
        let base = ListingContent(direction: .offer, kind: .item, categoryCode: "tools", title: "电钻", description: "好用", area: "北门",
                                  declaredCost: "300.00", ageMonths: 3, condition: .good, quantity: 1)
        var areaOnly = base
        areaOnly.area = "南门"
        #expect(areaOnly.materialChanges(comparedTo: base).isEmpty)
        var cost = base
        cost.declaredCost = "3000.00"
        cost.title = "冲击钻"
        #expect(cost.materialChanges(comparedTo: base) == ["title", "declared_cost"])
        var quantity = base
        quantity.quantity = 2
        #expect(quantity.materialChanges(comparedTo: base) == ["valuation_inputs"], "a price change is always reviewed")
    }
}
