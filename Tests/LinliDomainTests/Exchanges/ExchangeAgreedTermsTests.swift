import Foundation
import LinliDomain
import Testing

/// The terms an exchange was agreed on replace every priced field of a listing edited since, and
/// only those: the wording stays as the listing reads now.
@Suite struct ExchangeAgreedTermsTests {
    static let agreed = ListingContent(
        direction: .request, kind: .time, categoryCode: "errands", title: "陪同就医", description: "周二上午", area: "南门",
        availability: [WeeklySlot(weekday: 2, from: "09:00", to: "11:00")], durationMinutes: 60, intensity: .light)

    struct Edit: Sendable, CustomStringConvertible {
        let description: String
        let change: @Sendable (inout ListingContent) -> Void
    }

    @Test(arguments: [
        Edit(description: "duration") { $0.durationMinutes = 120 },
        Edit(description: "intensity") { $0.intensity = .heavy },
        Edit(description: "category") { $0.categoryCode = "repairs" },
        Edit(description: "area") { $0.area = "北门" },
        Edit(description: "fixed window") {
            $0.startAt = Date(timeIntervalSince1970: 1_800_000_000)
            $0.endAt = Date(timeIntervalSince1970: 1_800_007_200)
        },
        Edit(description: "quantity and condition") {
            $0.quantity = 3
            $0.condition = .fair
        },
    ])
    func anEditIsUndoneForTheSettlement(_ edit: Edit) {
        let terms = ExchangeAgreedTerms(Self.agreed)
        var edited = Self.agreed
        edit.change(&edited)
        edited.title = "陪同就医（改）"
        #expect(ExchangeAgreedTerms(edited) != terms)
        let settled = terms.applied(to: edited)
        #expect(ExchangeAgreedTerms(settled) == terms)
        #expect(settled.valuationInput == Self.agreed.valuationInput && settled.area == Self.agreed.area)
        #expect(settled.title == "陪同就医（改）")
    }

    @Test func theTermsSurviveJSON() throws {
        let terms = ExchangeAgreedTerms(Self.agreed)
        let decoded = try JSONDecoder().decode(ExchangeAgreedTerms.self, from: try JSONEncoder().encode(terms))
        #expect(decoded == terms)
    }
}
