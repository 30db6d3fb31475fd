import Foundation
import LinliDomain
import Testing
@testable import LinliAPI

/// Helper 185 #5: a mistyped or cut-off `content_hash` was compared as it came and answered 409
/// `rules.changed_during_revaluation` ("other rules came into force"); it is 422 at the field,
/// and a hash copied in capitals is the same hash.
@Suite struct RevaluationInputTests {
    static let hash = String(repeating: "0123456789abcdef", count: 4)

    @Test("content_hash forms", arguments: [
        (nil, true), (hash, true), (hash.uppercased(), true), ("ABC", false), (String(hash.dropLast()), false),
        (String(hash.dropLast()) + "g", false), (hash + "0", false), ("", false),
        (String(repeating: "a", count: 61) + "６", false), (String(repeating: "a", count: 62) + "é", false),
    ] as [(String?, Bool)])
    func contentHashForms(_ contentHash: String?, _ accepted: Bool) throws {
        let input = RevaluationInput(reason: "业委会 11 月投票", batchSize: nil, after: nil, contentHash: contentHash)
        do {
            try input.validate()
            #expect(accepted, "\(contentHash ?? "nil") was accepted")
        } catch let error as DomainError {
            #expect(!accepted, "\(contentHash ?? "nil"): \(error.code)")
            #expect(error.fieldIssues.map(\.pointer) == ["/content_hash"])
            #expect(error.fieldIssues.first?.parameters["reason"] == "rules.content_hash_format")
        }
    }
}
