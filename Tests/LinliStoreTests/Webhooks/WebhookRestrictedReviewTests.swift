import Foundation
import GRDB
import LinliDelivery
import LinliDomain
import LinliStore
import Testing

/// Review 135 #1: an endpoint an organizer made before restricted event types (0.37) kept
/// receiving cases and inbox notices after the upgrade. Migration 0041 runs
/// `WebhookRestrictedReview` once: such patterns are withdrawn (or the endpoint disabled), and
/// the admins are told.
@Suite struct WebhookRestrictedReviewTests {
    /// An endpoint as an admin makes it today, then recorded as made by `maker` (as it could be
    /// before the rule): its audit entries name `maker`, or nobody when nil.
    func endpoint(
        _ fixture: StoreFixture, _ admin: Principal, _ events: [String], madeBy maker: MemberID?, format: EndpointFormat = .standard,
        url: String = "https://hooks.example.org/x"
    ) throws -> WebhookEndpointID {
        let id = try fixture.store.transactionSync { tx in
            try WebhookEndpointCommands.create(
                tx, principal: admin, draft: EndpointDraft(url: url, format: format, events: events), actor: .member(admin, requestID: nil)
            ).endpoint.id
        }
        try fixture.database.writeSync { db in
            if let maker {
                try db.execute(sql: "UPDATE audit_entries SET actor_id = ? WHERE target_id = ?", arguments: [maker.rawValue, id.rawValue])
            } else {
                try db.execute(sql: "DELETE FROM audit_entries WHERE target_id = ?", arguments: [id.rawValue])
            }
        }
        return id
    }

