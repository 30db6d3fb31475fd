import Foundation
import LinliDomain
import Testing
@testable import LinliAPI

/// Request bodies are parsed once, and each kind of mistake still gets its own problem: syntax
/// (with where), not an object, unknown fields (sorted, before anything else), then the fields
/// that are missing or wrong (every one: `ShapeIssuesTests`).
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
        (#"{"name":42,"zeta":1}"#, "validation_failed; /zeta field.unknown; /name field.wrong_type"),
        (#"{"name":42}"#, "validation_failed; /name field.wrong_type"),
        // A field given twice is refused, not silently one of its values.
        (#"{"name":"三号楼","area":null,"area":"北区"}"#, "validation_failed; /area field.repeated"),
        (#"{"name":"三号楼","\u006eame":"四号楼"}"#, "validation_failed; /name field.repeated"),
    ])
    func eachMistakeHasItsProblem(body: String, expected: String) {
        #expect(Self.outcome(body) == expected)
    }

    /// Session 30 walk: a number that does not fit its field, and a lone surrogate, were answered
    /// "has an invalid format" at the body's root. The field is named now (a fraction for an
    /// integer is a wrong type, a whole number too large out of range), nested ones too; a lone
    /// surrogate is not JSON text.
    @Test(arguments: [
        (#"{"stars":4.5}"#, RatingInput.self as any StrictInput.Type, "validation_failed; /stars field.wrong_type"),
        (#"{"stars":9223372036854775808}"#, RatingInput.self, "validation_failed; /stars field.out_of_range"),
        (#"{"stars":4,"comment":"\ud800"}"#, RatingInput.self, "json.malformed"),
        (#"{"stars":4,"comment":"\udc00"}"#, RatingInput.self, "json.malformed"),
        (#"{"stars":4,"\ud800":"x"}"#, RatingInput.self, "json.malformed"),
        (#"{"stars":1e20}"#, RatingInput.self, "validation_failed; /stars field.out_of_range"),
        (#"{"actions":[{"kind":"warn"},{"kind":"suspend","days":2.5}],"reason":"x"}"#, CaseResolutionInput.self,
         "validation_failed; /actions/1/days field.wrong_type"),
        (#"{"stars":5}"#, RatingInput.self, "ok"),
        // Helper 110: fractions the decoder's Double rounded to a whole number were taken as one.
        (#"{"stars":4.99999999999999999999}"#, RatingInput.self, "validation_failed; /stars field.wrong_type"),
        (#"{"stars":5e-400}"#, RatingInput.self, "validation_failed; /stars field.wrong_type"),
        (#"{"actions":[{"kind":"suspend","days":2.0000000000000000001}],"reason":"x"}"#, CaseResolutionInput.self,
         "validation_failed; /actions/0/days field.wrong_type"),
        (#"{"stars":5.000}"#, RatingInput.self, "ok"),
        (#"{"stars":0.5e1}"#, RatingInput.self, "ok"),
    ])
    func numbersThatDoNotFitAreNamed(body: String, type: any StrictInput.Type, expected: String) {
        func attempt<T: StrictInput>(_ type: T.Type) -> String {
            do {
                _ = try JSONBody.decode(type, from: Data(body.utf8))
                return "ok"
            } catch let error as DomainError {
                return ([error.code] + error.fieldIssues.map { "\($0.pointer) \($0.code.rawValue)" }).joined(separator: "; ")
            } catch {
                return "other \(error)"
            }
        }
        #expect(attempt(type) == expected)
    }

    /// A number literal's exact value is whole or not, read from its digits (no rounding).
    @Test(arguments: [
        ("1", true), ("-0", true), ("10", true), ("1.0", true), ("1.000000000000000000000000000000000000000000001", false),
        ("0.99999999999999999999", false), ("1e0", true), ("1.5e1", true), ("1.55e1", false), ("15e-1", false),
        ("150e-1", true), ("1E+3", true), ("5e-400", false), ("0e-400", true), ("0.0", true), ("-2.50", false),
        ("1e999999999999", true), ("12.3E-0", false),
    ])
    func wholeNumbers(literal: String, whole: Bool) {
        let bytes = Array(literal.utf8)
        #expect(bytes.withUnsafeBufferPointer { JSONDuplicateKeys.isWhole($0) } == whole)
    }

    /// (body, pointer of the first name repeated within its object)
    @Test(arguments: [
        (#"{"a":1,"b":{"a":2},"c":[{"a":3},{"a":4}]}"#, nil),
        (#"{"a":1,"a":2}"#, "/a"),
        (#"{"chat":{"style":"text","style":"news"}}"#, "/chat/style"),
        (#"{"actions":[{"kind":"warn"},{"kind":"ban","kind":"warn"}]}"#, "/actions/1/kind"),
        (#"{"a":"{\"a\":1,\"a\":2}","b":["a","a"]}"#, nil),  // names inside strings and repeated values do not count
        (#"{"a\"b":1,"a\u0022b":2}"#, "/a\"b"),
        (#"{"x/y":1,"x/y":2}"#, "/x~1y"),
        (#"[{"a":1},{"a":1,"a":2}]"#, "/1/a"),
        (#"{"a":{"b":{"c":[[{"d":1,"d":2}]]}}}"#, "/a/b/c/0/0/d"),
        (#"{"area":["a",],"name":"x","name":5}"#, "/name"),  // found past a trailing comma (helper 111)
    ] as [(String, String?)])
    func repeatedNames(body: String, pointer: String?) {
        #expect(JSONDuplicateKeys.firstRepeated(in: Data(body.utf8)) == pointer)
    }

    /// An unknown name no longer hides the other wrong fields (helper 110): all are named at once.
    @Test func unknownNamesAndWrongShapesAreReportedTogether() throws {
        let refused = try #require(throws: DomainError.self) {
            try JSONBody.decode(NewHouseholdInput.self, from: Data(#"{"name":5,"zzz":1,"area":[]}"#.utf8))
        }
        #expect(Set(refused.fieldIssues.map(\.pointer)) == ["/zzz", "/area", "/name"], "\(refused.fieldIssues)")
        #expect(refused.fieldIssues.count == 3)
        #expect(refused.fieldIssues.first == FieldIssue("/zzz", .unknown))
        // Alone, as before.
        let alone = try #require(throws: DomainError.self) {
            try JSONBody.decode(NewHouseholdInput.self, from: Data(#"{"name":"7号楼","zzz":1}"#.utf8))
        }
        #expect(alone.fieldIssues == [FieldIssue("/zzz", .unknown)])
    }

    /// Foundation's decoder takes a comma before `}` or `]`; JSON (RFC 8259) has none, so such a
    /// body is malformed (helper 110: `{"name":"t1",}` created a household).
    @Test(arguments: [
        (#"{"name":"t1",}"#, 13),
        (#"{"name":"t1" , }"#, 15),
        (#"{"name":"t1","area":["a",]}"#, 25),
        (#"{"name":"a,}","area":"b"}"#, nil),  // inside a string it is text
        (#"{"name":42,}"#, 11),  // before what is said of the fields (helper 111)
        (#"{"zzz":1,"name":"a",}"#, 20),
        (#"{"name":"a","name":"b",}"#, 23),  // a syntax error beats a repeated name
        (#"{"name":"a\\","area":[{},[]]}"#, nil),  // an escaped backslash ends a string; empty containers
        (#"{"name":"t1","area":"x"}"#, nil),
    ] as [(String, Int?)])
    func trailingCommas(body: String, offset: Int?) throws {
        #expect(JSONDuplicateKeys.trailingComma(in: Data(body.utf8)) == offset)
        if offset != nil {
            let refused = try #require(throws: DomainError.self) { try JSONBody.decode(NewHouseholdInput.self, from: Data(body.utf8)) }
            #expect(refused.code == "json.trailing_comma")
            #expect(refused.parameters["offset"] == offset.map(String.init))
        }
    }

    /// Session 27 review (helper 89): a nested object dropped the fields it did not know, so a
    /// misspelled `signing_secert` left a DingTalk robot unsigned. Refused at the full pointer.
    @Test func unknownFieldsOfANestedObjectAreRefused() throws {
        let body = #"{"url":"https://oapi.dingtalk.com/robot/send?access_token=x","format":"dingtalk","events":["listing.published"],"chat":{"signing_secert":"SEC123"}}"#
        let refused = try #require(throws: DomainError.self) { try JSONBody.decode(EndpointInput.self, from: Data(body.utf8)) }
        #expect(refused.code == "validation_failed")
        #expect(refused.fieldIssues == [FieldIssue("/chat/signing_secert", .unknown)])
        let fine = try JSONBody.decode(
            EndpointInput.self, from: Data(#"{"format":"dingtalk","chat":{"signing_secret":"SEC123","style":"text"}}"#.utf8))
        #expect(fine.chat?.signingSecret == "SEC123")
        let action = #"{"actions":[{"kind":"warn"},{"kind":"suspend","dayz":3}],"reason":"核实"}"#
        let wrong = try #require(throws: DomainError.self) { try JSONDecoder().decode(CaseResolutionInput.self, from: Data(action.utf8)) }
        #expect(wrong.fieldIssues == [FieldIssue("/actions/1/dayz", .unknown)])
    }

    /// Session 27 note: a weekly slot's unknown key was `field.invalid_format` at the slot, where
    /// every other nested object says `field.unknown` at the key.
    @Test func unknownFieldOfAWeeklySlotIsUnknown() throws {
        let body = #"{"direction":"offer","kind":"time","category":"errands","title":"陪同就医","description":"周二","availability":[{"weekday":2,"from":"09:00","to":"11:00"},{"weekday":3,"form":"09:00","from":"09:00","to":"10:00"}]}"#
        let refused = try #require(throws: DomainError.self) { try JSONBody.decode(ListingInput.self, from: Data(body.utf8)) }
        #expect(refused.fieldIssues == [FieldIssue("/availability/1/form", .unknown)])
    }

    /// Session 27 review (helper 89): a nested enumeration (`ReviewDecision.Kind`, printed as
    /// `Kind`) never matched its entry, so a wrong decision was "has an invalid format" instead of
    /// listing the values; a value containing "date" got the date-time message.
    @Test(arguments: [("approved", "approve, reject, request_changes"), ("update", "approve, reject, request_changes")])
    func aWrongNestedEnumerationValueListsTheValues(value: String, allowed: String) throws {
        let refused = try #require(throws: DomainError.self) {
            try JSONBody.decode(ReviewDecision.self, from: Data(#"{"decision":"\#(value)"}"#.utf8))
        }
        #expect(refused.fieldIssues == [FieldIssue("/decision", .invalidValue, ["allowed": allowed])])
    }
}
