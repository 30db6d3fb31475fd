import Foundation
import GRDB
import LinliDomain
@testable import LinliStore
import Testing

/// Renewing a consent (`ProxyConsentRenewals`) and the reminder before it ends
/// (`ProxyConsentExpiryReminders`), over a real database (helper 144 #14: a year's consent lapsed
/// unnoticed, and the only way to extend one was to withdraw it, which turned the agent away).
@Suite struct ProxyConsentRenewalTests {
    let consents = ProxyConsentTests()
    let day: TimeInterval = 86_400

    func code(_ body: () throws -> Void) -> String? { ExchangeFixture.errorCode(body) }

    func renew(
        _ f: ExchangeFixture, _ consent: ProxyConsent, expiresAt: Date? = nil, note: String? = nil, version: Int? = nil,
        as principal: Principal
    ) throws -> ProxyConsent {
        try f.store.transactionSync { tx in
            try ProxyConsentRenewals.renew(
                tx, principal: principal, id: consent.id, input: ProxyRenewalInput(expiresAt: expiresAt, note: note),
                expectedVersion: version, actor: f.actor(principal))
        }
    }

    func remind(_ f: ExchangeFixture) throws -> Int {
        try f.store.transactionSync { tx in try ProxyConsentExpiryReminders.remindDue(tx) }
    }

    func notices(_ f: ExchangeFixture, _ member: Principal) throws -> [MemberNotification] {
        try f.base.database.readSync { db in
            try MemberNotifications.list(db, principal: member, unreadOnly: false, page: PageRequest(after: nil, limit: 50))
        }.items
    }

