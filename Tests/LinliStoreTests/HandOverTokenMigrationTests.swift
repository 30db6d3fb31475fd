import Foundation
import GRDB
import LinliStore
import Testing

/// Migration 0047 marks the hand-over tokens issued before it: the first token of every community
/// created through the API (labelled 'bootstrap (handed over)' from 5 December 2026, plain
/// 'bootstrap' before: helper 158 #2), never the command line's bootstrap token nor anyone's own.
@Suite struct HandOverTokenMigrationTests {
    @Test func theBackfillMarksEveryAPICreatedCommunitysFirstTokenOnly() throws {
        let database = try AppDatabase()
        let now = Date()
        let shipped = MigrationRunner.shipped.migrations
        let before = try #require(shipped.firstIndex { $0.name.hasPrefix("0047_") })
        _ = try MigrationRunner(migrations: Array(shipped[..<before])).migrate(database, now: now)
        let stamp = "2026-12-01 08:00:00.000"
        try database.writeSync { db in
            // (community, creation entry's actor label, token label, created_by)
            let rows: [(String, String, String, String?)] = [
                ("cmt_api_new", "member mem_x of cmt_other", "bootstrap (handed over)", nil),
                ("cmt_api_old", "member mem_x of cmt_other", "bootstrap", nil),
                ("cmt_cli", "cli", "bootstrap", nil),
                ("cmt_own", "member mem_x of cmt_other", "my phone", "mem_cmt_own"),
            ]
            for (community, label, tokenLabel, createdBy) in rows {
                try db.execute(sql: "INSERT INTO communities (id, name, created_at, updated_at) VALUES (?, ?, ?, ?)", arguments: [community, community, stamp, stamp])
                let member = "mem_" + community
                try db.execute(
                    sql: "INSERT INTO members (id, community_id, display_name, role, created_at, updated_at) VALUES (?, ?, '管理员', 'admin', ?, ?)",
                    arguments: [member, community, stamp, stamp])
                try db.execute(
                    sql: """
                        INSERT INTO audit_entries (id, community_id, actor_label, action, target_type, target_id, created_at)
                        VALUES (?, ?, ?, 'community.created', 'community', ?, ?)
                        """,
                    arguments: ["aud_" + community, community, label, community, stamp])
                try db.execute(
                    sql: """
                        INSERT INTO access_tokens (id, community_id, member_id, token_hash, label, created_at, created_by)
                        VALUES (?, ?, ?, ?, ?, ?, ?)
                        """,
                    arguments: ["tok_" + community, community, member, "hash_" + community, tokenLabel, stamp, createdBy])
            }
        }
        _ = try MigrationRunner.shipped.migrate(database, now: now)
        let marked = try database.readSync { db in
            try String.fetchAll(db, sql: "SELECT community_id FROM access_tokens WHERE hand_over = 1 ORDER BY community_id")
        }
        #expect(marked == ["cmt_api_new", "cmt_api_old"])
    }
}
