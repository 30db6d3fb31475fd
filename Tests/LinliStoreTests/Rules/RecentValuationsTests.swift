import Foundation
import LinliDomain
import LinliRules
import Testing

@testable import LinliStore

@Suite struct RecentValuationsTests {
    /// A valuation of the default rules, for `points` yuan of declared cost.
    static func valuation(_ cost: String) throws -> Valuation {
        let fixture = try ListingFixture()
        let listing = try fixture.publish(ListingFixture.item("电钻", cost: cost))
        return try ListingValuationCodec.decode(listing.valuation.breakdownJSON)
    }

    /// What was remembered comes back for its text; the oldest text is forgotten first, so the
    /// map never holds more than its capacity.
    @Test func remembersUpToItsCapacityOldestOut() throws {
        let values = try ["100.00", "200.00", "300.00"].map(Self.valuation)
        let recent = RecentValuations(capacity: 2)
        for (index, value) in values.enumerated() { recent.remember("text \(index)", value) }
        #expect(recent.valuation(for: "text 0") == nil)
        #expect(recent.valuation(for: "text 1") == values[1])
        #expect(recent.valuation(for: "text 2") == values[2])
        recent.remember("text 2", values[0])  // a text already held keeps its value
        #expect(recent.valuation(for: "text 2") == values[2])
    }

    /// The codec's shortcut gives exactly what decoding the text gives.
    @Test func aRememberedTextDecodesToTheSameValuation() throws {
        let value = try Self.valuation("480.00")
        let text = try ListingValuationCodec.encode(value)
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        #expect(try ListingValuationCodec.decode(text) == decoder.decode(Valuation.self, from: Data(text.utf8)))
    }
}
