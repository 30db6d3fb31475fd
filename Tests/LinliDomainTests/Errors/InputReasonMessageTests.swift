import Foundation
@testable import LinliDomain
import Testing

/// A refused field says why in words a resident can act on, in both languages: the Chinese
/// message has no English phrase filled into it ("此处不适用（仅用于 listings without a fixed
/// start_at/end_at）", "应在 15 到 480 (multiples of 15) 之间"), and each cause has its own reason
/// (`scheduled_end` used to answer "超出允许范围" for three different mistakes).
@Suite struct InputReasonMessageTests {
    /// API field names a Chinese reason may name as they are (they are what forms and the API call them).
    static let fieldNames = [
        "scheduled_start", "purchase_date", "availability", "certification", "evidence_ref", "age_months", "starts_at",
        "start_at", "ends_at", "end_at", "photos",
    ]

    /// Runs of three or more ASCII letters in `text`, outside `{placeholders}` and the field names above.
    static func englishWords(in text: String) -> [String] {
        var rest = text
        while let open = rest.firstIndex(of: "{"), let close = rest[open...].firstIndex(of: "}") {
            rest.replaceSubrange(open...close, with: " ")
        }
        for name in fieldNames.sorted(by: { $0.count > $1.count }) {
            rest = rest.replacingOccurrences(of: name, with: " ")
        }
        var words: [String] = []
        var current = ""
        for scalar in rest.unicodeScalars {
            if scalar.isASCII && scalar.properties.isAlphabetic {
                current.unicodeScalars.append(scalar)
            } else {
                if current.count >= 3 { words.append(current) }
                current = ""
            }
        }
        if current.count >= 3 { words.append(current) }
        return words
    }

    @Test func theEnglishCheckFindsWhatTheOldMessagesShowed() {
        #expect(Self.englishWords(in: "应在 15 到 480 (multiples of 15) 之间") == ["multiples"])
        #expect(Self.englishWords(in: "此处不适用（仅用于 listings without a fixed start_at/end_at）") == ["listings", "without", "fixed"])
        #expect(Self.englishWords(in: "应在 now 到 366 days ahead 之间") == ["now", "days", "ahead"])
        #expect(Self.englishWords(in: "end_at 须晚于 start_at，最多 {days} 天，如 2026-12-01T09:00:00+08:00").isEmpty)
    }

    // MARK: - Every reason's texts

