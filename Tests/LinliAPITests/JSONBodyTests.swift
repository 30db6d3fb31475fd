import Foundation
import LinliDomain
import Testing
@testable import LinliAPI

/// Request bodies are parsed once, and each kind of mistake still gets its own problem: syntax
/// (with where), not an object, unknown fields (sorted, before anything else), then the first
/// field that is missing or wrong.
@Suite struct JSONBodyTests {
    static func outcome(_ body: String) -> String {
        do {
            let input = try JSONBody.decode(NewHouseholdInput.self, from: Data(body.utf8))
            return "ok \(input.name) \(input.area ?? "-")"
        } catch let error as DomainError {
            let issues = error.fieldIssues.map { "\($0.pointer) \($0.code.rawValue)" }
            return ([error.code] + issues).joined(separator: "; ")
        } catch {
            return "other \(error)"
        }
    }

    @Test(arguments: [
        (#"{"name":"三号楼"}"#, "ok 三号楼 -"),
        (#"{"name":"三号楼","area":"北区"}"#, "ok 三号楼 北区"),
        (#"{}"#, "validation_failed; /name field.required"),
        (#"{"name": "#, "json.malformed"),
        (#"[1,2]"#, "json.not_object"),
        (#""text""#, "json.not_object"),
        (#"null"#, "json.not_object"),
        (#"{"zeta":1,"alpha":2,"name":"x"}"#, "validation_failed; /alpha field.unknown; /zeta field.unknown"),
        (#"{"name":42,"zeta":1}"#, "validation_failed; /zeta field.unknown"),
        (#"{"name":42}"#, "validation_failed; /name field.wrong_type"),
    ])
    func eachMistakeHasItsProblem(body: String, expected: String) {
        #expect(Self.outcome(body) == expected)
    }
}
