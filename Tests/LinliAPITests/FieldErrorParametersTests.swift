import Foundation
@testable import LinliAPI
import LinliDomain
import Testing

/// Helper 124: the documented `max` of `exchange.minutes_above_booking` (and the days left of
/// `token.past_issued_token`) existed only inside the localized `detail`. Each field error now
/// carries the values its detail was written from; `reason` stays a member of its own.
@Suite struct FieldErrorParametersTests {
    @Test func aFieldErrorCarriesItsValues() throws {
        let error = DomainError.validation([
            FieldIssue("/minutes", .outOfRange, ["reason": "exchange.minutes_above_booking", "max": "240"]),
            FieldIssue("/title", .required),
        ])
        let problem = ProblemDetails(error: error, language: .en, instance: nil, requestID: nil)
        let errors = try #require(problem.errors)
        #expect(errors[0].reason == "exchange.minutes_above_booking")
        #expect(errors[0].parameters == ["max": "240"])
        #expect(errors[0].detail.contains("240"))
        #expect(errors[1].parameters == nil, "no values, no member")
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.outputFormatting = [.sortedKeys]
        let encoded = String(decoding: try encoder.encode(errors[0]), as: UTF8.self)
        #expect(encoded.contains(#""parameters":{"max":"240"}"#), "\(encoded)")
    }
}
