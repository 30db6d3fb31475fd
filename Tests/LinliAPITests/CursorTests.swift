import Foundation
import LinliDomain
import Testing
@testable import LinliAPI

/// Page cursors are base64url without padding of the list's scope hash and its key, decoded back
/// exactly for the same list; anything else, including another list's cursor, is
/// `cursor.malformed`.
@Suite struct CursorTests {
    static func replacing(_ text: String) -> String {
        Data(text.utf8).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
    }

    @Test(arguments: ["lst_01JD5Q0Z6W8K3M2N4P5R6S7T8V", "a", "ab", "abc", "~~~>>>???", "2026-01-01 08:30:00.250|42", "邻里"])
    func roundTripsAndIsPlainBase64URL(after: String) throws {
        let cursor = Cursor.encode(after, scope: "/v1/listings")
        #expect(cursor == Self.replacing(Cursor.prefix + Cursor.key("/v1/listings") + "\n" + after))
        #expect(!cursor.contains("+") && !cursor.contains("/") && !cursor.contains("="))
        #expect(try Cursor.decode(cursor, scope: "/v1/listings") == after)
    }

    @Test(arguments: [
        "", "!!!!", "YWJj", "邻里", String(repeating: "A", count: 601),
        replacing("c1:lst_01JD5Q0Z6W8K3M2N4P5R6S7T8V"),  // the earlier, unscoped format
        Cursor.encode("lst_01JD5Q0Z6W8K3M2N4P5R6S7T8V", scope: "/v1/members"),  // another list's
        Cursor.encode("nts_1", scope: "/v1/cases/cas_1/notes"),  // another case's notes
        replacing("c2:" + Cursor.key("/v1/listings") + "\n"),  // no key
    ])
    func refusesWhatThisListDidNotWrite(cursor: String) {
        #expect(throws: DomainError.self) { try Cursor.decode(cursor, scope: "/v1/listings") }
    }
}
