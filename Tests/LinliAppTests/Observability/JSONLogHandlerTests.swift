import Foundation
import Logging
import Testing
@testable import LinliApp

/// One JSON object per line, with a millisecond UTC time (whole seconds could not order the
/// lines of one request) and the metadata as top-level fields, the event's over the logger's.
@Suite struct JSONLogHandlerTests {
    @Test func anEventIsOneJSONLineWithMilliseconds() throws {
        var handler = JSONLogHandler(label: "linli")
        handler[metadataKey: "request_id"] = "req-1"
        handler[metadataKey: "member_id"] = "mem_a"
        let event = LogEvent(
            level: .warning, message: "photo sweep", metadata: ["member_id": "mem_b", "rows": "3"], source: nil, file: #fileID,
            function: #function, line: #line)
        let line = try #require(handler.line(event, at: Date(timeIntervalSince1970: 1_764_926_101.25)))
        #expect(line.last == 0x0A && line.dropLast().firstIndex(of: 0x0A) == nil)
        let object = try #require(try JSONSerialization.jsonObject(with: line) as? [String: String])
        #expect(object == [
            "ts": "2025-12-05T09:15:01.250Z", "level": "warning", "logger": "linli", "msg": "photo sweep",
            "request_id": "req-1", "member_id": "mem_b", "rows": "3",
        ])
    }
}
