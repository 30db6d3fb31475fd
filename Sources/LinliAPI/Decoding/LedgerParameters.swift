import Crypto
import Foundation
import HTTPTypes
import Hummingbird
import LinliDomain
import LinliStore

/// Query parameters and keys of the ledger routes.
enum LedgerParameters {
    /// `from`, `to` (a date `2026-03-01`, read in the community's time zone, or an RFC 3339
    /// date-time) and `kind` (one or more transfer kinds, comma-separated).
    static func statementFilter(_ request: Request, timeZoneID: String) throws -> StatementFilter {
        let query = request.uri.queryParameters
        var filter = StatementFilter()
        if let raw = query["from"] { filter.from = try instant(String(raw), name: "from", timeZoneID: timeZoneID) }
        // A date `to` takes that whole day: a passbook "from 1 to 6 December" printed at the
        // station for an elder ends with the 6th (with `to` exclusive it ended with the 5th, and a
        // one-day statement needed the next day's date). An instant `to` stays exclusive.
        if let raw = query["to"] { filter.to = try instant(String(raw), name: "to", timeZoneID: timeZoneID, dateMeansEndOfDay: true) }
        if let raw = query["kind"] {
            let names = raw.split(separator: ",").map { String($0).trimmingCharacters(in: .whitespaces) }
            guard !names.isEmpty, names.count <= TransferKind.allCases.count else { throw RequestParameters.invalidQuery("kind", allowed: AllowedValues.of(TransferKind.self)) }
            filter.kinds = try names.map { name in
                guard let kind = TransferKind(rawValue: name) else { throw RequestParameters.invalidQuery("kind", allowed: AllowedValues.of(TransferKind.self)) }
                return kind
            }
        }
        try filter.validate()
        return filter
    }

    /// `text` as an instant: an RFC 3339 date-time, or a date in the community's zone, read as its
    /// first instant, or with `dateMeansEndOfDay` as the first instant of the next day (the end
    /// of an exclusive range that takes the whole date).
    static func instant(_ text: String, name: String, timeZoneID: String, dateMeansEndOfDay: Bool = false) throws -> LedgerTimestamp {
        let stamp = try parsedInstant(text, name: name, timeZoneID: timeZoneID, dateMeansEndOfDay: dateMeansEndOfDay)
        // The instant too, in UTC: `9999-12-31T23:00:00-05:00` is in year 10000, and compared as
        // text with stored times it came after every one of them (helper 170 #1). A day is the
        // community's: the end of 9999-12-31 west of Greenwich is kept at the last instant held.
        let range = LedgerTimestamp.clientRange
        if text.count == 10 { return LedgerTimestamp(milliseconds: min(max(stamp.milliseconds, range.lowerBound), range.upperBound)) }
        guard range.contains(stamp.milliseconds) else { throw RequestParameters.invalidQuery(name, example: dateExample) }
        return stamp
    }

    private static func parsedInstant(_ text: String, name: String, timeZoneID: String, dateMeansEndOfDay: Bool) throws -> LedgerTimestamp {
        // Years outside 1583–9999 are refused before parsing (see `ClientDates.hasSupportedYear`).
        guard text.count <= 40, ClientDates.hasSupportedYear(text) else { throw RequestParameters.invalidQuery(name, example: dateExample) }
        if text.count == 10 {
            guard let day = localDay(text, timeZoneID: timeZoneID) else { throw RequestParameters.invalidQuery(name, example: dateExample) }
            return dateMeansEndOfDay ? day.end : day.start
        }
        // A real instant only: the formatter rolls 30 February over to 2 March (session 30 review).
        guard RFC3339DateTime.isReal(text) else { throw RequestParameters.invalidQuery(name, example: dateExample) }
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        if let date = formatter.date(from: text) { return LedgerTimestamp(date) }
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        if let date = formatter.date(from: text) { return LedgerTimestamp(date) }
        throw RequestParameters.invalidQuery(name, example: dateExample)
    }

    /// The two forms `from` and `to` take.
    static let dateExample = "2026-12-01 / 2026-12-01T09:00:00+08:00"

    /// The calendar day `yyyy-MM-dd` in the zone, from its first instant. Not midnight parsed in the
    /// zone: where daylight saving begins at midnight (America/Santiago, Africa/Cairo,
    /// America/Havana) that day has no 00:00 and the parse failed, so a statement "from" such a
    /// day was a 400. The date is read in UTC (strictly: no 30 February); its noon in the zone,
    /// which every day has, gives the day through `LocalDayWindow`.
    static func localDay(_ text: String, timeZoneID: String) -> LocalDayWindow? {
        let formatter = DateFormatter()
        formatter.calendar = Calendar(identifier: .gregorian)
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyy-MM-dd"
        formatter.isLenient = false
        guard let utc = formatter.date(from: text) else { return nil }
        var utcCalendar = Calendar(identifier: .gregorian)
        utcCalendar.timeZone = TimeZone(identifier: "UTC")!
        var day = utcCalendar.dateComponents([.year, .month, .day], from: utc)
        day.hour = 12
        var local = Calendar(identifier: .gregorian)
        local.timeZone = Community.timeZone(timeZoneID)
        return local.date(from: day).map { LocalDayWindow(containing: $0, timeZoneID: timeZoneID) }
    }

    /// `window_days` for the summary (1–366, default 30).
    static func windowDays(_ request: Request) throws -> Int {
        guard let raw = request.uri.queryParameters["window_days"] else { return 30 }
        guard let days = Int(String(raw)) else { throw RequestParameters.invalidQuery("window_days", example: "30") }
        // A number out of range names the range (it was "the value is invalid").
        guard LedgerSummary.windowRange.contains(days) else { throw RequestParameters.outOfRange("window_days", LedgerSummary.windowRange) }
        return days
    }

    /// The ledger idempotency key of a write: the request's `Idempotency-Key`, namespaced by the
    /// caller (ledger keys are unique per community, HTTP keys only per member), or a fresh key
    /// when the client sent none.
    ///
    /// A client key long enough (up to the 200 the header allows) that the namespaced key would
    /// pass the ledger's own 200-byte limit is replaced by its SHA-256: every documented key then
    /// works, and shorter keys keep the form they were stored under.
    static func idempotencyKey(_ request: Request, principal: Principal, fresh: @autoclosure () -> String) -> String {
        if let key = request.headers[.idempotencyKey], IdempotencyMiddleware.isValidKey(key) {
            // A client key that itself reads `sha256:<hex>` would be stored as the hashed form of
            // another, longer key (helper 120): it keeps a marker of its own. Every other key is
            // stored as before, so a retry across an upgrade still finds its transfer.
            let namespaced = key.hasPrefix("sha256:") ? "api:\(principal.memberID):key:\(key)" : "api:\(principal.memberID):\(key)"
            guard namespaced.utf8.count > LedgerTextLimits.idempotencyKey else { return namespaced }
            return "api:\(principal.memberID):sha256:\(HexDigits.text(SHA256.hash(data: Array(key.utf8))))"
        }
        return "auto:\(fresh())"
    }
}
