import Foundation
import LinliDomain
import LinliStore
import Testing

/// Every browse filter combined with a text search. A search term of three or more characters
/// joins the search index, which has columns of its own (`area`, `title`…): an unqualified filter
/// column it shares was ambiguous there, and `?q=婴儿推车&area=A栋` answered a bare 500.
@Suite struct ListingSearchFilterTests {
    /// (name, filter without text, expected titles): each run once with a trigram term (the
    /// index join) and once with a two-character term (substring match on `listings`).
    static let cases: [(String, ListingFilter, Set<String>)] = [
        ("area", ListingFilter(area: "南门"), ["儿童自行车 南门"]),
        ("other area", ListingFilter(area: "北门"), ["儿童自行车 北门"]),
        ("status", ListingFilter(status: .published), ["儿童自行车 北门", "儿童自行车 南门"]),
        ("direction", ListingFilter(direction: .offer), ["儿童自行车 北门", "儿童自行车 南门"]),
        ("kind", ListingFilter(kind: .skill), []),
        ("category", ListingFilter(category: "kids_items"), ["儿童自行车 南门"]),
        ("points", ListingFilter(minPoints: 1, maxPoints: 100_000), ["儿童自行车 北门", "儿童自行车 南门"]),
        ("no points", ListingFilter(minPoints: 100_000), []),
        ("all together", ListingFilter(direction: .offer, kind: .item, category: "kids_items", status: .published, area: "南门",
                                       minPoints: 1, maxPoints: 100_000), ["儿童自行车 南门"]),
    ]

    @Test func everyFilterCombinesWithASearch() throws {
        let fixture = try ListingFixture()
        _ = try fixture.publish(ListingFixture.item("儿童自行车 北门"))
        var south = ListingFixture.item("儿童自行车 南门", category: "kids_items")
        south.area = "南门"
        let owner = try fixture.publish(south, as: fixture.neighbour).ownerID
        for (name, filter, expected) in Self.cases {
            for text in ["儿童自行车", "儿童"] {
                var searched = filter
                searched.text = text
                let found = try fixture.browse(searched, as: fixture.neighbour)
                #expect(Set(found.map(\.content.title)) == expected, "\(name), q=\(text)")
            }
        }
        let byOwner = try fixture.browse(ListingFilter(ownerID: owner, text: "自行车"), as: fixture.neighbour)
        #expect(byOwner.map(\.content.title) == ["儿童自行车 南门"])
        // The cursor column too: a second page of a search.
        let page = try fixture.base.database.readSync { db in
            try ListingQueries.browse(
                db, principal: fixture.neighbour, filter: ListingFilter(area: "北门", text: "儿童自行车"), page: PageRequest(after: "lst_zzzz", limit: 1))
        }
        #expect(page.items.map(\.content.title) == ["儿童自行车 北门"])
    }

    /// Session 27 review (helper 88): a one- or two-character term was matched on the title and
    /// description only, while the index a longer term joins covers the skill's name, the area and
    /// the place too: `q=修电脑` found a repair listing and `q=电脑` did not.
    @Test func aShortTermFindsWhatALongerOneFinds() throws {
        let fixture = try ListingFixture()
        var repair = PublishedEditReviewTests.lesson()
        repair.title = "上门服务"
        repair.description = "周末有空。"
        repair.skillName = "修电脑"
        repair.area = "东门"
        repair.evidenceRef = nil
        repair.certification = SkillCertification.none
        _ = try fixture.publish(repair)
        for text in ["修电脑", "电脑", "东门"] {
            let found = try fixture.browse(ListingFilter(text: text), as: fixture.neighbour)
            #expect(found.map(\.content.title) == ["上门服务"], "q=\(text)")
        }
    }
}
