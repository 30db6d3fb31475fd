import Foundation
import LinliDomain
import Testing

/// The field errors of announcing and changing an event, as a table of pointer → input.
@Suite struct CommunityEventInputTests {
    static let now = Date(timeIntervalSince1970: 1_800_000_000)
    static let day: TimeInterval = 86_400

    static func input(
        title: String = "换物集市", place: String = "小区广场", start: TimeInterval = day, end: TimeInterval = day + 3 * 3_600,
        closes: TimeInterval? = nil, capacity: Int = 40, perHousehold: Int? = nil
    ) -> NewCommunityEventInput {
        NewCommunityEventInput(
            kind: .swapMarket, title: title, place: place, startsAt: now.addingTimeInterval(start), endsAt: now.addingTimeInterval(end),
            registrationClosesAt: closes.map(now.addingTimeInterval), capacity: capacity, perHouseholdLimit: perHousehold)
    }

    static func pointers(_ input: NewCommunityEventInput) -> [String] {
        do {
            try input.validate(now: now)
            return []
        } catch {
            return error.fieldIssues.map(\.pointer)
        }
    }

    @Test(arguments: [
        ("valid", input(), [String]()),
        ("blank title", input(title: "  "), ["/title"]),
        ("no place", input(place: ""), ["/place"]),
        ("starts in the past", input(start: -60, end: 3_600), ["/starts_at"]),
        ("ends before it starts", input(start: day, end: day - 60), ["/ends_at"]),
        ("longer than a week", input(start: day, end: 9 * day), ["/ends_at"]),
        ("more than a year ahead", input(start: 367 * day, end: 367 * day + 3_600), ["/starts_at"]),
        ("registration closes after the end", input(closes: 2 * day), ["/registration_closes_at"]),
        ("registration closed already", input(closes: -60), ["/registration_closes_at"]),
        ("walk-ins until the end", input(closes: day + 3 * 3_600), [String]()),
        ("no seats", input(capacity: 0), ["/capacity"]),
        ("too many seats", input(capacity: 10_001), ["/capacity"]),
        ("household share of zero", input(perHousehold: 0), ["/per_household_limit"]),
        ("household share of 51", input(perHousehold: 51), ["/per_household_limit"]),
    ] as [(String, NewCommunityEventInput, [String])])
    func creation(_ name: String, _ input: NewCommunityEventInput, _ expected: [String]) {
        #expect(Self.pointers(input) == expected, "\(name)")
    }

    static var event: CommunityEvent {
        CommunityEvent(
            id: CommunityEventID(trusted: "cev_01"), communityID: CommunityID(trusted: "cmt_01"), kind: .activity, title: "修理日",
            description: "带上坏了的小家电", place: "活动室", startsAt: now.addingTimeInterval(-3_600), endsAt: now.addingTimeInterval(3_600),
            registrationClosesAt: now.addingTimeInterval(-3_600), capacity: 10, perHouseholdLimit: 2, state: .scheduled, cancelReason: nil,
            createdBy: MemberID(trusted: "mem_01"), createdAt: now.addingTimeInterval(-day), updatedAt: now.addingTimeInterval(-day), version: 1)
    }

    static func patch(_ json: String) throws -> CommunityEventPatch {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return try decoder.decode(CommunityEventPatch.self, from: Data(json.utf8))
    }

