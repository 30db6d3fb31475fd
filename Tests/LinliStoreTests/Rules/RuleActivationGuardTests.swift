import Foundation
import GRDB
import LinliDomain
import Testing
@testable import LinliStore

/// What may be put in force (session 16 review): not a version that no longer compiles (every use
/// case of the community would answer 503), and not one that would never govern because a version
/// in force starts later; and a stored version that no longer compiles answers explain and diff
/// with a specific 409, not a bare 500.
@Suite struct RuleActivationGuardTests {
    static func source(version: Int, effectiveFrom: String) -> RuleSource {
        RulesDrivenListingTests.candidate(
            version: version, replacing: [(#"effective_from: "2026-01-01 00:00""#, #"effective_from: "\#(effectiveFrom)""#)])
    }

    func upload(_ fixture: ListingFixture, _ source: RuleSource) throws -> StoredRuleSet {
        try fixture.store.transactionSync { tx in
            try RuleSetCommands.upload(
                tx, community: fixture.admin.communityID, source: source, principal: fixture.admin,
                actor: .member(fixture.admin, requestID: nil), activate: false)
        }
    }

    func activate(_ fixture: ListingFixture, _ stored: StoredRuleSet) throws -> StoredRuleSet {
        try fixture.store.transactionSync { tx in
            try RuleSetCommands.activate(tx, principal: fixture.admin, id: stored.id, actor: .member(fixture.admin, requestID: nil))
        }
    }

    @Test func aVersionStartingBeforeTheOneInForceIsNeverPutInForce() throws {
        let fixture = try ListingFixture()
        fixture.clock.advance(by: 10 * 86_400)  // 2026-01-11
        let second = try upload(fixture, Self.source(version: 2, effectiveFrom: "2026-01-05 00:00"))
        _ = try activate(fixture, second)
        let third = try upload(fixture, Self.source(version: 3, effectiveFrom: "2026-01-03 00:00"))
        let refused = try #require(throws: DomainError.self) { _ = try activate(fixture, third) }
        #expect(refused.code == "rules.never_in_force" && refused.parameters["governing"] == "2")
        #expect(try fixture.base.count("SELECT COUNT(*) FROM rule_sets WHERE version = 3 AND status = 'candidate'") == 1)
        // A version starting later than the one in force is scheduled: it governs from its start.
        let fourth = try upload(fixture, Self.source(version: 4, effectiveFrom: "2026-01-20 00:00"))
        #expect(try activate(fixture, fourth).status == .activated)
        // Activating while uploading is held to the same rule.
        let late = try #require(throws: DomainError.self) {
            try fixture.store.transactionSync { tx in
                try RuleSetCommands.upload(
                    tx, community: fixture.admin.communityID, source: Self.source(version: 5, effectiveFrom: "2026-01-04 00:00"),
                    principal: fixture.admin, actor: .member(fixture.admin, requestID: nil), activate: true)
            }
        }
        #expect(late.code == "rules.never_in_force")
    }

    @Test func aVersionThatNoLongerCompilesIsNeitherActivatedNorExplainedNorCompared() throws {
        let fixture = try ListingFixture()
        let candidate = try upload(fixture, Self.source(version: 2, effectiveFrom: "2026-01-01 00:00"))
        try fixture.base.database.writeSync { db in
            try db.execute(
                sql: "UPDATE rule_sets SET source = ?, content_hash = ? WHERE id = ?",
                arguments: ["version: [2\ncategories: {", String(repeating: "c", count: 64), candidate.id.rawValue])
        }
        let broken = try fixture.base.database.readSync { db in
            try RuleSetCommands.fetch(db, community: fixture.admin.communityID, id: candidate.id)
        }
        let activation = try #require(throws: DomainError.self) { _ = try activate(fixture, broken) }
        #expect(activation.code == "rules.version_unreadable" && activation.category == .conflict)
        #expect(activation.parameters["problem"]?.hasPrefix("1:10 ") == true, "the unclosed bracket: \(activation.parameters)")
        let explain = try #require(throws: DomainError.self) { _ = try CompiledRuleSetCache().readable(broken) }
        #expect(explain.code == "rules.version_unreadable")
        let diff = try #require(throws: DomainError.self) {
            try fixture.base.database.readSync { db in
                try RuleSetDiffQueries.diff(
                    db, community: fixture.admin.communityID, candidate: candidate.id, rules: fixture.services.rules, at: fixture.clock.now())
            }
        }
        #expect(diff.code == "rules.version_unreadable")
        let message = ErrorCatalog.message(for: activation, in: .en).detail
        #expect(!message.contains("{") && message.contains("version 2"), "\(message)")
    }

    /// Two organizers (or one retry without an Idempotency-Key) roll back "version 3": the first
    /// withdraws it, the second is told another version is in force instead of withdrawing 2 too.
    @Test func aRollbackNamingItsVersionIsNotRepeatedOnTheNextOne() throws {
        let fixture = try ListingFixture()
        fixture.clock.advance(by: 10 * 86_400)
        _ = try activate(fixture, try upload(fixture, Self.source(version: 2, effectiveFrom: "2026-01-05 00:00")))
        _ = try activate(fixture, try upload(fixture, Self.source(version: 3, effectiveFrom: "2026-01-07 00:00")))
        #expect(try rollback(fixture, expecting: 3).version == 2)
        let stale = try #require(throws: DomainError.self) { _ = try rollback(fixture, expecting: 3) }
        #expect(stale.code == "rules.rollback_stale" && stale.parameters["current"] == "2")
        let inForce = try fixture.base.database.readSync { db in
            try RuleSetCommands.active(db, community: fixture.admin.communityID, at: fixture.clock.now())
        }
        #expect(inForce?.version == 2)
    }

    /// Session 27 review (helper 84): activation refused a version that no longer compiles, but a
    /// rollback put one back in force, and from then on every listing and exchange call of the
    /// community answered 503 `rules.active_version_unreadable`.
    @Test func aRollbackNeverPutsBackAVersionThatNoLongerCompiles() throws {
        let fixture = try ListingFixture()
        fixture.clock.advance(by: 10 * 86_400)
        let second = try activate(fixture, try upload(fixture, Self.source(version: 2, effectiveFrom: "2026-01-05 00:00")))
        _ = try activate(fixture, try upload(fixture, Self.source(version: 3, effectiveFrom: "2026-01-07 00:00")))
        try fixture.base.database.writeSync { db in
            try db.execute(sql: "UPDATE rule_sets SET source = ? WHERE id = ?", arguments: ["version: [2\ncategories: {", second.id.rawValue])
        }
        let refused = try #require(throws: DomainError.self) { _ = try rollback(fixture, expecting: 3) }
        #expect(refused.code == "rules.version_unreadable" && refused.parameters["version"] == "2")
        let inForce = try fixture.base.database.readSync { db in
            try RuleSetCommands.active(db, community: fixture.admin.communityID, at: fixture.clock.now())
        }
        #expect(inForce?.version == 3)
        #expect(try fixture.base.count("SELECT COUNT(*) FROM rule_sets WHERE status = 'withdrawn'") == 0)
    }

    /// Session 27 review (helper 84): `supersedes` was only checked to exist. A correction (3,
    /// `supersedes: 2`, from the 15th) of a version scheduled for the 20th (2) was in force for
    /// five days, then 2 took over again on the 20th, unannounced: the rules the correction was
    /// written to replace. Putting 3 in force withdraws 2 (audited, announced).
    @Test func aVersionPutInForceWithdrawsTheScheduledVersionItSupersedes() throws {
        let fixture = try ListingFixture()
        fixture.clock.advance(by: 10 * 86_400)  // 2026-01-11
        _ = try activate(fixture, try upload(fixture, Self.source(version: 2, effectiveFrom: "2026-01-20 00:00")))
        let fixed = RulesDrivenListingTests.candidate(
            version: 3, replacing: [(#"effective_from: "2026-01-01 00:00""#, "effective_from: \"2026-01-15 00:00\"\nsupersedes: 2")])
        #expect(fixed.text.contains("\nsupersedes: 2"))
        _ = try activate(fixture, try upload(fixture, fixed))
        #expect(try fixture.base.count(
            "SELECT COUNT(*) FROM audit_entries WHERE action = 'rules.withdrawn' AND reason = 'superseded by version 3'") == 1)
        #expect(try fixture.base.count("SELECT COUNT(*) FROM rule_sets WHERE version = 2 AND status = 'withdrawn'") == 1)
        fixture.clock.advance(by: 10 * 86_400)  // 2026-01-21
        let inForce = try fixture.base.database.readSync { db in
            try RuleSetCommands.active(db, community: fixture.admin.communityID, at: fixture.clock.now())
        }
        #expect(inForce?.version == 3)
    }

    /// Helper 129: a version 2 written earlier is scheduled for the 20th; version 3, in force from
    /// the 15th without `supersedes: 2`, was accepted, and on the 20th version 2 took over and
    /// undid it, unannounced. Now 3 is refused (409 `rules.undone_by_scheduled`, naming 2 and its
    /// start), nothing changes; with `supersedes: 2` it goes in (2 withdrawn with it), and after 2
    /// is withdrawn by hand, 3 goes in; 2 activated again is refused (it would undo 3), its text comes back as a new version.
    @Test func anOlderVersionScheduledLaterWouldUndoTheNewOne() throws {
        let fixture = try ListingFixture()
        fixture.clock.advance(by: 10 * 86_400)  // 2026-01-11
        let second = try activate(fixture, try upload(fixture, Self.source(version: 2, effectiveFrom: "2026-01-20 00:00")))
        let third = try upload(fixture, Self.source(version: 3, effectiveFrom: "2026-01-15 00:00"))
        let refused = try #require(throws: DomainError.self) { _ = try activate(fixture, third) }
        #expect(refused.code == "rules.undone_by_scheduled" && refused.category == .conflict)
        #expect(refused.parameters["scheduled"] == "2" && refused.parameters["version"] == "3")
        #expect(refused.instants["scheduled_from"] == second.effectiveFrom)
        #expect(!ErrorCatalog.message(for: refused, in: .zhCN).detail.contains("{"))
        #expect(try fixture.base.count("SELECT COUNT(*) FROM rule_sets WHERE version = 3 AND status = 'candidate'") == 1)
        // Uploading with activation is held to the same rule.
        let atUpload = try #require(throws: DomainError.self) {
            try fixture.store.transactionSync { tx in
                try RuleSetCommands.upload(
                    tx, community: fixture.admin.communityID, source: Self.source(version: 4, effectiveFrom: "2026-01-12 00:00"),
                    principal: fixture.admin, actor: .member(fixture.admin, requestID: nil), activate: true)
            }
        }
        #expect(atUpload.code == "rules.undone_by_scheduled")
        // Withdrawn first, on purpose: 3 goes in. Activating 2 again would undo 3 on the 20th
        // (helper 130): its text comes back as a new version instead.
        _ = try fixture.store.transactionSync { tx in
            try RuleSetCommands.rollback(
                tx, principal: fixture.admin, reason: "先撤回，稍后再排期", expectedVersion: 2, actor: .member(fixture.admin, requestID: nil))
        }
        #expect(try activate(fixture, third).status == .activated)
        let again = try #require(throws: DomainError.self) { _ = try activate(fixture, second) }
        #expect(again.code == "rules.would_undo_newer" && again.parameters["newer"] == "3" && again.parameters["latest"] == "3")
        #expect(!ErrorCatalog.message(for: again, in: .zhCN).detail.contains("{"))
        #expect(try activate(fixture, try upload(fixture, Self.source(version: 4, effectiveFrom: "2026-01-20 00:00"))).status == .activated)
    }

    /// Helper 130: the same harm from the other side. An older candidate (2, for the 20th) put in
    /// force while a newer version (3) is in force from the 5th would replace it on the 20th.
    @Test func anOlderCandidateScheduledLaterWouldUndoTheNewerInForce() throws {
        let fixture = try ListingFixture()
        fixture.clock.advance(by: 10 * 86_400)  // 2026-01-11
        let older = try upload(fixture, Self.source(version: 2, effectiveFrom: "2026-01-20 00:00"))
        _ = try activate(fixture, try upload(fixture, Self.source(version: 3, effectiveFrom: "2026-01-05 00:00")))
        let refused = try #require(throws: DomainError.self) { _ = try activate(fixture, older) }
        #expect(refused.code == "rules.would_undo_newer" && refused.parameters["newer"] == "3")
        #expect(try fixture.base.count("SELECT COUNT(*) FROM rule_sets WHERE version = 2 AND status = 'candidate'") == 1)
    }

    /// A later version scheduled after the one put in force is the usual order, not refused.
    @Test func aNewerVersionScheduledLaterIsTheUsualOrder() throws {
        let fixture = try ListingFixture()
        fixture.clock.advance(by: 10 * 86_400)  // 2026-01-11
        let second = try upload(fixture, Self.source(version: 2, effectiveFrom: "2026-01-15 00:00"))
        let third = try upload(fixture, Self.source(version: 3, effectiveFrom: "2026-01-20 00:00"))
        _ = try activate(fixture, third)
        #expect(try activate(fixture, second).status == .activated)
    }

    /// Helper 129: rolling back a correction (3, `supersedes: 2`) left the version it had
    /// withdrawn (2, scheduled for the 20th) withdrawn: nothing was scheduled any more. Now the
    /// rollback puts 2 back on its schedule, audited and announced.
    @Test func rollingBackACorrectionPutsBackWhatItWithdrew() throws {
        let fixture = try ListingFixture()
        fixture.clock.advance(by: 10 * 86_400)  // 2026-01-11
        let second = try activate(fixture, try upload(fixture, Self.source(version: 2, effectiveFrom: "2026-01-20 00:00")))
        let fixed = RulesDrivenListingTests.candidate(
            version: 3, replacing: [(#"effective_from: "2026-01-01 00:00""#, "effective_from: \"2026-01-10 00:00\"\nsupersedes: 2")])
        fixture.clock.advance(by: 60)
        _ = try activate(fixture, try upload(fixture, fixed))
        #expect(try fixture.base.count("SELECT COUNT(*) FROM rule_sets WHERE version = 2 AND status = 'withdrawn'") == 1)
        fixture.clock.advance(by: 60)
        let inForce = try rollback(fixture, expecting: 3)
        #expect(inForce.version == 1)
        #expect(try fixture.base.count("SELECT COUNT(*) FROM rule_sets WHERE version = 2 AND status = 'activated'") == 1)
        #expect(try fixture.base.count(
            "SELECT COUNT(*) FROM audit_entries WHERE action = 'rules.activated' AND target_id = '\(second.id.rawValue)' AND reason LIKE 'version 3%'") == 1)
        fixture.clock.advance(by: 10 * 86_400)  // 2026-01-21
        let later = try fixture.base.database.readSync { db in
            try RuleSetCommands.active(db, community: fixture.admin.communityID, at: fixture.clock.now())
        }
        #expect(later?.version == 2, "back on its schedule")
    }

    /// Helper 132: withdrawing a scheduled correction before its start puts back what its
    /// `supersedes` withdrew, as rolling back one in force does.
    @Test func withdrawingAScheduledCorrectionPutsBackWhatItWithdrew() throws {
        let fixture = try ListingFixture()
        fixture.clock.advance(by: 10 * 86_400)  // 2026-01-11
        _ = try activate(fixture, try upload(fixture, Self.source(version: 2, effectiveFrom: "2026-01-25 00:00")))
        let fixed = RulesDrivenListingTests.candidate(
            version: 3, replacing: [(#"effective_from: "2026-01-01 00:00""#, "effective_from: \"2026-01-20 00:00\"\nsupersedes: 2")])
        fixture.clock.advance(by: 60)
        _ = try activate(fixture, try upload(fixture, fixed))
        #expect(try fixture.base.count("SELECT COUNT(*) FROM rule_sets WHERE version = 2 AND status = 'withdrawn'") == 1)
        fixture.clock.advance(by: 60)
        #expect(try rollback(fixture, expecting: 3).version == 1)
        #expect(try fixture.base.count("SELECT COUNT(*) FROM rule_sets WHERE version = 2 AND status = 'activated'") == 1)
    }

    /// Session 27 review (helper 85): an organizer at the day's reward cap put in force a version
    /// with a cap of a million and granted on. A version that lets points be created faster than
    /// the one in force (a daily cap, the donation rate, the upheld-report reward) is put in force
    /// by an admin, by activation or by rollback; lowering a cap, or anything else, is not held.
    @Test func anOrganizerDoesNotRaiseTheLimitsOnTheirOwnGrants() throws {
        let fixture = try ListingFixture()
        let organizer = try fixture.base.member("赵组织", role: .organizer, in: fixture.admin).1
        func source(version: Int, cap: Int) -> RuleSource {
            RulesDrivenListingTests.candidate(
                version: version, replacing: [("organizer_daily_grant_cap: 300", "organizer_daily_grant_cap: \(cap)")])
        }
        func activate(_ stored: StoredRuleSet, by principal: Principal) throws -> StoredRuleSet {
            try fixture.store.transactionSync { tx in
                try RuleSetCommands.activate(tx, principal: principal, id: stored.id, actor: .member(principal, requestID: nil))
            }
        }
        let raised = try upload(fixture, source(version: 2, cap: 1_000_000))
        let refused = try #require(throws: DomainError.self) { _ = try activate(raised, by: organizer) }
        #expect(refused.code == "rules.ledger_raise_needs_admin" && refused.category == .forbidden)
        #expect(refused.parameters["keys"] == "ledger.organizer_daily_grant_cap")
        #expect(!ErrorCatalog.message(for: refused, in: .zhCN).detail.contains("{"))
        let lowered = try upload(fixture, source(version: 3, cap: 200))
        #expect(try activate(lowered, by: organizer).status == .activated, "lowering is not held")
        // Rolling back to a version with a higher cap raises it too.
        let back = try #require(throws: DomainError.self) {
            try fixture.store.transactionSync { tx in
                try RuleSetCommands.rollback(tx, principal: organizer, reason: "撤回", actor: .member(organizer, requestID: nil))
            }
        }
        #expect(back.code == "rules.ledger_raise_needs_admin")
        #expect(try activate(try upload(fixture, source(version: 4, cap: 1_000_000)), by: fixture.admin).status == .activated, "an admin may")
        let cap = try fixture.base.database.readSync { db in
            try ActiveRules().current(db, community: fixture.admin.communityID, at: fixture.clock.now()).ledger.organizerDailyRewardCap
        }
        #expect(cap == 1_000_000)
        // Helper 120: the member credit limit too (spending points one does not have creates them).
        let deeper = try upload(fixture, RulesDrivenListingTests.candidate(
            version: 5,
            replacing: [("organizer_daily_grant_cap: 300", "organizer_daily_grant_cap: 1000000"), ("member_credit_limit: 100", "member_credit_limit: 1000000")]))
        let deeperRefused = try #require(throws: DomainError.self) { _ = try activate(deeper, by: organizer) }
        #expect(deeperRefused.code == "rules.ledger_raise_needs_admin" && deeperRefused.parameters["keys"] == "ledger.member_credit_limit")
        // Session 35: the donation confirmation threshold too (raised, a typo goes into the pool unseen).
        let looser = try upload(fixture, RulesDrivenListingTests.candidate(
            version: 6,
            replacing: [
                ("organizer_daily_grant_cap: 300", "organizer_daily_grant_cap: 1000000"),
                ("  donation_points_per_yuan: \"0.10\"", "  donation_confirm_above_points: 100000\n  donation_points_per_yuan: \"0.10\""),
            ]))
        #expect(looser.source.contains("donation_confirm_above_points: 100000"))
        let looserRefused = try #require(throws: DomainError.self) { _ = try activate(looser, by: organizer) }
        #expect(looserRefused.parameters["keys"] == "ledger.donation_confirm_above_points")
    }

    /// Session 27 review (helper 89): with the version in force no longer compiling (every use
    /// case answering 503, "an organizer must activate another version"), the organizer's
    /// activation compiled it for the raise check and answered a bare 500. It is measured against
    /// the defaults instead, and the fix goes through.
    @Test func anOrganizerCanReplaceAnUnreadableVersionInForce() throws {
        let fixture = try ListingFixture()
        let organizer = try fixture.base.member("赵组织", role: .organizer, in: fixture.admin).1
        let replacement = try upload(fixture, Self.source(version: 2, effectiveFrom: "2026-01-01 00:00"))
        try UnreadableActiveRulesTests.breakRules(fixture.base, fixture.admin.communityID)
        let activated = try fixture.store.transactionSync { tx in
            try RuleSetCommands.activate(tx, principal: organizer, id: replacement.id, actor: .member(organizer, requestID: nil))
        }
        #expect(activated.status == .activated)
    }

    func rollback(_ fixture: ListingFixture, expecting version: Int) throws -> StoredRuleSet {
        try fixture.store.transactionSync { tx in
            try RuleSetCommands.rollback(
                tx, principal: fixture.admin, reason: "撤回", expectedVersion: version, actor: .member(fixture.admin, requestID: nil))
        }
    }

    /// Session-17 organizer walk: version 4 scheduled for the 20th, then version 3 activated for
    /// the same start was accepted although 4 outranks it on that day (the check looked only at
    /// versions already in force), and withdrawing 4 later would have put 3 in force unannounced.
    @Test func aLowerVersionForTheSameScheduledStartIsNeverPutInForce() throws {
        let fixture = try ListingFixture()
        fixture.clock.advance(by: 10 * 86_400)  // 2026-01-11
        let third = try upload(fixture, Self.source(version: 3, effectiveFrom: "2026-01-20 00:00"))
        _ = try activate(fixture, try upload(fixture, Self.source(version: 4, effectiveFrom: "2026-01-20 00:00")))
        let refused = try #require(throws: DomainError.self) { _ = try activate(fixture, third) }
        #expect(refused.code == "rules.never_in_force" && refused.parameters["governing"] == "4")
        // A newer version scheduled earlier than 4 would govern only in between, then 4, written
        // before it, would undo it: refused since helper 129 (`anOlderVersionScheduledLaterWouldUndoTheNewOne`).
        let fifth = try upload(fixture, Self.source(version: 5, effectiveFrom: "2026-01-15 00:00"))
        let undone = try #require(throws: DomainError.self) { _ = try activate(fixture, fifth) }
        #expect(undone.code == "rules.undone_by_scheduled" && undone.parameters["scheduled"] == "4")
    }

    /// A scheduled version could not be withdrawn before its start: naming it was 409
    /// `rules.rollback_stale` ("someone rolled back meanwhile"), which was not what happened.
    @Test func aScheduledVersionIsWithdrawnBeforeItStarts() throws {
        let fixture = try ListingFixture()
        fixture.clock.advance(by: 10 * 86_400)
        _ = try activate(fixture, try upload(fixture, Self.source(version: 2, effectiveFrom: "2026-01-05 00:00")))
        _ = try activate(fixture, try upload(fixture, Self.source(version: 3, effectiveFrom: "2026-01-20 00:00")))
        let inForce = try rollback(fixture, expecting: 3)
        #expect(inForce.version == 2, "the answer is the version in force, which did not change")
        #expect(try fixture.base.count("SELECT COUNT(*) FROM rule_sets WHERE version = 3 AND status = 'withdrawn'") == 1)
        #expect(try fixture.base.count("SELECT COUNT(*) FROM audit_entries WHERE action = 'rules.withdrawn'") == 1)
        #expect(try fixture.base.count("SELECT COUNT(*) FROM outbox_events WHERE event_type = 'rules.withdrawn'") == 1)
        // On the 20th version 2 is still in force.
        fixture.clock.advance(by: 10 * 86_400)
        let later = try fixture.base.database.readSync { db in
            try RuleSetCommands.active(db, community: fixture.admin.communityID, at: fixture.clock.now())
        }
        #expect(later?.version == 2)
    }

    /// Helper 121: activating a version a later one replaced answered "version 1 is already in
    /// force"; it names the version that governs and the way back (a new upload).
    @Test func activatingASupersededVersionSaysWhichGoverns() throws {
        let fixture = try ListingFixture()
        fixture.clock.advance(by: 10 * 86_400)
        let second = try activate(fixture, try upload(fixture, Self.source(version: 2, effectiveFrom: "2026-01-05 00:00")))
        _ = try activate(fixture, try upload(fixture, Self.source(version: 3, effectiveFrom: "2026-01-06 00:00")))
        let refused = try #require(throws: DomainError.self) { _ = try activate(fixture, second) }
        #expect(refused.code == "rules.superseded" && refused.parameters == ["version": "2", "current": "3", "latest": "3"])
        let scheduled = try activate(fixture, try upload(fixture, Self.source(version: 4, effectiveFrom: "2026-01-20 00:00")))
        let again = try #require(throws: DomainError.self) { _ = try activate(fixture, scheduled) }
        #expect(again.code == "rules.already_active", "a scheduled version is activated already")
    }

    /// Helper 121: `rules.rolled_back {version: 6}` named the version back in force, which read as
    /// the one pulled, and a version activated for a later start read like one in force. Each
    /// event says when its version governs from and whether it does now; a rollback names both.
    @Test func rulesEventsSayWhenAndWhichVersionWasWithdrawn() throws {
        let fixture = try ListingFixture()
        fixture.clock.advance(by: 10 * 86_400)  // 2026-01-11
        _ = try activate(fixture, try upload(fixture, Self.source(version: 2, effectiveFrom: "2026-01-05 00:00")))
        _ = try activate(fixture, try upload(fixture, Self.source(version: 3, effectiveFrom: "2026-01-20 00:00")))
        _ = try rollback(fixture, expecting: 3)
        _ = try rollback(fixture, expecting: 2)
        let events = try fixture.base.database.readSync { db in
            try Row.fetchAll(db, sql: "SELECT event_type, payload_json FROM outbox_events WHERE event_type LIKE 'rules.%' ORDER BY seq")
        }.map { row -> (String, [String: Any]) in
            (row["event_type"], try JSONSerialization.jsonObject(with: Data((row["payload_json"] as String).utf8)) as? [String: Any] ?? [:])
        }
        let scheduled = try #require(events.first { $0.0 == "rules.activated" && $0.1["version"] as? Int == 3 }).1
        #expect(scheduled["in_force"] as? Bool == false && (scheduled["effective_from"] as? String)?.hasPrefix("2026-01-19T16:00:00") == true, "\(scheduled)")
        let current = try #require(events.first { $0.0 == "rules.activated" && $0.1["version"] as? Int == 2 }).1
        #expect(current["in_force"] as? Bool == true)
        let withdrawn = try #require(events.first { $0.0 == "rules.withdrawn" }).1
        #expect(withdrawn["version"] as? Int == 3 && withdrawn["in_force"] as? Bool == false && withdrawn["rolled_back_version"] == nil)
        let rolledBack = try #require(events.first { $0.0 == "rules.rolled_back" }).1
        #expect(rolledBack["rolled_back_version"] as? Int == 2, "\(rolledBack)")
        #expect(rolledBack["version"] as? Int == 1 && rolledBack["in_force"] as? Bool == true)
        #expect(rolledBack["reason"] as? String != nil)
        // Named again, it is neither in force nor scheduled.
        let stale = try #require(throws: DomainError.self) { _ = try rollback(fixture, expecting: 3) }
        #expect(stale.code == "rules.rollback_stale")
    }
}
