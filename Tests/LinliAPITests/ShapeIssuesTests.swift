import Foundation
import LinliDomain
import Testing
@testable import LinliAPI

/// The decoder stops at the first field of the wrong shape, so a client mending one met the next
/// on its next try, though the README promises a pointer per invalid field. `ShapeIssues` looks
/// past each with a stand-in and reports every one, in the order the input reads its fields.
@Suite struct ShapeIssuesTests {
    static func pointers<T: StrictInput>(_ type: T.Type, _ body: String) -> [String] {
        do {
            _ = try JSONBody.decode(type, from: Data(body.utf8))
            return ["ok"]
        } catch let error as DomainError {
            return error.fieldIssues.map { "\($0.pointer) \($0.code.rawValue)" }
        } catch {
            return ["other \(error)"]
        }
    }

    @Test(arguments: [
        // Wrong JSON types, a word outside an enumeration, a missing field, all at once.
        (#"{"direction":5,"kind":"item","category":"household","title":7,"declared_cost":300,"condition":"shiny","quantity":"2"}"#,
         ["/direction field.wrong_type", "/title field.wrong_type", "/description field.required", "/declared_cost field.wrong_type",
          "/condition field.invalid_value", "/quantity field.wrong_type"]),
        // Inside a list: each slot's own wrong field, by its index.
        (#"{"direction":"offer","kind":"time","category":"errands","title":"陪诊","description":"周二上午","availability":[{"weekday":"二","from":"09:00","to":"11:00"},{"weekday":2,"from":9,"to":"11:00"}],"duration_minutes":"60"}"#,
         ["/availability/0/weekday field.wrong_type", "/availability/1/from field.wrong_type", "/duration_minutes field.wrong_type"]),
        // One wrong field: one issue, as before.
        (#"{"direction":"offer","kind":"item","category":"household","title":"台灯","description":"好用","quantity":"2"}"#,
         ["/quantity field.wrong_type"]),
    ])
    func everyWronglyShapedFieldOfAListingIsNamed(body: String, expected: [String]) {
        #expect(Self.pointers(ListingInput.self, body) == expected)
    }

    /// Helper 105: an empty object given as a stand-in made its missing keys look like the
    /// client's (`/availability/0/weekday` "required" beside `/availability/0` "should be an object").
    @Test func whatAStandInLacksIsNotReported() {
        let body = #"{"direction":"offer","kind":"time","category":"errands","title":"陪诊","description":"周二上午","availability":[5,"mon"],"duration_minutes":60}"#
        #expect(Self.pointers(ListingInput.self, body) == ["/availability/0 field.wrong_type", "/availability/1 field.wrong_type"])
    }

    /// A repeated key is told once the shapes are right: the round trip would keep another copy
    /// of it than the decoder read, and report a type error the client did not make.
    @Test func aBodyWithARepeatedKeyGetsItsFirstIssueOnly() {
        #expect(Self.pointers(NewHouseholdInput.self, #"{"name":5,"area":"北区","area":7}"#) == ["/name field.wrong_type"])
    }

    /// A value that contains a word of a decoder's message is not read as that message (helper
    /// 105: "update" holds "date", and the amount was reported as a wrong date-time).
    @Test func theValueSentDoesNotChooseTheReason() {
        let context = DecodingError.Context(codingPath: [], debugDescription: "not a decimal with at most 4 fractional digits: update")
        #expect(JSONBody.formatParameters(context).isEmpty)
        let identifier = DecodingError.Context(codingPath: [], debugDescription: "not a well-formed mem_ identifier")
        #expect(JSONBody.formatParameters(identifier) == ["reason": "json.id_format", "prefix": "mem"])
    }

    @Test func aMissingRequiredFieldAndAWrongOneAreBothNamed() {
        #expect(Self.pointers(NewHouseholdInput.self, #"{"area":5}"#) == ["/name field.required", "/area field.wrong_type"])
        #expect(Self.pointers(NewHouseholdInput.self, #"{"name":"三号楼","area":5}"#) == ["/area field.wrong_type"])
    }

    /// An unknown name inside a nested object is named whatever comes before it (helper 111: a
    /// wrong `url` hid the misspelt `signing_secert`, which leaves a DingTalk robot unsigned).
    @Test func aNestedUnknownNameIsNamedBesideAnEarlierWrongField() {
        let issues = Self.pointers(EndpointInput.self, #"{"url":5,"chat":{"signing_secert":"x"}}"#)
        #expect(issues.contains("/url field.wrong_type") && issues.contains("/chat/signing_secert field.unknown"), "\(issues)")
    }

    /// Unknown fields come first, and the known ones are checked too (helper 110: one unknown
    /// name hid the rest). A misspelt name is then shown beside the one it should have been.
    @Test func unknownFieldsComeFirstWithTheOthers() {
        #expect(Self.pointers(NewHouseholdInput.self, #"{"nmae":"三号楼","area":5}"#)
            == ["/nmae field.unknown", "/name field.required", "/area field.wrong_type"])
    }

    /// Inside a list too (helper 145 #6): a misspelt field of a slot is shown beside the required
    /// one it should have been, as at the top level.
    @Test func aMisspeltFieldInAListIsShownBesideTheMissingOne() {
        let body = #"{"direction":"offer","kind":"time","category":"errands","title":"陪诊","description":"周二上午","availability":[{"day":"mon","from":"14:00","to":"18:00"}],"duration_minutes":60}"#
        #expect(Self.pointers(ListingInput.self, body) == ["/availability/0/day field.unknown", "/availability/0/weekday field.required"])
    }
}
