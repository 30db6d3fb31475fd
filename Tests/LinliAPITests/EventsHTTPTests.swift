import Foundation
import HTTPTypes
import HummingbirdTesting
import LinliDomain
import LinliStore
import Testing

/// Swap markets over HTTP: an organizer announces one, residents register (a seat or a place in
/// line), station staff register a resident at the desk, and the answers carry stable codes.
@Suite struct EventsHTTPTests {
    @Test func anOrganizerAnnouncesAMarketAndResidentsRegisterUntilItIsFull() async throws {
        let fixture = try APIFixture()
        let a = fixture.a
        try await fixture.run { client in
            let created = try await client.call(.post, "/v1/events", token: a.secret(.organizer), json: EventFixtures.newJSON(capacity: 1))
            #expect(created.status == .created)
            let event = try created.object()
            let id = try #require(event["id"] as? String)
            #expect(created.headers[.location] == "/v1/events/\(id)")
            #expect(created.headers[.eTag] == "\"1\"")
            #expect(event["phase"] as? String == "upcoming")
            #expect(event["registration_open"] as? Bool == true)
            #expect(event["seats_left"] as? Int == 1)
            #expect(event["my_registration"] is NSNull)
            // When the door opens, from the rules in force: two hours ahead as shipped.
            let startsAt = try #require((event["starts_at"] as? String).flatMap { try? Date($0, strategy: .iso8601) })
            let opensAt = try #require((event["check_in_opens_at"] as? String).flatMap { try? Date($0, strategy: .iso8601) })
            #expect(startsAt.timeIntervalSince(opensAt) == 7_200)

            let mine = try await client.call(.post, "/v1/events/\(id)/registrations", token: a.secret(.resident))
            #expect(mine.status == .created)
            let registration = try mine.object()
            #expect(registration["state"] as? String == "registered")
            #expect(mine.headers[.location] == "/v1/event-registrations/\(registration["id"] as? String ?? "")")

            // Full: the next one waits in line, first.
            let waiting = try await client.call(.post, "/v1/events/\(id)/registrations", token: a.secret(.moderator), json: "{}")
            #expect(waiting.status == .created)
            #expect(try waiting.object()["state"] as? String == "waitlisted")
            #expect(try waiting.object()["waiting_position"] as? Int == 1)

            let detail = try await client.call(.get, "/v1/events/\(id)", token: a.secret(.resident))
            let shown = try detail.object()
            #expect(shown["seats_taken"] as? Int == 1)
            #expect(shown["waitlisted"] as? Int == 1)
            #expect((shown["my_registration"] as? [String: Any])?["state"] as? String == "registered")

            let again = try await client.call(.post, "/v1/events/\(id)/registrations", token: a.secret(.resident))
            #expect(again.status == .conflict)
            #expect(try again.object()["code"] as? String == "event.already_registered")
            // The state in the reader's words (helper 133: "状态：registered").
            let againDetail = try again.object()["detail"] as? String
            #expect(againDetail?.contains("registered）") == false, "\(againDetail ?? "")")

            // The resident gives the seat up; the moderator, first in line, gets it and is told.
            // A stale If-Match is refused, as on every versioned write (helper 110: it was ignored).
            let stale = try await client.call(
                .post, "/v1/event-registrations/\(registration["id"] as? String ?? "")/cancel", token: a.secret(.resident),
                headers: [.ifMatch: "\"99\""])
            #expect(stale.status == .conflict)
            #expect(try stale.object()["code"] as? String == "version_conflict")
            let cancelled = try await client.call(
                .post, "/v1/event-registrations/\(registration["id"] as? String ?? "")/cancel", token: a.secret(.resident),
                headers: [.ifMatch: "\"\(registration["version"] as? Int ?? 0)\""])
            #expect(cancelled.status == .ok)
            #expect(try cancelled.object()["state"] as? String == "cancelled")
            let inbox = try await client.call(.get, "/v1/notifications", token: a.secret(.moderator))
            let kinds = (try inbox.object()["items"] as? [[String: Any]])?.compactMap { $0["kind"] as? String } ?? []
            #expect(kinds.contains("event_seat_granted"))
        }
    }

