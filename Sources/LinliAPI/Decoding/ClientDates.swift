import Foundation
import LinliDomain

/// The bound every date a client sends is held to (query parameters and JSON bodies alike).
enum ClientDates {
    /// Whether `text` (RFC 3339, or a `yyyy-MM-dd` day: both start with the year) names a year in
    /// `LedgerTimestamp.clientYears`. Checked on the text, as the client wrote it: year 0000 was
    /// accepted by the parsers and then trapped the ledger's timestamp formatter, taking the whole
    /// server down; five-digit years cannot be stored in the four-digit text form at all.
    static func hasSupportedYear(_ text: String) -> Bool {
        let bytes = Array(text.utf8.prefix(5))
        guard bytes.count == 5, bytes[4] == UInt8(ascii: "-"), bytes[0..<4].allSatisfy({ (48...57).contains($0) }) else { return false }
        let year = bytes[0..<4].reduce(0) { $0 * 10 + Int($1 - 48) }
        return LedgerTimestamp.clientYears.contains(year)
    }

    /// JSON bodies' dates: RFC 3339 date-times naming a real instant (`RFC3339DateTime.isReal`), within
    /// the supported years both as written and in UTC (`LedgerTimestamp.isClientInstant`: an
    /// offset can carry 9999-12-31 into year 10000).
    static let decodingStrategy: JSONDecoder.DateDecodingStrategy = .custom { decoder in
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard hasSupportedYear(text), RFC3339DateTime.isReal(text), let date = try? Date.ISO8601FormatStyle().parse(text),
              LedgerTimestamp.isClientInstant(date)
        else {
            throw DecodingError.dataCorruptedError(
                in: container, debugDescription: "Expected date string to be ISO8601-formatted, years 1583–9999.")
        }
        return date
    }
}
