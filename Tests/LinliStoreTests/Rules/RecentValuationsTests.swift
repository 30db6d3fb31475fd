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

    /// An explanation is written once per text and language and kept with the valuation; a text
    /// not remembered gets none from the map (the caller decodes it), and the kept one is exactly
    /// what the explainer writes.
    @Test func explanationsAreWrittenOncePerLanguage() throws {
        let value = try Self.valuation("260.00")
        let recent = RecentValuations(capacity: 4)
        var written = 0
        let write = { (valuation: Valuation) -> String in
            written += 1
            return ValuationExplainer.text(valuation, language: .zh)
        }
        #expect(recent.explanation(for: "text", language: "zh-CN", write: write) == nil)
        recent.remember("text", value)
        let first = recent.explanation(for: "text", language: "zh-CN", write: write)
        #expect(first == ValuationExplainer.text(value, language: .zh))
        #expect(recent.explanation(for: "text", language: "zh-CN", write: write) == first)
        #expect(written == 1)
        #expect(recent.explanation(for: "text", language: "en", write: { ValuationExplainer.text($0, language: .en) })
            == ValuationExplainer.text(value, language: .en))
    }

    /// Through the listing text: the same sentences whether the valuation was just encoded or not.
    @Test func listingExplanationIsTheSameRememberedOrNot() throws {
        let fixture = try ListingFixture()
        let listing = try fixture.publish(ListingFixture.item("冲击钻", cost: "350.00"))
        let decoded = try JSONDecoder.iso8601.decode(Valuation.self, from: Data(listing.valuation.breakdownJSON.utf8))
        for (language, explainer) in [(Language.zhCN, ExplainLanguage.zh), (.en, .en)] {
            #expect(ListingValuationText.explain(listing.valuation, language: language) == ValuationExplainer.text(decoded, language: explainer))
        }
        var forgotten = listing.valuation
        forgotten.breakdownJSON = " " + forgotten.breakdownJSON  // same document, text never remembered
        #expect(ListingValuationText.explain(forgotten, language: .en) == ValuationExplainer.text(decoded, language: .en))
    }
}

extension JSONDecoder {
    fileprivate static var iso8601: JSONDecoder {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return decoder
    }
}