    /// An event under way (started an hour ago) can still be corrected, as long as the past
    /// start and closing times are left as they are.
    @Test func anEventUnderWayKeepsItsPastTimesWhenOtherFieldsChange() throws {
        let updated = try Self.patch(#"{"description":null,"capacity":12,"ends_at":"2027-01-15T10:00:00Z"}"#).applied(to: Self.event, now: Self.now)
        #expect(updated.description == nil)
        #expect(updated.capacity == 12)
        #expect(updated.startsAt == Self.event.startsAt)
    }

    /// Postponing moves the whole schedule: the registration deadline moves with the start (and
    /// stays within the new end) unless the same change sets it.
    @Test(arguments: [
        (#"{"starts_at":"2027-01-22T08:00:00Z","ends_at":"2027-01-22T11:00:00Z"}"#, "2027-01-22T07:00:00Z"),
        (#"{"starts_at":"2027-01-22T08:00:00Z","ends_at":"2027-01-22T11:00:00Z","registration_closes_at":"2027-01-20T00:00:00Z"}"#, "2027-01-20T00:00:00Z"),
        (#"{"starts_at":"2027-01-16T07:00:00Z","ends_at":"2027-01-16T07:30:00Z"}"#, "2027-01-16T06:00:00Z"),
    ] as [(String, String)])
    func postponingMovesTheDeadline(_ json: String, _ closes: String) throws {
        var upcoming = Self.event
        upcoming.startsAt = Self.now.addingTimeInterval(Self.day)  // 2027-01-16 08:00 UTC
        upcoming.endsAt = upcoming.startsAt.addingTimeInterval(3 * 3_600)
        upcoming.registrationClosesAt = upcoming.startsAt.addingTimeInterval(-3_600)
        let updated = try Self.patch(json).applied(to: upcoming, now: Self.now)
        #expect(updated.registrationClosesAt == (try Date(closes, strategy: .iso8601)))
    }

    /// Helper 142: a deadline at the end (walk-ins until closing) shifted with the start and was
    /// capped at the end, so a start moved later and back again left it an hour before the end.
    /// It stays at the end, wherever the end goes; the start alone does not move it.
    @Test(arguments: [
        ([#"{"starts_at":"2027-01-16T09:00:00Z"}"#, #"{"starts_at":"2027-01-16T08:00:00Z"}"#], "2027-01-16T11:00:00Z"),
        ([#"{"starts_at":"2027-01-23T08:00:00Z","ends_at":"2027-01-23T11:00:00Z"}"#], "2027-01-23T11:00:00Z"),
        ([#"{"ends_at":"2027-01-16T10:00:00Z"}"#, #"{"ends_at":"2027-01-16T12:00:00Z"}"#], "2027-01-16T12:00:00Z"),
        ([#"{"starts_at":"2027-01-16T09:00:00Z","registration_closes_at":"2027-01-16T09:30:00Z"}"#], "2027-01-16T09:30:00Z"),
    ] as [([String], String)])
    func aDeadlineAtTheEndStaysThere(_ patches: [String], _ closes: String) throws {
        var upcoming = Self.event
        upcoming.startsAt = Self.now.addingTimeInterval(Self.day)  // 2027-01-16 08:00 UTC
        upcoming.endsAt = upcoming.startsAt.addingTimeInterval(3 * 3_600)
        upcoming.registrationClosesAt = upcoming.endsAt
        for json in patches { upcoming = try Self.patch(json).applied(to: upcoming, now: Self.now) }
        #expect(upcoming.registrationClosesAt == (try Date(closes, strategy: .iso8601)))
    }

    @Test(arguments: [
        (#"{"title":null}"#, ["/title"]),
        (#"{"capacity":null}"#, ["/capacity"]),
        (#"{"starts_at":"2027-01-15T07:30:00Z"}"#, ["/starts_at"]),
        (#"{"ends_at":"2027-01-15T06:00:00Z"}"#, ["/ends_at"]),
        (#"{"registration_closes_at":"2027-01-15T07:30:00Z"}"#, ["/registration_closes_at"]),
        (#"{"per_household_limit":0,"place":""}"#, ["/place", "/per_household_limit"]),
    ] as [(String, [String])])
    func patchErrors(_ json: String, _ expected: [String]) throws {
        let patch = try Self.patch(json)
        do {
            _ = try patch.applied(to: Self.event, now: Self.now)
            Issue.record("\(json) was accepted")
        } catch {
            #expect(error.fieldIssues.map(\.pointer) == expected, "\(json)")
        }
    }
}
