import LinliDomain
import Testing

/// The reason a listing was refused reads in the owner's language, each reason its own words.
@Suite struct RejectReasonLabelTests {
    @Test func everyReasonHasItsOwnWordsInBothLanguages() {
        for language in [Language.zhCN, .en] {
            let labels = RejectReason.allCases.map { $0.label(in: language) }
            #expect(Set(labels).count == RejectReason.allCases.count, "\(language)")
            #expect(labels.allSatisfy { !$0.isEmpty && !$0.contains("_") })
        }
        #expect(RejectReason.misleading.label(in: .en) == "not as described")
        #expect(RejectReason.misleading.label(in: .zhCN) == "描述不实")
    }
}
