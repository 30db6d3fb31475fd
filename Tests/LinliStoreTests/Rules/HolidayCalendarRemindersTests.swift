import Foundation
import GRDB
import LinliDomain
import LinliRules
import Testing
@testable import LinliStore

/// The shipped file lists 2026's holidays only: from 1 December (local) organizers and admins are
/// told once, and again once 2027 has begun, unless a version for New Year's Day lists the year.
@Suite struct HolidayCalendarRemindersTests {
    static func at(_ text: String) -> Date { try! Date(text, strategy: .iso8601) }

    func remind(_ fixture: StoreFixture) throws -> Int {
        try fixture.store.transactionSync { tx in try HolidayCalendarReminders.remindDue(tx, rules: ActiveRules()) }
    }

    func notified(_ fixture: StoreFixture) throws -> [String] {
        try fixture.database.readSync { db in
            try String.fetchAll(db, sql: "SELECT member_id FROM member_notifications WHERE kind = 'holidays_needed' ORDER BY id")
        }
    }

    func events(_ fixture: StoreFixture) throws -> [[String: Any]] {
        try fixture.database.readSync { db in
            try String.fetchAll(db, sql: "SELECT payload_json FROM outbox_events WHERE event_type = 'rules.holidays_needed' ORDER BY id")
        }.map { try JSONSerialization.jsonObject(with: Data($0.utf8)) as! [String: Any] }
    }

    @Test func organizersAreToldBeforeTheYearAndAgainOnceItBegan() throws {
        let fixture = try StoreFixture()
        let (boot, admin) = try fixture.bootstrap()
        let (organizer, _) = try fixture.member("组织者", role: .organizer, in: admin)
        _ = try fixture.member("审核员", role: .moderator, in: admin)
        _ = try fixture.member("居民", role: .resident, in: admin)

        fixture.clock.set(Self.at("2026-11-30T15:59:00Z"))  // 23:59 on 30 November in Shanghai
        #expect(try remind(fixture) == 0)
        fixture.clock.set(Self.at("2026-11-30T16:00:00Z"))
        #expect(try remind(fixture) == 1)
        #expect(try remind(fixture) == 0, "once per stage")
        fixture.clock.advance(by: 20 * 86_400)
        #expect(try remind(fixture) == 0)
        let first = try #require(try events(fixture).first)
        #expect(first["year"] as? Int == 2027 && first["stage"] as? String == "upcoming" && first["upcoming"] as? Bool == true)
        #expect(first["version"] as? Int == 1 && first["last_listed"] as? String == "2026-10-07")
        #expect((first["holiday_windows"] as? [String])?.isEmpty == false)
        #expect(Set(try notified(fixture)) == [boot.admin.id.rawValue, organizer.id.rawValue], "organizers and admins only")

        fixture.clock.set(Self.at("2027-01-01T00:00:00Z"))
        #expect(try remind(fixture) == 1)
        #expect(try remind(fixture) == 0)
        #expect(try events(fixture).map { $0["stage"] as? String } == ["upcoming", "missing"])
        #expect(try notified(fixture).count == 4)
        let text = try fixture.database.readSync { db in
            try MemberNotifications.decode(
                try Row.fetchOne(db, sql: "SELECT * FROM member_notifications WHERE kind = 'holidays_needed' ORDER BY id DESC LIMIT 1")!)
        }.text(in: .zhCN)
        #expect(text.contains("2027年已开始") && text.contains("第 1 版") && text.contains("2026-10-07"), "\(text)")
    }

    /// A version scheduled for New Year's Day with the year's dates answers the reminder for
    /// January on; but a listing posted in December for a 1 January job is priced by the version
    /// in force when it is posted (helper 138: 15 points where the holiday paid 22, and the
    /// reminder had gone quiet). The current version is named, with the scheduled one, once.
    @Test func aVersionScheduledForNewYearsDayStillAsksForTheDatesNow() throws {
        let fixture = try StoreFixture()
        let (_, admin) = try fixture.bootstrap()
        try activate(fixture, admin, version: 2, effectiveFrom: "2027-01-01 00:00", adding: ["2027-01-01"], at: "2026-12-02T00:00:00Z")
        #expect(try remind(fixture) == 1)
        #expect(try remind(fixture) == 0, "once per current version")
        let event = try #require(try events(fixture).first)
        #expect(event["version"] as? Int == 1 && event["scheduled_version"] as? Int == 2 && event["stage"] as? String == "upcoming")
        let notice = try fixture.database.readSync { db in
            try MemberNotifications.decode(
                try Row.fetchOne(db, sql: "SELECT * FROM member_notifications WHERE kind = 'holidays_needed' ORDER BY id DESC LIMIT 1")!)
        }
        let text = notice.text(in: .zhCN), english = notice.text(in: .en)
        #expect(text.hasPrefix("1月1日起施行的第 2 版规则已列出 2027 年的法定节假日，但现行第 1 版没有") && text.contains("supersedes: 2"), "\(text)")
        #expect(english.hasPrefix("Version 2, in force from 1 January, lists 2027's public holidays, but version 1") && !english.contains("{"))
        // Dates put in force now as well: nothing more to say, in December or after.
        // Put in force now, replacing the scheduled one as the notice says (`supersedes`).
        try activate(fixture, admin, version: 3, effectiveFrom: "2026-12-02 09:00", adding: ["2027-01-01"], supersedes: 2, at: "2026-12-02T01:30:00Z")
        #expect(try remind(fixture) == 0)
        fixture.clock.set(Self.at("2027-03-01T00:00:00Z"))
        #expect(try remind(fixture) == 0)
        #expect(try events(fixture).count == 1)
    }

