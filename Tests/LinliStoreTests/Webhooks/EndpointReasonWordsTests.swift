import LinliDelivery
@testable import LinliDomain
import Testing

/// Every reason the endpoint rules can give reaches the client as a field error's `reason`; the
/// catalogue must have its zh and en words, or the answer falls back to a bare "is not valid".
@Suite struct EndpointReasonWordsTests {
    @Test(arguments: EndpointValidationError.Code.allCases)
    func everyEndpointReasonHasWords(_ code: EndpointValidationError.Code) {
        let entry = ErrorCatalog.reasonEntries[code.rawValue]
        #expect(entry != nil, "\(code.rawValue) has no zh/en words")
        #expect(entry.map { !$0.zh.isEmpty && !$0.en.isEmpty } ?? false)
    }
}
