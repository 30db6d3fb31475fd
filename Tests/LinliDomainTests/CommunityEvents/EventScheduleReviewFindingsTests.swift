import Foundation
import LinliDomain
import Testing

/// Found by review 10c of b6afd57 (moving an event's start moves its registration deadline). Each
/// test fails on the code it was written against.
@Suite struct EventScheduleReviewFindingsTests {
    static let now = Date(timeIntervalSince1970: 1_800_000_000)  // 2027-01-15 08:00 UTC
    static let day: TimeInterval = 86_400

    /// Now: an upcoming market starts in 10 days and takes registrations until 7 days before its
    /// start (in 3 days). The organizer moves it 5 days earlier (`starts_at`/`ends_at` only); the
    /// deadline is moved by the same 5 days, to 2 days ago, and the change is accepted without a
    /// word: registration, open a moment ago, is closed at once (`event.registration_closed`) —
    /// although the same deadline sent explicitly is refused (`/registration_closes_at` min now),
    /// and before b6afd57 the deadline stayed in 3 days (still before the new start). Should:
    /// moving the start never puts the deadline in the past unasked — the moved deadline is kept
    /// at or after now (e.g. not moved earlier than now, or the old one kept while it fits), or
    /// the change is refused naming `/registration_closes_at`; it is not silently closed.
    @Test func movingTheStartEarlierDoesNotSilentlyCloseRegistration() throws {
        let event = CommunityEvent(
            id: CommunityEventID(trusted: "cev_01"), communityID: CommunityID(trusted: "cmt_01"), kind: .swapMarket, title: "换物集市",
            description: nil, place: "小区广场", startsAt: Self.now.addingTimeInterval(10 * Self.day),
            endsAt: Self.now.addingTimeInterval(10 * Self.day + 3 * 3_600), registrationClosesAt: Self.now.addingTimeInterval(3 * Self.day),
            capacity: 40, perHouseholdLimit: 2, state: .scheduled, cancelReason: nil, createdBy: MemberID(trusted: "mem_01"),
            createdAt: Self.now.addingTimeInterval(-Self.day), updatedAt: Self.now.addingTimeInterval(-Self.day), version: 1)
        #expect(Self.now < event.registrationClosesAt, "registration is open before the change")
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        let patch = try decoder.decode(
            CommunityEventPatch.self, from: Data(#"{"starts_at":"2027-01-20T08:00:00Z","ends_at":"2027-01-20T11:00:00Z"}"#.utf8))
        do {
            let updated = try patch.applied(to: event, now: Self.now)
            #expect(
                updated.registrationClosesAt > Self.now,
                "moving the start 5 days earlier closed registration at once: deadline \(updated.registrationClosesAt), now \(Self.now)")
        } catch {
            // Refusing the change, naming the deadline, is a fix too.
            #expect(error.fieldIssues.map(\.pointer).contains("/registration_closes_at"), "refused for another reason: \(error)")
        }
    }

    /// Helper 150 #2: registration closed an hour ago (`close-registration`: the hall is full);
    /// postponing the market a week moved the passed deadline a week on too, and newcomers took
    /// places behind a waiting line told nobody would join it. A passed deadline stays passed
    /// unless the change sets one; one that is still ahead moves with the start as before.
    @Test(arguments: [
        (closedAgo: 3_600.0, patch: #"{"starts_at":"2027-01-27T08:00:00Z","ends_at":"2027-01-27T11:00:00Z"}"#, closesIn: -3_600.0),
        (closedAgo: 3_600.0, patch: #"{"starts_at":"2027-01-27T08:00:00Z","ends_at":"2027-01-27T11:00:00Z","registration_closes_at":"2027-01-26T08:00:00Z"}"#,
         closesIn: 11 * 86_400.0),
        (closedAgo: -86_400.0, patch: #"{"starts_at":"2027-01-27T08:00:00Z","ends_at":"2027-01-27T11:00:00Z"}"#,
         closesIn: 8 * 86_400.0),
    ])
    func aPostponementDoesNotReopenClosedRegistration(closedAgo: TimeInterval, patch json: String, closesIn: TimeInterval) throws {
        let event = CommunityEvent(
            id: CommunityEventID(trusted: "cev_01"), communityID: CommunityID(trusted: "cmt_01"), kind: .swapMarket, title: "换物集市",
            description: nil, place: "小区广场", startsAt: Self.now.addingTimeInterval(5 * Self.day),
            endsAt: Self.now.addingTimeInterval(5 * Self.day + 3 * 3_600), registrationClosesAt: Self.now.addingTimeInterval(-closedAgo),
            capacity: 40, perHouseholdLimit: 2, state: .scheduled, cancelReason: nil, createdBy: MemberID(trusted: "mem_01"),
            createdAt: Self.now.addingTimeInterval(-Self.day), updatedAt: Self.now.addingTimeInterval(-Self.day), version: 1)
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        let updated = try decoder.decode(CommunityEventPatch.self, from: Data(json.utf8)).applied(to: event, now: Self.now)
        #expect(updated.startsAt == Self.now.addingTimeInterval(12 * Self.day))
        #expect(updated.registrationClosesAt == Self.now.addingTimeInterval(closesIn))
    }
}