    /// Helper 139: the usual order — told on 1 December, the organizers schedule the new year's
    /// version — met the first reminder's record and said nothing more.
    @Test func schedulingAfterTheFirstReminderStillAsksForTheDatesNow() throws {
        let fixture = try StoreFixture()
        let (_, admin) = try fixture.bootstrap()
        fixture.clock.set(Self.at("2026-12-01T00:00:00Z"))
        #expect(try remind(fixture) == 1)
        try activate(fixture, admin, version: 2, effectiveFrom: "2027-01-01 00:00", adding: ["2027-01-01"], at: "2026-12-02T00:00:00Z")
        #expect(try remind(fixture) == 1)
        #expect(try events(fixture).map { $0["scheduled_version"] as? Int } == [nil, 2])
        #expect(try remind(fixture) == 0)
    }

    func activate(
        _ fixture: StoreFixture, _ admin: Principal, version: Int, effectiveFrom: String, adding dates: [String], supersedes: Int? = nil,
        at now: String? = nil
    ) throws {
        if let now { fixture.clock.set(Self.at(now)) }
        var replacing = [(#"effective_from: "2026-01-01 00:00""#, #"effective_from: "\#(effectiveFrom)""# + (supersedes.map { "\nsupersedes: \($0)" } ?? ""))]
        if !dates.isEmpty {
            replacing.append(("\n  - \"2026-01-01\"", dates.map { "\n  - \"\($0)\"" }.joined() + "\n  - \"2026-01-01\""))
        }
        let source = RulesDrivenListingTests.candidate(version: version, replacing: replacing)
        _ = try fixture.store.transactionSync { tx in
            try RuleSetCommands.upload(
                tx, community: admin.communityID, source: source, principal: admin, actor: .member(admin, requestID: nil), activate: true)
        }
    }

    /// Helper 126: in December the version asked is the one in force on 1 January. The current
    /// one listing 2027 does not silence a scheduled one that does not (copied from an older file).
    @Test func theVersionForNewYearsDayIsTheOneAsked() throws {
        let fixture = try StoreFixture()
        let (_, admin) = try fixture.bootstrap()
        fixture.clock.set(Self.at("2026-11-20T00:00:00Z"))
        try activate(fixture, admin, version: 2, effectiveFrom: "2026-11-20 08:00", adding: ["2027-01-01"])
        try activate(fixture, admin, version: 3, effectiveFrom: "2027-01-01 00:00", adding: [])
        fixture.clock.set(Self.at("2026-12-02T00:00:00Z"))
        #expect(try remind(fixture) == 1)
        let event = try #require(try events(fixture).first)
        #expect(event["version"] as? Int == 3 && event["year"] as? Int == 2027 && event["stage"] as? String == "upcoming")
    }

    /// A new version put in force without the year is told again (the reminder is per version),
    /// and a version adopted in December with only next year's dates is not "missing" this year's.
    @Test func aNewVersionWithoutTheYearIsToldAgain() throws {
        let fixture = try StoreFixture()
        let (_, admin) = try fixture.bootstrap()
        fixture.clock.set(Self.at("2027-01-05T00:00:00Z"))
        #expect(try remind(fixture) == 1)
        try activate(fixture, admin, version: 2, effectiveFrom: "2027-01-05 08:00", adding: [])
        #expect(try remind(fixture) == 1, "version 2 lacks 2027 too")
        #expect(try events(fixture).map { $0["version"] as? Int } == [1, 2])
        try activate(fixture, admin, version: 3, effectiveFrom: "2027-01-05 09:00", adding: ["2027-02-06"])
        #expect(try remind(fixture) == 0)
        fixture.clock.set(Self.at("2027-12-20T00:00:00Z"))
        try activate(fixture, admin, version: 4, effectiveFrom: "2027-12-20 08:00", adding: ["2028-01-01"])
        #expect(try remind(fixture) == 0, "2027's dates replaced by 2028's in December: nothing is missing")
    }
}
