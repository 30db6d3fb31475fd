import Foundation
import LinliDomain
import Testing
@testable import LinliAPI

/// Page cursors are base64url without padding: the same text the earlier string-replacing
/// encoder wrote (so cursors held by clients stay valid), decoded back exactly; anything else is
/// `cursor.malformed`.
@Suite struct CursorTests {
    static func replacing(_ after: String) -> String {
        Data((Cursor.prefix + after).utf8).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
    }

    @Test(arguments: ["lst_01JD5Q0Z6W8K3M2N4P5R6S7T8V", "a", "ab", "abc", "~~~>>>???", "2026-01-01 08:30:00.250|42", "邻里"])
    func roundTripsAndMatchesTheEarlierText(after: String) throws {
        let cursor = Cursor.encode(after)
        #expect(cursor == Self.replacing(after))
        #expect(!cursor.contains("+") && !cursor.contains("/") && !cursor.contains("="))
        #expect(try Cursor.decode(cursor) == after)
    }

    @Test(arguments: ["", "!!!!", "YWJj", "邻里", String(repeating: "A", count: 201)])
    func refusesWhatItDidNotWrite(cursor: String) {
        #expect(throws: DomainError.self) { try Cursor.decode(cursor) }
    }
}
