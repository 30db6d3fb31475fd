import Foundation
@testable import LinliStore
import Testing

/// The audit log's direct JSON writer must produce byte for byte what `JSONEncoder` with sorted keys
/// produces (stored audit entries stay in one format), escaping included, and leave keys outside
/// `a-z` and `_` to it.
@Suite struct AuditJSONTests {
    static let cases: [[String: String?]] = [
        [:],
        ["state": "accepted"],
        ["state": "accepted", "points": "18", "hold_id": "hold_01JD5Q0Z6W8K3M2N4P5R6S7T8V", "actual_minutes": nil],
        ["title": "九成新婴儿推车", "reason": "梯子有一级松动 (minor)", "a_b": ""],
        ["path": "a/b", "quote": "say \"hi\"", "back": "c:\\d"],
        ["line": "one\ntwo", "tab": "x\ty", "bell": "\u{7}", "del": "\u{7F}", "sep": "a\u{2028}b"],
        ["Upper": "x", "digit9": "y", "digit10": "z"],
        ["emoji": "👍", "space": " "],
    ]

    @Test(arguments: cases)
    func matchesJSONEncoder(_ fields: [String: String?]) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let expected = String(decoding: try encoder.encode(fields), as: UTF8.self)
        #expect(Transaction.json(fields) == expected)
    }

    @Test func directPathCoversTheCommonCase() {
        #expect(Transaction.directJSON(["state": "accepted", "points": "18", "note": nil]) == #"{"note":null,"points":"18","state":"accepted"}"#)
        #expect(Transaction.directJSON(["path": "a/b"]) == #"{"path":"a\/b"}"#)
        #expect(Transaction.directJSON(["Key": "x"]) == nil)
    }
}
