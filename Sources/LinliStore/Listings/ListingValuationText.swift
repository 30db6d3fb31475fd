import Foundation
import LinliDomain
import LinliRules

/// Turns a stored listing valuation back into the engine's explanation, in zh or en.
public enum ListingValuationText {
    /// nil when the stored breakdown is not an engine document (which only a hand-edited row
    /// could produce): the JSON breakdown is still shown, and nothing is invented.
    public static func explain(_ valuation: ListingValuation, language: Language) -> String? {
        guard let decoded = try? ListingValuationCodec.decode(valuation.breakdownJSON) else { return nil }
        return ValuationExplainer.text(decoded, language: language == .zhCN ? .zh : .en)
    }
}
