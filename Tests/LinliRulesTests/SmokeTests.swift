import Foundation
import Testing
@testable import LinliRules

@Test func presetsCompile() throws {
    for name in ["default", "timebank-equal"] {
        let report = RuleSetCompiler.check(RulePresets.text(named: name)!, fileName: name + ".yaml")
        for d in report.diagnostics { print(d) }
        #expect(report.isAccepted)
    }
}
