import Foundation
import Testing
@testable import LinliAPI

/// Stored JSON goes into responses as it is, and only where it was placed.
@Suite struct RawJSONTests {
    struct Body: Encodable {
        let title: String
        let breakdown: RawJSON
        let inputs: RawJSON?
    }

    @Test func splicesStoredJSONIntoTheResponse() throws {
        let stored = #"{"points":17,"steps":[{"factor":"0.75","line":12}]}"#
        let body = Body(title: "\u{E000}raw-1-0 \"引号\"", breakdown: RawJSON(text: stored), inputs: RawJSON(text: "[1,2]"))
        let splicer = RawJSONSplicer()
        let encoder = JSONResponse.encoder(convertKeys: false)
        encoder.userInfo[RawJSONSplicer.key] = splicer
        let data = splicer.splice(try encoder.encode(body))
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(object["title"] as? String == "\u{E000}raw-1-0 \"引号\"", "client text that looks like a placeholder stays text")
        let breakdown = try #require(object["breakdown"] as? [String: Any])
        #expect(breakdown["points"] as? Int == 17)
        #expect(object["inputs"] as? [Int] == [1, 2])
        #expect(String(decoding: data, as: UTF8.self).contains(stored), "spliced byte for byte")
    }

    @Test func withoutASplicerOrForNonJSONTextItDecodes() throws {
        let plain = try JSONEncoder().encode(Body(title: "x", breakdown: RawJSON(text: #"{"a":1}"#), inputs: RawJSON(text: "not json")))
        let object = try #require(try JSONSerialization.jsonObject(with: plain) as? [String: Any])
        #expect((object["breakdown"] as? [String: Any])?["a"] as? Int == 1)
        #expect(object["inputs"] as? String == "not json")
    }
}