    @Test func residentsCannotAnnounceAndBadTimesAreFieldErrors() async throws {
        let fixture = try APIFixture()
        let a = fixture.a
        try await fixture.run { client in
            let forbidden = try await client.call(.post, "/v1/events", token: a.secret(.resident), json: EventFixtures.newJSON())
            #expect(forbidden.status == .forbidden)
            let past = try await client.call(.post, "/v1/events", token: a.secret(.organizer), json: EventFixtures.newJSON(startsIn: -3_600))
            #expect(past.status == .unprocessableContent)
            let pointers = (try past.object()["errors"] as? [[String: Any]])?.compactMap { $0["pointer"] as? String } ?? []
            #expect(pointers == ["/starts_at"])
            let unknown = try await client.call(
                .post, "/v1/events/\(a.event.id)/registrations", token: a.secret(.moderator), json: #"{"member":"x"}"#)
            #expect(unknown.status == .unprocessableContent, "a misspelt field is refused, not ignored")
        }
    }

    @Test func stationStaffRegisterAResidentWhoIsToldInTheirInbox() async throws {
        let fixture = try APIFixture()
        let a = fixture.a
        try await fixture.run { client in
            let registered = try await client.call(
                .post, "/v1/events/\(a.event.id)/registrations", token: a.secret(.stationStaff), json: #"{"member_id":"\#(a.target.id)"}"#)
            #expect(registered.status == .created)
            let body = try registered.object()
            #expect(body["member_id"] as? String == a.target.id.rawValue)
            #expect(body["registered_by"] as? String == a.member(.stationStaff).id.rawValue)
            let inbox = try await client.call(.get, "/v1/notifications", token: a.targetToken.secret, headers: [.acceptLanguage: "en"])
            let items = try inbox.object()["items"] as? [[String: Any]] ?? []
            let told = try #require(items.first { $0["kind"] as? String == "event_registered_for_you" })
            // Naming who (helper 140).
            let staffName = a.member(.stationStaff).displayName
            #expect((told["text"] as? String)?.hasPrefix("Staff member \(staffName) registered you for 周末换物集市") == true, "\(told)")
            // The target's own list shows it with its event; another resident may not read that list.
            let list = try await client.call(.get, "/v1/members/\(a.target.id)/event-registrations", token: a.targetToken.secret)
            let first = (try list.object()["items"] as? [[String: Any]])?.first
            #expect((first?["event"] as? [String: Any])?["title"] as? String == "周末换物集市")
            let others = try await client.call(.get, "/v1/members/\(a.target.id)/event-registrations", token: a.secret(.resident))
            #expect(others.status == .forbidden)
            // A resident cannot register someone else.
            let proxy = try await client.call(
                .post, "/v1/events/\(a.event.id)/registrations", token: a.secret(.resident), json: #"{"member_id":"\#(a.target.id)"}"#)
            #expect(proxy.status == .forbidden)
        }
    }

    @Test func theDoorIsClosedTwoDaysAheadAndACancelledMarketTakesNoOne() async throws {
        let fixture = try APIFixture()
        let a = fixture.a
        try await fixture.run { client in
            let early = try await client.call(.post, "/v1/event-registrations/\(a.registration.id)/check-in", token: a.secret(.stationStaff))
            #expect(early.status == .conflict)
            #expect(try early.object()["code"] as? String == "event.check_in_closed")
            let staleCheckIn = try await client.call(
                .post, "/v1/event-registrations/\(a.registration.id)/check-in", token: a.secret(.stationStaff), headers: [.ifMatch: "\"99\""])
            #expect(try staleCheckIn.object()["code"] as? String == "version_conflict")
            let stale = try await client.call(
                .post, "/v1/events/\(a.event.id)/cancel", token: a.secret(.organizer), json: #"{"reason":"暴雨"}"#, headers: [.ifMatch: "\"7\""])
            #expect(stale.status == .conflict)
            #expect(try stale.object()["code"] as? String == "version_conflict")
            let cancelled = try await client.call(
                .post, "/v1/events/\(a.event.id)/cancel", token: a.secret(.organizer), json: #"{"reason":"暴雨"}"#, headers: [.ifMatch: "\"1\""])
            #expect(cancelled.status == .ok)
            #expect(try cancelled.object()["phase"] as? String == "cancelled")
            let late = try await client.call(
                .post, "/v1/events/\(a.event.id)/registrations", token: a.secret(.moderator), headers: [.acceptLanguage: "en"])
            #expect(late.status == .conflict)
            let problem = try late.object()
            #expect(problem["code"] as? String == "event.cancelled")
            #expect((problem["detail"] as? String)?.hasSuffix("Reason given: 暴雨") == true)
            let inbox = try await client.call(.get, "/v1/notifications", token: a.secret(.resident))
            let kinds = (try inbox.object()["items"] as? [[String: Any]])?.compactMap { $0["kind"] as? String } ?? []
            #expect(kinds.contains("event_cancelled"))
        }
    }
}

/// The sign-in sheet over HTTP: station staff download it as CSV for the door; residents may not.
@Suite struct EventSignInSheetHTTPTests {
    @Test func stationStaffPrintTheSheetAndResidentsCannot() async throws {
        let fixture = try APIFixture()
        let a = fixture.a
        try await fixture.run { client in
            let sheet = try await client.call(.get, "/v1/events/\(a.event.id)/registrations?format=csv", token: a.secret(.stationStaff))
            #expect(sheet.status == .ok)
            #expect(sheet.headers[.contentType] == "text/csv; charset=utf-8")
            let text = String(buffer: sheet.body)
            #expect(text.contains("序号,姓名,状态"))
            #expect(text.contains("1,\(a.member(.resident).displayName),已报名"))
            let refused = try await client.call(.get, "/v1/events/\(a.event.id)/registrations?format=csv", token: a.secret(.resident))
            #expect(refused.status == .forbidden)
            let unknown = try await client.call(.get, "/v1/events/\(a.event.id)/registrations?format=pdf", token: a.secret(.stationStaff))
            #expect(unknown.status == .badRequest)
            // The sheet is always whole: a filter or a page size is refused, not ignored.
            for query in ["state=waitlisted", "state=bogus", "limit=5", "cursor=abc"] {
                let filtered = try await client.call(
                    .get, "/v1/events/\(a.event.id)/registrations?format=csv&\(query)", token: a.secret(.stationStaff))
                #expect(filtered.status == .badRequest, "\(query)")
                #expect((try? filtered.object()["code"] as? String) == "query.not_with_format", "\(query)")
            }
        }
    }

    /// The seated resident is suspended: the door will refuse them, and the printed sheet says so
    /// instead of listing them as plainly seated; lifted, the mark goes.
    @Test func aSuspendedSeatedMemberIsMarkedOnTheSheet() async throws {
        let fixture = try APIFixture()
        let a = fixture.a
        let resident = a.member(.resident)
        try await fixture.run { client in
            func setStatus(_ status: String) throws {
                try fixture.environment.store.transactionSync { tx in
                    try tx.db.execute(sql: "UPDATE members SET status = ? WHERE id = ?", arguments: [status, resident.id.rawValue])
                }
            }
            try setStatus("suspended")
            let sheet = String(buffer: try await client.call(
                .get, "/v1/events/\(a.event.id)/registrations?format=csv", token: a.secret(.stationStaff)).body)
            #expect(sheet.contains("1,\(resident.displayName),已报名（账号停用，不能签到）"), "\(sheet)")
            try setStatus("active")
            let again = String(buffer: try await client.call(
                .get, "/v1/events/\(a.event.id)/registrations?format=csv", token: a.secret(.stationStaff)).body)
            #expect(again.contains("1,\(resident.displayName),已报名,"), "\(again)")
        }
    }
}
