import Foundation
import GRDB
import LinliDomain
import LinliStore
import Testing

/// Defects an adversarial review (session 12 review of `8a8406e..HEAD`) found in the store.
/// Each test failed against the code under review and passes since its fix (same session): the
/// reservation is checked after the replay; the door and `check_in_opens_at` both use the rules in
/// force at the event's start (`CommunityEventQueries.checkInOpensAt`).
@Suite struct Session12ReviewFindingsStoreTests {
    /// 677bda0 reserves `upheld_report` to the service, but checks it before the idempotent
    /// replay: a grant of that category made before the change (an organizer's, possible when the
    /// rule file named no rewards) retried under its own Idempotency-Key is now refused 422
    /// instead of answered as the transfer already posted.
    @Test func aReplayOfAnOlderUpheldReportGrantIsRefusedInsteadOfReplayed() throws {
        let f = try EventFixture()
        let member = f.residents[2].memberID
        let input = RewardInput(memberID: member, points: 5, category: "upheld_report", reason: "举报查实（旧版组织者发放）")
        // The transfer as it was posted before 677bda0 (the reservation did not exist yet).
        let original = try f.store.transactionSync { tx in
            try LedgerRewardCommands.grant(
                tx, community: f.admin.communityID, principal: f.organizer, input: input, idempotencyKey: "old-grant-1",
                actor: .system, limits: .standard)
        }.transfer
        // The organizer's client retries the same request with the same key.
        var outcome = "replayed"
        do {
            let replay = try f.store.transactionSync { tx in
                try LedgerRewardCommands.grant(
                    tx, community: f.admin.communityID, principal: f.organizer, input: input, idempotencyKey: "old-grant-1",
                    actor: .member(f.organizer, requestID: nil), limits: .standard)
            }
            #expect(replay.replayed && replay.transfer.id == original.id)
        } catch let error as DomainError {
            outcome = "\(error.code) \(error.fieldIssues)"
        }
        #expect(outcome == "replayed", "the retry of a transfer already posted was refused: \(outcome)")
    }

    /// 78bb08a: `check_in_opens_at` is computed from the rules in force when the event is read,
    /// but the door uses the rules in force at the tap. A version already activated with a
    /// future `effective_from` (before the event) changes the door: the answer the desk and the
    /// mini-program show is wrong, and people who come at the announced moment are turned away.
    @Test func checkInOpensAtAnswersADoorThatAScheduledVersionChanges() throws {
        let f = try EventFixture()
        let now = f.base.clock.now()
        // Version 2 (door 30 minutes before) takes effect in an hour, local time, to the minute.
        let zone = TimeZone(identifier: "Asia/Shanghai")!
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = zone
        formatter.dateFormat = "yyyy-MM-dd HH:mm"
        let effective = formatter.string(from: now.addingTimeInterval(3_660))
        var source = EventRulesTests.rules(doorMinutes: 30)
        source = RuleSource(
            fileName: source.fileName,
            text: source.text.replacingOccurrences(of: "effective_from: \"2026-01-01 00:00\"", with: "effective_from: \"\(effective)\""))
        try EventRulesTests.adopt(f, source)
        let event = try EventRulesTests.announce(f, startsIn: 4 * 3_600)
        let seated = try f.register(f.residents[2], event)
        // What GET /v1/events/{id} answers now (EventsController).
        let answered = try f.base.database.readSync { db in try CommunityEventQueries.checkInOpensAt(db, rules: f.rules, event: event) }
        // The resident comes when told the door opens (two hours before), after version 2 began.
        f.base.clock.set(answered.addingTimeInterval(60))
        var result = "checked in"
        do { _ = try f.checkIn(seated, as: f.staff) } catch let error as DomainError { result = "\(error.code) \(error.parameters)" }
        #expect(result == "checked in", "check_in_opens_at answered \(answered.formatted(.iso8601)), but at that moment the door said: \(result)")
    }
}