    func row(_ fixture: StoreFixture, _ id: WebhookEndpointID) throws -> Row {
        try #require(try fixture.database.readSync { db in
            try Row.fetchOne(db, sql: "SELECT * FROM webhook_endpoints WHERE id = ?", arguments: [id.rawValue])
        })
    }

    @Test func patternsBeyondWhoSetItUpAreWithdrawnAndTheAdminsTold() throws {
        let fixture = try StoreFixture()
        let (_, admin) = try fixture.bootstrap()
        let organizerID = try fixture.member("张组织", role: .organizer, in: admin).0.id
        let formerAdminID = try fixture.member("李前任", role: .admin, in: admin).0.id
        try fixture.database.writeSync { db in
            try db.execute(sql: "UPDATE members SET status = 'suspended' WHERE id = ?", arguments: [formerAdminID.rawValue])
        }
        let narrowed = try endpoint(fixture, admin, ["listing.*", "case.*", "ledger.hold_placed"], madeBy: organizerID)
        let onlyRestricted = try endpoint(fixture, admin, ["member.status_changed"], madeBy: organizerID)
        let adminsOwn = try endpoint(fixture, admin, ["case.*"], madeBy: admin.memberID)
        let cli = try endpoint(fixture, admin, ["fraud.*"], madeBy: nil)
        try fixture.database.writeSync { db in
            try db.execute(
                sql: """
                    INSERT INTO audit_entries (id, community_id, actor_label, action, target_type, target_id, created_at)
                    VALUES ('aud_cli', ?, 'cli', 'webhook.endpoint_created', 'webhook_endpoint', ?, '2026-01-01')
                    """,
                arguments: [admin.communityID.rawValue, cli.rawValue])
        }
        let unrecorded = try endpoint(fixture, admin, ["report.filed", "listing.published"], madeBy: nil)
        let suspendedMaker = try endpoint(fixture, admin, ["appeal.*"], madeBy: formerAdminID)
        let everything = try endpoint(fixture, admin, ["*"], madeBy: organizerID)
        let group = try endpoint(
            fixture, admin, ["case.needs_moderator"], madeBy: organizerID, format: .wecom,
            url: "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=abc")
        // Edited later by an organizer: her edit could have added the types (edits before 0.37 did
        // not record the events), so they go too.
        let editedByOrganizer = try endpoint(fixture, admin, ["case.resolved", "listing.published"], madeBy: admin.memberID)
        try fixture.database.writeSync { db in
            try db.execute(
                sql: """
                    INSERT INTO audit_entries (id, community_id, actor_id, action, target_type, target_id, created_at)
                    VALUES ('aud_edit', ?, ?, 'webhook.endpoint_updated', 'webhook_endpoint', ?, '2026-01-02')
                    """,
                arguments: [admin.communityID.rawValue, organizerID.rawValue, editedByOrganizer.rawValue])
        }

        // Helper 139: an organizer who only switched an admin's endpoint off since 0.37 (the edit
        // recorded the events, unchanged) set nothing up on it.
        let switchedOff = try endpoint(fixture, admin, ["listing.*", "case.*"], madeBy: admin.memberID)
        try fixture.database.writeSync { db in
            try db.execute(
                sql: """
                    INSERT INTO audit_entries (id, community_id, actor_id, action, target_type, target_id, before_json, after_json, created_at)
                    VALUES ('aud_off', ?, ?, 'webhook.endpoint_updated', 'webhook_endpoint', ?,
                            '{"enabled":"true","events":"listing.*,case.*"}', '{"enabled":"false","events":"listing.*,case.*"}', '2026-06-01')
                    """,
                arguments: [admin.communityID.rawValue, organizerID.rawValue, switchedOff.rawValue])
        }

        // Messages queued before the upgrade: a case outcome to the narrowed endpoint and a listing.
        _ = try fixture.store.transactionSync { tx in
            try tx.emit(admin.communityID, type: "case.resolved", subject: "case:cas_1", payload: ["target_id": "mem_1"])
            try tx.emit(admin.communityID, type: "listing.published", subject: "listing:lst_1", payload: ["listing_id": "lst_1"])
            try tx.emit(admin.communityID, type: "member.status_changed", subject: "member:mem_1", payload: ["member_id": "mem_1"])
            return try WebhookQueue.fanOut(tx, batch: 100)
        }
        let changesBefore = try fixture.database.readSync { db in try Int.fetchOne(db, sql: "SELECT changes FROM webhook_change_counter") }

        let withdrawals = try fixture.store.transactionSync { tx in try WebhookRestrictedReview.run(tx) }
        #expect(Set(withdrawals.map(\.endpointID)) == Set([narrowed, onlyRestricted, unrecorded, suspendedMaker, editedByOrganizer].map(\.rawValue)))

        // Narrowed: the organizer may follow ledger.hold_placed (she reads others' statements).
        let narrowedRow = try row(fixture, narrowed)
        #expect(narrowedRow["events_json"] as String == #"["listing.*","ledger.hold_placed"]"#)
        #expect(narrowedRow["enabled"] as Bool == true && narrowedRow["disabled_reason"] as String? == nil)
        #expect(narrowedRow["version"] as Int == 2)
        #expect(try row(fixture, unrecorded)["events_json"] as String == #"["listing.published"]"#)
        #expect(try row(fixture, editedByOrganizer)["events_json"] as String == #"["listing.published"]"#)
        // Nothing left: disabled, with the reason shown.
        for id in [onlyRestricted, suspendedMaker] {
            let disabled = try row(fixture, id)
            #expect(disabled["enabled"] as Bool == false)
            #expect((disabled["disabled_reason"] as String?)?.contains("restricted event types") == true)
        }
        // Kept as they were.
        for (id, events) in [
            (adminsOwn, #"["case.*"]"#), (cli, #"["fraud.*"]"#), (everything, #"["*"]"#), (group, #"["case.needs_moderator"]"#),
            (switchedOff, #"["listing.*","case.*"]"#),
        ] {
            let kept = try row(fixture, id)
            #expect(kept["events_json"] as String == events && kept["version"] as Int == 1 && kept["enabled"] as Bool == true)
        }

        // The case outcome queued for the narrowed endpoint is cancelled; its listing goes on.
        let messages = try fixture.database.readSync { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT e.event_type, m.status FROM webhook_messages m JOIN outbox_events e ON e.id = m.event_id
                    WHERE m.endpoint_id = ? ORDER BY e.event_type
                    """,
                arguments: [narrowed.rawValue]
            ).map { "\($0["event_type"] as String)=\($0["status"] as String)" }
        }
        #expect(messages == ["case.resolved=cancelled", "listing.published=pending"])
        let disabledQueue = try fixture.database.readSync { db in
            try String.fetchAll(db, sql: "SELECT status FROM webhook_messages WHERE endpoint_id = ?", arguments: [onlyRestricted.rawValue])
        }
        #expect(disabledQueue == ["cancelled"])

        // Audited, a sender in another process reloads, and the admin in good standing is told.
        let audit = try fixture.database.readSync { db in
            try Row.fetchOne(
                db, sql: "SELECT * FROM audit_entries WHERE action = 'webhook.endpoint_events_withdrawn' AND target_id = ?",
                arguments: [narrowed.rawValue])
        }
        #expect((audit?["reason"] as String?) == "restricted event types withdrawn at the upgrade: case.*")
        #expect((audit?["actor_label"] as String?) == "system")
        let changesAfter = try fixture.database.readSync { db in try Int.fetchOne(db, sql: "SELECT changes FROM webhook_change_counter") }
        #expect(changesAfter! > changesBefore!)
        let notices = try fixture.database.readSync { db in
            try Row.fetchAll(
                db, sql: "SELECT member_id, subject, parameters_json FROM member_notifications WHERE kind = 'webhook_events_withdrawn' ORDER BY subject")
        }
        #expect(notices.count == 5 && notices.allSatisfy { ($0["member_id"] as String) == admin.memberID.rawValue })
        let told = try #require(notices.first { ($0["subject"] as String) == "webhook_endpoint:\(narrowed)" })
        let parameters = try JSONDecoder().decode([String: String].self, from: Data((told["parameters_json"] as String).utf8))
        #expect(parameters["withdrawn"] == "case.*" && parameters["disabled"] == "false" && parameters["set_up_by"] == "张组织 (\(organizerID))")

        // Run again (as a second upgrade would not, but were it to): nothing more to withdraw.
        #expect(try fixture.store.transactionSync { tx in try WebhookRestrictedReview.run(tx) }.isEmpty)
    }

    /// The review runs as migration 0041's follow-up, once, when a database older than it is
    /// upgraded; and every follow-up belongs to a shipped file.
    @Test func theUpgradeRunsTheReviewOnce() throws {
        #expect(Set(MigrationFollowUps.byName.keys).isSubset(of: Set(MigrationRunner.shipped.migrations.map(\.name))))
        let database = try AppDatabase()
        let all = MigrationRunner.shipped.migrations
        try MigrationRunner(migrations: all.filter { $0.name < "0041" }).migrate(database, now: Date())
        try database.writeSync { db in
            try db.execute(sql: """
                INSERT INTO communities (id, name, timezone, created_at, updated_at) VALUES ('com_1', '幸福里', 'Asia/Shanghai', '2026-01-01', '2026-01-01');
                INSERT INTO members (id, community_id, display_name, role, created_at, updated_at)
                    VALUES ('mem_1', 'com_1', '张组织', 'organizer', '2026-01-01', '2026-01-01'),
                           ('mem_2', 'com_1', '王管理', 'admin', '2026-01-01', '2026-01-01');
                INSERT INTO webhook_endpoints (id, community_id, url, format, events_json, created_at, updated_at)
                    VALUES ('wep_1', 'com_1', 'https://a.example/h', 'standard', '["listing.*","case.*"]', '2026-01-01', '2026-01-01');
                INSERT INTO audit_entries (id, community_id, actor_id, action, target_type, target_id, created_at)
                    VALUES ('aud_1', 'com_1', 'mem_1', 'webhook.endpoint_created', 'webhook_endpoint', 'wep_1', '2026-01-01');
                """)
        }
        #expect(try MigrationRunner.shipped.migrate(database, now: Date()).contains("0041_webhook_restricted_review.sql"))
        let events = try database.readSync { db in try String.fetchOne(db, sql: "SELECT events_json FROM webhook_endpoints WHERE id = 'wep_1'") }
        #expect(events == #"["listing.*"]"#)
        let told = try database.readSync { db in
            try String.fetchAll(db, sql: "SELECT member_id FROM member_notifications WHERE kind = 'webhook_events_withdrawn'")
        }
        #expect(told == ["mem_2"])
        // Applied: a later start changes nothing, even for an endpoint naming them again.
        try database.writeSync { db in
            try db.execute(sql: #"UPDATE webhook_endpoints SET events_json = '["case.*"]' WHERE id = 'wep_1'"#)
        }
        #expect(try MigrationRunner.shipped.migrate(database, now: Date()).isEmpty)
        #expect(try database.readSync { db in try String.fetchOne(db, sql: "SELECT events_json FROM webhook_endpoints WHERE id = 'wep_1'") }
            == #"["case.*"]"#)
    }
}