    /// She renews her own consent: the same consent, a later end, the staff member still acts for
    /// her, and nothing counts as a withdrawal. She and the agent are told; the change is audited
    /// with the old and the new end.
    @Test func sheRenewsHerOwnConsent() throws {
        let f = try ExchangeFixture()
        let consent = try consents.grant(f, expiresAt: f.clock.now().addingTimeInterval(30 * day))
        let end = f.clock.now().addingTimeInterval(200 * day)
        let renewed = try renew(f, consent, expiresAt: end, version: consent.version, as: f.neighbour)
        #expect(renewed.id == consent.id && renewed.expiresAt == end && renewed.version == consent.version + 1)
        #expect(renewed.revokedAt == nil && renewed.state(at: f.clock.now().addingTimeInterval(100 * day)) == .active)
        let told = try notices(f, f.neighbour).filter { $0.kind == .proxyRenewed }
        #expect(told.count == 1 && told.first?.parameters["recorded_by_name"] == nil)
        #expect(told.first?.text(in: .zhCN).hasPrefix("您对") == true && told.first?.parameters["previous_expires_at"] != nil)
        #expect(try notices(f, f.staff).filter { $0.kind == .proxyRenewedForAgent }.count == 1)
        let audit = try f.base.database.readSync { db in
            try Row.fetchOne(db, sql: "SELECT before_json, after_json FROM audit_entries WHERE action = 'proxy.renewed' AND target_id = ?",
                             arguments: [f.neighbour.memberID.rawValue])
        }
        #expect((audit?["before_json"] as String?)?.contains(AuditTimestamp.iso(consent.expiresAt)) == true)
        #expect((audit?["after_json"] as String?)?.contains(AuditTimestamp.iso(end)) == true)
        // A stale version is a conflict; a renewal is no withdrawal: the agent may still record
        // one for her at the desk, which a withdrawal would have barred.
        #expect(code { _ = try renew(f, renewed, version: consent.version, as: f.neighbour) } == "version_conflict")
        #expect(try f.base.database.readSync { db in
            try ProxyConsents.lastWithdrawal(db, community: consent.communityID, member: consent.memberID, agent: consent.agentID)
        } == nil)
    }

    /// At the desk, staff record her renewal with a note, as for a consent recorded there; she
    /// hears who did it. The agent renewing their own consent is not told of their own step.
    @Test func theDeskRecordsARenewalWithANote() throws {
        let f = try ExchangeFixture()
        let consent = try consents.grant(f, expiresAt: f.clock.now().addingTimeInterval(30 * day))
        #expect(code { _ = try renew(f, consent, as: f.staff) } == "validation_failed", "a note is required at the desk")
        let renewed = try renew(f, consent, note: "续期表格 012，本人到场", as: f.staff)
        #expect(renewed.expiresAt == f.clock.now().addingTimeInterval(365 * day), "the default term from now")
        // The consent says why it still runs: the desk's renewal, its note, beside the grant's own.
        let stored = try f.base.database.readSync { db in try ProxyConsentCommands.fetchVisible(db, principal: f.neighbour, id: consent.id) }
        #expect(stored.lastRenewal == ProxyConsent.Renewal(at: f.clock.now(), by: f.staff.memberID, basis: .inPerson, note: "续期表格 012，本人到场"))
        #expect(stored.basis == .member && stored.grantedBy == f.neighbour.memberID)
        let told = try #require(try notices(f, f.neighbour).first { $0.kind == .proxyRenewed })
        #expect(told.parameters["recorded_by_name"] != nil && told.text(in: .zhCN).hasPrefix("工作人员"))
        #expect(try notices(f, f.staff).filter { $0.kind == .proxyRenewedForAgent }.isEmpty, "their own step")
        // A neighbour who is neither her nor staff cannot renew it (she cannot even see it).
        #expect(code { _ = try renew(f, renewed, as: f.resident) } == "proxy.not_found")
    }

    struct Refusal: Sendable, CustomTestStringConvertible {
        let name: String
        let expected: String
        let reason: String?
        var testDescription: String { name }
    }

    /// Each refusal, with the code (and the field's reason) it gives.
    @Test(arguments: [
        Refusal(name: "an end no later than the present one", expected: "validation_failed", reason: "proxy.renewal_not_later"),
        Refusal(name: "an end already passed", expected: "validation_failed", reason: "proxy.expiry_passed"),
        Refusal(name: "an end beyond 366 days", expected: "validation_failed", reason: "proxy.expiry_too_far"),
        Refusal(name: "a withdrawn consent", expected: "proxy.not_active", reason: nil),
        Refusal(name: "an ended consent", expected: "proxy.not_active", reason: nil),
        Refusal(name: "a suspended resident", expected: "proxy.member_inactive", reason: nil),
        Refusal(name: "an agent no longer staff", expected: "proxy.agent_cannot_act", reason: nil),
        Refusal(name: "a suspended agent", expected: "proxy.agent_cannot_act", reason: nil),
        Refusal(name: "an end less than a day later (a second tap)", expected: "validation_failed", reason: "proxy.renewal_not_later"),
    ])
    func refusals(_ refusal: Refusal) throws {
        let f = try ExchangeFixture()
        let consent = try consents.grant(f, expiresAt: f.clock.now().addingTimeInterval(30 * day))
        var end: Date? = f.clock.now().addingTimeInterval(60 * day)
        switch refusal.name {
        case "an end no later than the present one": end = consent.expiresAt
        case "an end already passed": end = f.clock.now().addingTimeInterval(-60)
        case "an end beyond 366 days": end = f.clock.now().addingTimeInterval(367 * day)
        case "a withdrawn consent": _ = try consents.revoke(f, consent, as: f.neighbour)
        case "an ended consent": f.clock.advance(by: 31 * day)
        case "a suspended agent": try f.sql("UPDATE members SET status = 'suspended' WHERE id = ?", [f.staff.memberID.rawValue])
        case "an end less than a day later (a second tap)": end = consent.expiresAt.addingTimeInterval(3_600)
        case "a suspended resident":
            try f.sql("UPDATE members SET status = 'suspended' WHERE id = ?", [f.neighbour.memberID.rawValue])
        default: try f.sql("UPDATE members SET role = 'resident' WHERE id = ?", [f.staff.memberID.rawValue])
        }
        var error: DomainError?
        do { _ = try renew(f, consent, expiresAt: end, as: f.neighbour) } catch let caught as DomainError { error = caught }
        #expect(error?.code == refusal.expected)
        if let reason = refusal.reason { #expect(error?.fieldIssues.first?.parameters["reason"] == reason, "\(String(describing: error))") }
        if refusal.reason == "proxy.renewal_not_later" { #expect(error?.fieldIssues.first?.instants["expires_at"] == consent.expiresAt) }
        #expect(try f.base.count("SELECT COUNT(*) FROM audit_entries WHERE action = 'proxy.renewed'", []) == 0)
    }

    /// The agent renewing their own consent at the desk does so on the terms of recording one:
    /// not for their own housemate (`moderation.own_household`); she renews it herself, or other
    /// staff record it.
    @Test func theAgentDoesNotRenewTheirHousematesConsent() throws {
        let f = try ExchangeFixture()
        let consent = try consents.grant(f, expiresAt: f.clock.now().addingTimeInterval(30 * day))
        _ = try f.household(of: [f.staff.memberID, f.neighbour.memberID])
        #expect(code { _ = try renew(f, consent, note: "本人到场", as: f.staff) } == "moderation.own_household")
        #expect(try renew(f, consent, expiresAt: f.clock.now().addingTimeInterval(90 * day), as: f.neighbour).version == consent.version + 1)
    }

    /// Renewing a year's consent the day it was given, without an end, would not extend it: the
    /// refusal says so rather than "leave it out" (helper 148 #6).
    @Test func aRenewalThatWouldNotExtendItSaysSo() throws {
        let f = try ExchangeFixture()
        let consent = try consents.grant(f)
        var error: DomainError?
        do { _ = try renew(f, consent, as: f.neighbour) } catch let caught as DomainError { error = caught }
        #expect(error?.fieldIssues.first?.parameters["reason"] == "proxy.renewal_not_needed_yet")
        let text = ErrorCatalog.message(for: try #require(error?.fieldIssues.first), in: .zhCN)
        #expect(text.contains("临近到期时再续期"), "\(text)")
    }

    /// An end just past the lead is not reminded within the hour either (helper 148 #5).
    @Test func aRenewalJustPastTheLeadIsNotRemindedAtOnce() throws {
        let f = try ExchangeFixture()
        let consent = try consents.grant(f, expiresAt: f.clock.now().addingTimeInterval(5 * day))
        _ = try renew(f, consent, expiresAt: f.clock.now().addingTimeInterval(14 * day + 600), as: f.neighbour)
        f.clock.advance(by: 3_600)
        #expect(try remind(f) == 0)
        #expect(try notices(f, f.neighbour).filter { $0.kind == .proxyExpiring }.isEmpty)
    }

    /// Renewed to an end within the reminder's lead, it is not reminded the hour after: whoever
    /// renewed it just chose that end (helper 147 #3).
    @Test func aRenewalToAnEndWithinTwoWeeksIsNotRemindedAgain() throws {
        let f = try ExchangeFixture()
        let consent = try consents.grant(f, expiresAt: f.clock.now().addingTimeInterval(60 * day))
        f.clock.advance(by: 50 * day)
        #expect(try remind(f) == 1)
        _ = try renew(f, consent, expiresAt: f.clock.now().addingTimeInterval(12 * day), as: f.neighbour)
        f.clock.advance(by: 3_600)
        #expect(try remind(f) == 0)
        #expect(try notices(f, f.neighbour).filter { $0.kind == .proxyExpiring }.count == 1)
    }

    /// Two weeks before the end, she and her agent are reminded once; a renewal lets the reminder
    /// come again before the new end. A consent given for less than two weeks is not reminded.
    @Test func bothAreRemindedOnceBeforeTheEnd() throws {
        let f = try ExchangeFixture()
        let consent = try consents.grant(f, expiresAt: f.clock.now().addingTimeInterval(60 * day))
        #expect(try remind(f) == 0, "not yet due")
        f.clock.advance(by: 47 * day)
        #expect(try remind(f) == 1)
        #expect(try remind(f) == 0, "once per end")
        let hers = try notices(f, f.neighbour).filter { $0.kind == .proxyExpiring }
        let theirs = try notices(f, f.staff).filter { $0.kind == .proxyExpiringForAgent }
        #expect(hers.count == 1 && theirs.count == 1)
        #expect(hers.first?.text(in: .zhCN).contains("将于") == true && hers.first?.parameters["agent_name"] != nil)
        #expect(theirs.first?.parameters["resident_name"] != nil)

        _ = try renew(f, consent, expiresAt: f.clock.now().addingTimeInterval(30 * day), as: f.neighbour)
        #expect(try remind(f) == 0)
        f.clock.advance(by: 17 * day)
        #expect(try remind(f) == 1)
        #expect(try notices(f, f.neighbour).filter { $0.kind == .proxyExpiring }.count == 2)

        // A short consent, given knowingly, is passed over (marked, not told).
        let g = try ExchangeFixture()
        _ = try consents.grant(g, expiresAt: g.clock.now().addingTimeInterval(10 * day))
        #expect(try remind(g) == 1)
        #expect(try notices(g, g.neighbour).filter { $0.kind == .proxyExpiring }.isEmpty)
        #expect(try remind(g) == 0)
    }

    /// Helper 157 #5: a consent given for two weeks and a few minutes was reminded within the
    /// hour, minutes after she gave it (a renewal already had a day's margin).
    @Test func aConsentJustPastTheLeadIsNotRemindedAtOnce() throws {
        let f = try ExchangeFixture()
        _ = try consents.grant(f, expiresAt: f.clock.now().addingTimeInterval(14 * day + 600))
        f.clock.advance(by: 3_600)
        _ = try remind(f)
        #expect(try notices(f, f.neighbour).filter { $0.kind == .proxyExpiring }.isEmpty)
    }

    /// Helper 157 #4: suspended for a week when the reminder came due, she was never told, and
    /// the consent lapsed a week after the suspension ended. It waits and comes once she is back.
    @Test func aResidentSuspendedForAWhileIsRemindedWhenBack() throws {
        let f = try ExchangeFixture()
        _ = try consents.grant(f, expiresAt: f.clock.now().addingTimeInterval(60 * day))
        f.clock.advance(by: 47 * day)
        let back = f.clock.now().addingTimeInterval(7 * day)
        try f.sql("UPDATE members SET status = 'suspended', suspended_until = ? WHERE id = ?", [StoredTime.text(back), f.neighbour.memberID.rawValue])
        #expect(try remind(f) == 0, "waits")
        f.clock.advance(by: 7 * day + 60)
        #expect(try remind(f) == 1)
        #expect(try notices(f, f.neighbour).filter { $0.kind == .proxyExpiring }.count == 1)
    }
}