    @Test(arguments: ErrorCatalog.inputReasonEntries.keys.sorted())
    func reasonReadsInBothLanguages(reason: String) throws {
        let entry = try #require(ErrorCatalog.inputReasonEntries[reason])
        #expect(!entry.zh.isEmpty && !entry.en.isEmpty, "\(reason)")
        let english = Self.englishWords(in: entry.zh)
        #expect(english.isEmpty, "\(reason): English words in the Chinese text: \(english)")
        #expect(
            ErrorCatalog.placeholders(in: entry.zh) == ErrorCatalog.placeholders(in: entry.en),
            "\(reason): zh and en must name the same values")
        #expect(ErrorCatalog.reasonEntries[reason]?.en == entry.en, "\(reason) is not the text the catalogue uses")
    }

    // MARK: - Real inputs

    struct Example: Sendable, CustomTestStringConvertible {
        let name: String
        let pointer: String
        let reason: String
        let english: String
        let run: @Sendable () throws -> Void
        var testDescription: String { name }
    }

    static let now = Date(timeIntervalSince1970: 1_800_000_000)
    static let listing = ListingID(trusted: "lst_00000000000000000000000001")
    static let photo = String(repeating: "a", count: 64)
    static let timeBase = #""direction":"offer","kind":"time","category":"daily_care","title":"陪老人散步","description":"周末有空","intensity":"light""#
    static let saturdayMorning = #""availability":[{"weekday":6,"from":"09:00","to":"11:00"}]"#

    /// An exchange request from `start` to `end` seconds after `now`.
    static func exchange(start: TimeInterval, end: TimeInterval) -> @Sendable () throws -> Void {
        {
            try ExchangeRequestInput(
                listingID: Self.listing, scheduledStart: Self.now.addingTimeInterval(start), scheduledEnd: Self.now.addingTimeInterval(end)
            ).validate(now: Self.now)
        }
    }

    static func listingBody(_ json: String) -> @Sendable () throws -> Void {
        {
            let decoder = JSONDecoder()
            decoder.dateDecodingStrategy = .iso8601
            let input = try decoder.decode(ListingInput.self, from: Data(json.utf8))
            _ = try input.validate(category: TestCategories.all[input.categoryCode], now: Self.now)
        }
    }

    /// A time listing with a fixed two-hour window, or with an hour's duration and no window.
    static func timeListing(window: Bool) -> ListingContent {
        ListingContent(
            direction: .offer, kind: .time, categoryCode: "daily_care", title: "陪老人散步", description: "周末有空",
            startAt: window ? now : nil, endAt: window ? now.addingTimeInterval(7_200) : nil, durationMinutes: window ? 120 : 60,
            intensity: .light)
    }

    static let examples: [Example] = [
        Example(
            name: "exchange ending before it starts", pointer: "/scheduled_end", reason: "exchange.end_before_start",
            english: "must be after scheduled_start", run: exchange(start: 7_200, end: 3_600)),
        Example(
            name: "exchange already over", pointer: "/scheduled_end", reason: "exchange.end_passed",
            english: "is already past; choose a later time", run: exchange(start: -7_200, end: -3_600)),
        Example(
            name: "exchange longer than a month", pointer: "/scheduled_end", reason: "exchange.window_too_long",
            english: "must be at most 31 days after scheduled_start", run: exchange(start: 3_600, end: 3_600 + 32 * 86_400)),
        Example(
            name: "exchange more than a year ahead", pointer: "/scheduled_start", reason: "exchange.start_too_far",
            english: "must be at most 366 days from now", run: exchange(start: 400 * 86_400, end: 400 * 86_400 + 3_600)),
        Example(
            name: "listing of 61 minutes", pointer: "/duration_minutes", reason: "listing.duration_step",
            english: "must be between 15 and 480 minutes, in multiples of 15",
            run: listingBody("{\(timeBase),\"duration_minutes\":61,\(saturdayMorning)}")),
        Example(
            name: "listing whose window is over", pointer: "/start_at", reason: "listing.window_passed",
            english: "the window has already ended; choose a later time",
            run: listingBody("{\(timeBase),\"duration_minutes\":60,\"start_at\":\"2026-01-03T09:00:00+08:00\",\"end_at\":\"2026-01-03T10:00:00+08:00\"}")),
        Example(
            name: "the same photo twice", pointer: "/photos", reason: "listing.photo_repeated",
            english: "lists the same photo twice; remove the repeat",
            run: listingBody(
                #"{"direction":"offer","kind":"item","category":"electronics","title":"电饭煲","description":"好用","declared_cost":"199.5","age_months":12,"condition":"good","photos":["\#(photo)","\#(photo)"]}"#)),
        Example(
            name: "correcting a duration beyond its window", pointer: "/duration_minutes", reason: "listing.duration_exceeds_window",
            english: "must not exceed the start_at–end_at window (120 minutes)",
            run: { _ = try ValuationCorrection(durationMinutes: 180, reason: "实际约三小时").applied(to: Self.timeListing(window: true)) }),
        Example(
            name: "correcting a duration to 61 minutes", pointer: "/duration_minutes", reason: "listing.duration_step",
            english: "must be between 15 and 480 minutes, in multiples of 15",
            run: { _ = try ValuationCorrection(durationMinutes: 61, reason: "实际约一小时").applied(to: Self.timeListing(window: false)) }),
        // Helper 137: a correction with only a reason was a bare "必填" at no field; one that
        // changed nothing was recorded as a correction.
        Example(
            name: "a correction of nothing", pointer: "", reason: "correction.no_field",
            english: "must correct at least one of declared_cost, condition, duration_minutes, intensity, level, certification (a reason alone corrects nothing)",
            run: { _ = try ValuationCorrection(reason: "x").applied(to: Self.timeListing(window: false)) }),
        Example(
            name: "a correction to what it is", pointer: "", reason: "correction.no_change",
            english: "leaves every field as the listing has it: there is nothing to correct; correct the field that makes the points wrong",
            run: { _ = try ValuationCorrection(durationMinutes: 60, reason: "核实").applied(to: Self.timeListing(window: false)) }),
        Example(
            name: "a donation of 1.234 yuan", pointer: "/value_yuan", reason: "donation.yuan_format",
            english: "must be an amount in yuan above 0 with at most two decimals, e.g. 250.50",
            run: { _ = try DonationInput(donor: "幸福超市", valueYuan: "1.234", reason: "商户捐赠").validatedPoints(limits: .standard) }),
        Example(
            name: "a suspension end on a ban", pointer: "/until", reason: "member.until_only_suspended",
            english: "is only for a suspension (status suspended)",
            run: { try StatusChangeInput(status: .banned, reason: "多次违规", until: Self.now.addingTimeInterval(86_400)).validate(now: Self.now) }),
        Example(
            name: "an event a fortnight long", pointer: "/ends_at", reason: "event.too_long",
            english: "must be at most 7 days after starts_at",
            run: {
                var check = FieldValidator()
                let start = Self.now.addingTimeInterval(86_400)
                EventSchedule.check(
                    &check, startsAt: start, endsAt: start.addingTimeInterval(14 * 86_400), closesAt: start, now: Self.now,
                    startChanged: true, closeChanged: true)
                try check.finish()
            }),
    ]

    /// The field issues `run` is refused with.
    static func issues(of run: () throws -> Void) -> [FieldIssue] {
        do {
            try run()
            Issue.record("accepted")
        } catch let error as DomainError {
            return error.fieldIssues
        } catch {
            Issue.record("not a field problem: \(error)")
        }
        return []
    }

    @Test(arguments: examples)
    func realInputsSayWhy(_ example: Example) throws {
        let issues = Self.issues(of: example.run)
        let issue = try #require(issues.first(where: { $0.pointer == example.pointer }), "\(example.name): \(issues)")
        #expect(issue.parameters["reason"] == example.reason, "\(issue)")
        #expect(ErrorCatalog.message(for: issue, in: .en) == example.english)
        let zh = ErrorCatalog.message(for: issue, in: .zhCN)
        #expect(Self.englishWords(in: zh).isEmpty, "\(example.name): \(zh)")
        for prose in ["multiples", "only", "listings", "yuan", "days", "now", "{"] {
            #expect(!zh.contains(prose), "\(example.name): \(zh)")
        }
        #expect(zh.unicodeScalars.contains { (0x4E00...0x9FFF).contains($0.value) }, "\(example.name): \(zh)")
    }

    /// The reasons replace English prose, not the machine-readable bounds.
    @Test func realValuesStayAsParameters() throws {
        let duration = try #require(Self.issues(of: Self.listingBody("{\(Self.timeBase),\"duration_minutes\":61,\(Self.saturdayMorning)}")).first)
        #expect(duration.parameters == ["reason": "listing.duration_step", "min": "15", "max": "480", "step": "15"])
        let tooLong = try #require(Self.issues(of: Self.exchange(start: 3_600, end: 3_600 + 32 * 86_400)).first)
        #expect(tooLong.parameters == ["reason": "exchange.window_too_long", "days": "31"])
        #expect(ErrorCatalog.message(for: tooLong, in: .zhCN) == "一次交换最长 31 天，请缩短时间段")
    }
}
