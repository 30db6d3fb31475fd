import Foundation
import GRDB
import LinliStore
import Testing

@Suite struct MigrationRunnerTests {
    /// The binary carries every file of `migrations/`. The embedding plugin runs when SwiftPM
    /// plans a build, and an incremental build after only adding a `.sql` file can keep the old
    /// plan: this test then fails instead of a binary silently missing a migration (touching
    /// `Package.swift` makes SwiftPM plan again).
    @Test func everyMigrationFileIsEmbedded() throws {
        let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("migrations")
        let files = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".sql") }.sorted()
        #expect(!files.isEmpty)
        #expect(MigrationRunner.shipped.migrations.map(\.name) == files)
        // Their text too: an incremental build can keep embedding an edited file's old text.
        for migration in MigrationRunner.shipped.migrations {
            let text = try String(contentsOf: folder.appendingPathComponent(migration.name), encoding: .utf8)
            #expect(migration.sql == text, "\(migration.name) is embedded stale: rebuild after `touch Package.swift`")
        }
    }

    @Test func appliesShippedMigrationsToAnEmptyDatabaseOnce() throws {
        let database = try AppDatabase()
        let now = Date()
        let applied = try MigrationRunner.shipped.migrate(database, now: now)
        #expect(applied == MigrationRunner.shipped.migrations.map(\.name))
        #expect(applied.first == "0001_foundation.sql")
        #expect(try MigrationRunner.shipped.migrate(database, now: now).isEmpty)
        let status = try database.readSync { db in try MigrationRunner.shipped.status(db) }
        #expect(status.isCurrent)
        for table in ["communities", "households", "members", "access_tokens", "audit_entries", "outbox_events", "idempotency_keys"] {
            #expect(try database.readSync { db in try db.tableExists(table) }, "\(table) missing")
        }
    }

    @Test func refusesAnAppliedMigrationThatWasEdited() throws {
        let database = try AppDatabase()
        let original = MigrationRunner(migrations: [.init(name: "0001_a.sql", sql: "CREATE TABLE a (x INTEGER);")])
        try original.migrate(database, now: Date())
        let edited = MigrationRunner(migrations: [.init(name: "0001_a.sql", sql: "CREATE TABLE a (x TEXT);")])
        #expect {
            try edited.migrate(database, now: Date())
        } throws: { error in
            guard case StoreError.migrationEdited(let name, _, _) = error else { return false }
            return name == "0001_a.sql" && "\(error)".contains("Never edit an applied migration")
        }
        #expect(try database.readSync { db in try edited.status(db) }.edited == ["0001_a.sql"])
    }

    @Test func refusesADatabaseMigratedByANewerBinary() throws {
        let database = try AppDatabase()
        try MigrationRunner(migrations: [
            .init(name: "0001_a.sql", sql: "CREATE TABLE a (x INTEGER);"), .init(name: "0002_b.sql", sql: "CREATE TABLE b (x INTEGER);"),
        ]).migrate(database, now: Date())
        let older = MigrationRunner(migrations: [.init(name: "0001_a.sql", sql: "CREATE TABLE a (x INTEGER);")])
        #expect(throws: StoreError.unknownMigrations(["0002_b.sql"])) { try older.migrate(database, now: Date()) }
    }

    @Test func aFailingMigrationLeavesNoTrace() throws {
        let database = try AppDatabase()
        let runner = MigrationRunner(migrations: [
            .init(name: "0001_ok.sql", sql: "CREATE TABLE ok (x INTEGER);"),
            .init(name: "0002_bad.sql", sql: "CREATE TABLE half (x INTEGER); THIS IS NOT SQL;"),
        ])
        #expect(throws: (any Error).self) { try runner.migrate(database, now: Date()) }
        let status = try database.readSync { db in try runner.status(db) }
        #expect(status.applied == ["0001_ok.sql"])
        #expect(status.pending == ["0002_bad.sql"])
        #expect(try database.readSync { db in try db.tableExists("half") } == false)
    }

    @Test func migrationsAreOrderedByName() {
        let runner = MigrationRunner(migrations: [.init(name: "0002_b.sql", sql: ""), .init(name: "0001_a.sql", sql: "")])
        #expect(runner.migrations.map(\.name) == ["0001_a.sql", "0002_b.sql"])
    }

    /// A migration marked `-- linli:rebuilds-tables` may drop and recreate a table others refer to.
    @Test func aRebuildingMigrationKeepsReferencesAndForeignKeysStayOn() throws {
        let database = try AppDatabase()
        let base = [
            MigrationRunner.Migration(name: "0001_a.sql", sql: """
                CREATE TABLE parent (id TEXT PRIMARY KEY, kind TEXT NOT NULL CHECK (kind IN ('a')));
                CREATE TABLE child (id TEXT PRIMARY KEY, parent_id TEXT NOT NULL REFERENCES parent(id));
                """),
        ]
        try MigrationRunner(migrations: base).migrate(database, now: Date())
        try database.writeSync { db in
            try db.execute(sql: "INSERT INTO parent VALUES ('p1', 'a'); INSERT INTO child VALUES ('c1', 'p1');")
        }
        let rebuild = MigrationRunner.Migration(name: "0002_b.sql", sql: """
            -- linli:rebuilds-tables
            CREATE TABLE parent_new (id TEXT PRIMARY KEY, kind TEXT NOT NULL CHECK (kind IN ('a', 'b')));
            INSERT INTO parent_new SELECT id, kind FROM parent;
            DROP TABLE parent;
            ALTER TABLE parent_new RENAME TO parent;
            """)
        #expect(rebuild.rebuildsTables && !base[0].rebuildsTables)
        try MigrationRunner(migrations: base + [rebuild]).migrate(database, now: Date())
        try database.writeSync { db in try db.execute(sql: "INSERT INTO parent VALUES ('p2', 'b')") }
        #expect(try database.readSync { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM child JOIN parent ON parent.id = child.parent_id") } == 1)
        // Foreign keys are enforced again afterwards.
        #expect(throws: (any Error).self) {
            try database.writeSync { db in try db.execute(sql: "INSERT INTO child VALUES ('c2', 'nobody')") }
        }
    }

    @Test func aRebuildingMigrationThatOrphansRowsIsRolledBack() throws {
        let database = try AppDatabase()
        let base = MigrationRunner.Migration(name: "0001_a.sql", sql: """
            CREATE TABLE parent (id TEXT PRIMARY KEY);
            CREATE TABLE child (id TEXT PRIMARY KEY, parent_id TEXT NOT NULL REFERENCES parent(id));
            INSERT INTO parent VALUES ('p1'); INSERT INTO child VALUES ('c1', 'p1');
            """)
        let careless = MigrationRunner.Migration(name: "0002_b.sql", sql: """
            -- linli:rebuilds-tables
            CREATE TABLE parent_new (id TEXT PRIMARY KEY);
            DROP TABLE parent;
            ALTER TABLE parent_new RENAME TO parent;
            """)
        let runner = MigrationRunner(migrations: [base, careless])
        #expect(throws: StoreError.migrationBrokeForeignKeys(table: "child")) { try runner.migrate(database, now: Date()) }
        #expect(try database.readSync { db in try runner.status(db) }.pending == ["0002_b.sql"])
        #expect(try database.readSync { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM parent") } == 1)
    }

    /// 0036 keeps the streak of an endpoint failing at the upgrade: its latest failed attempt since
    /// the streak began becomes `last_failure_at` (without it the first failure after the upgrade
    /// restarted every streak older than the gap, helper 109). A healthy endpoint gets none.
    @Test func endpointLastFailureIsBackfilledFromTheAttemptLog() throws {
        let database = try AppDatabase()
        let all = MigrationRunner.shipped.migrations
        try MigrationRunner(migrations: all.filter { $0.name < "0036" }).migrate(database, now: Date())
        try database.writeSync { db in
            try db.execute(sql: """
                INSERT INTO communities (id, name, timezone, created_at, updated_at) VALUES ('com_1', '幸福里', 'Asia/Shanghai', '2026-01-01', '2026-01-01');
                INSERT INTO webhook_endpoints (id, community_id, url, format, events_json, failing_since, created_at, updated_at)
                    VALUES ('wep_1', 'com_1', 'https://a.example/h', 'standard', '["*"]', '2026-11-30 07:00:00.000', '2026-01-01', '2026-01-01'),
                           ('wep_2', 'com_1', 'https://b.example/h', 'standard', '["*"]', NULL, '2026-01-01', '2026-01-01');
                INSERT INTO outbox_events (id, community_id, event_type, subject, payload_json, occurred_at)
                    VALUES ('evt_1', 'com_1', 'member.joined', 'member:1', '{}', '2026-11-29');
                INSERT INTO webhook_messages (id, community_id, endpoint_id, event_id, event_seq, subject, status, created_at)
                    VALUES ('wms_1', 'com_1', 'wep_1', 'evt_1', 1, 'member:1', 'pending', '2026-11-29'),
                           ('wms_2', 'com_1', 'wep_2', 'evt_1', 1, 'member:1', 'delivered', '2026-11-29');
                INSERT INTO webhook_attempts (id, community_id, message_id, endpoint_id, number, part, started_at, duration_ms, outcome)
                    VALUES ('wat_1', 'com_1', 'wms_1', 'wep_1', 1, 0, '2026-11-29 09:00:00.000', 5, 'retry'),
                           ('wat_2', 'com_1', 'wms_1', 'wep_1', 2, 0, '2026-11-30 07:00:00.000', 5, 'retry'),
                           ('wat_3', 'com_1', 'wms_1', 'wep_1', 3, 0, '2026-12-03 12:30:00.000', 5, 'retry'),
                           ('wat_4', 'com_1', 'wms_2', 'wep_2', 1, 0, '2026-12-03 12:31:00.000', 5, 'delivered');
                """)
        }
        try MigrationRunner.shipped.migrate(database, now: Date())
        let rows = try database.readSync { db in
            try Row.fetchAll(db, sql: "SELECT id, last_failure_at FROM webhook_endpoints ORDER BY id").map { [$0["id"] as String, $0["last_failure_at"] as String?] }
        }
        #expect(rows == [["wep_1", "2026-12-03 12:30:00.000"], ["wep_2", nil]])
    }

    /// 0037 keeps a time listing stored before session 33 meaning what it was priced as: its
    /// window was valued as the session, so a shorter duration becomes the window's length, in the
    /// listing and in the terms its exchanges were accepted on (helper 117: a two-hour session of a
    /// six-hour window settled for the whole six-hour hold). A window that is the session, and a
    /// listing without one, are left as they were.
    @Test func windowSessionsKeepTheirPricedLength() throws {
        let database = try AppDatabase()
        let all = MigrationRunner.shipped.migrations
        try MigrationRunner(migrations: all.filter { $0.name < "0037" }).migrate(database, now: Date())
        let terms = #"{"area":null,"input":{"category":"errands","direction":"offer","duration_minutes":120,"end_at":"2026-12-07T16:00:00Z","kind":"time","quantity":1,"start_at":"2026-12-07T10:00:00Z"}}"#
        try database.writeSync { db in
            try db.execute(sql: """
                INSERT INTO communities (id, name, timezone, created_at, updated_at) VALUES ('com_1', '幸福里', 'Asia/Shanghai', '2026-01-01', '2026-01-01');
                INSERT INTO members (id, community_id, display_name, role, status, created_at, updated_at)
                    VALUES ('mem_1', 'com_1', '王', 'resident', 'active', '2026-01-01', '2026-01-01'),
                           ('mem_2', 'com_1', '李', 'resident', 'active', '2026-01-01', '2026-01-01');
                INSERT INTO listings (id, community_id, owner_id, created_by, direction, kind, category_code, status, title, description,
                                      start_at, end_at, duration_minutes, points, rule_set_version, rule_set_hash, breakdown_json, created_at, updated_at)
                    VALUES ('lst_1', 'com_1', 'mem_1', 'mem_1', 'offer', 'time', 'errands', 'reserved', '陪同', '今天',
                            '2026-12-07 10:00:00.000', '2026-12-07 16:00:00.000', 120, 70, '1', 'h', '{}', '2026-12-01', '2026-12-01'),
                           ('lst_2', 'com_1', 'mem_1', 'mem_1', 'offer', 'time', 'errands', 'published', '陪同', '下午',
                            '2026-12-07 14:00:00.000', '2026-12-07 15:00:00.000', 60, 10, '1', 'h', '{}', '2026-12-01', '2026-12-01'),
                           ('lst_3', 'com_1', 'mem_1', 'mem_1', 'offer', 'time', 'errands', 'published', '陪同', '每周',
                            NULL, NULL, 90, 15, '1', 'h', '{}', '2026-12-01', '2026-12-01');
                """)
            try db.execute(
                sql: """
                    INSERT INTO exchanges (id, community_id, listing_id, listing_kind, requester_id, owner_id, payer_id, provider_id, created_by,
                                           state, points, scheduled_start, scheduled_end, agreed_terms_json, created_at, updated_at)
                        VALUES ('exc_1', 'com_1', 'lst_1', 'time', 'mem_2', 'mem_1', 'mem_2', 'mem_1', 'mem_2', 'requested', 70,
                                '2026-12-07 12:00:00.000', '2026-12-07 14:00:00.000', ?, '2026-12-01', '2026-12-01')
                    """,
                arguments: [terms])
        }
        try MigrationRunner.shipped.migrate(database, now: Date())
        let durations = try database.readSync { db in
            try Row.fetchAll(db, sql: "SELECT id, duration_minutes FROM listings ORDER BY id").map { "\($0["id"] as String)=\($0["duration_minutes"] as Int)" }
        }
        #expect(durations == ["lst_1=360", "lst_2=60", "lst_3=90"])
        let agreed = try database.readSync { db in
            try Int.fetchOne(db, sql: "SELECT json_extract(agreed_terms_json, '$.input.duration_minutes') FROM exchanges WHERE id = 'exc_1'")
        }
        #expect(agreed == 360)
    }

    /// 0010 rebuilds the trust tables: cases, reports and what refers to them survive, and the
    /// signals' subjects are filled from the stored signals.
    @Test func trustRebuildKeepsCasesAndReports() throws {
        let database = try AppDatabase()
        let all = MigrationRunner.shipped.migrations
        let before = MigrationRunner(migrations: all.filter { $0.name < "0010" })
        try before.migrate(database, now: Date())
        try database.writeSync { db in
            try db.execute(sql: """
                INSERT INTO communities (id, name, timezone, created_at, updated_at) VALUES ('com_1', '幸福里', 'Asia/Shanghai', '2026-01-01', '2026-01-01');
                INSERT INTO members (id, community_id, display_name, role, status, created_at, updated_at)
                    VALUES ('mem_1', 'com_1', '王', 'resident', 'active', '2026-01-01', '2026-01-01'),
                           ('mem_2', 'com_1', '李', 'resident', 'active', '2026-01-01', '2026-01-01');
                INSERT INTO trust_cases (id, community_id, target_type, target_id, target_member_id, status, created_at, updated_at)
                    VALUES ('cas_1', 'com_1', 'member', 'mem_2', 'mem_2', 'open', '2026-01-02', '2026-01-02');
                INSERT INTO trust_reports (id, community_id, case_id, reporter_id, target_type, target_id, target_member_id, category, text, created_at)
                    VALUES ('rpt_1', 'com_1', 'cas_1', 'mem_1', 'member', 'mem_2', 'mem_2', 'other', '可疑', '2026-01-02');
                INSERT INTO trust_case_notes (id, community_id, case_id, author_id, text, created_at)
                    VALUES ('cnt_1', 'com_1', 'cas_1', 'mem_1', '备注', '2026-01-02');
                INSERT INTO fraud_signals (id, community_id, type, fingerprint, score, signal_json, occurred_at, status, created_at)
                    VALUES ('sig_1', 'com_1', 'velocity', 'f1', 30, '{"subjects":["mem_2","mem_9"]}', '2026-01-02', 'open', '2026-01-02');
                """)
        }
        try MigrationRunner.shipped.migrate(database, now: Date())
        let read = { (sql: String) throws -> [Row] in try database.readSync { db in try Row.fetchAll(db, sql: sql) } }
        #expect(try read("SELECT target_id, priority, opened_by, holds_frozen FROM trust_cases")
            == [["target_id": "mem_2", "priority": 0, "opened_by": "report", "holds_frozen": 0]])
        #expect(try read("SELECT 1 FROM trust_reports JOIN trust_cases c ON c.id = case_id").count == 1)
        #expect(try read("SELECT 1 FROM trust_case_notes JOIN trust_cases c ON c.id = case_id").count == 1)
        // Only subjects that are members of the community (mem_9 is not).
        #expect(try read("SELECT member_id FROM fraud_signal_subjects").map { $0[0] as String } == ["mem_2"])
        #expect(try read("PRAGMA foreign_key_check").isEmpty)
        try database.writeSync { db in
            try db.execute(sql: """
                INSERT INTO trust_cases (id, community_id, target_type, target_id, target_member_id, status, created_at, updated_at)
                VALUES ('cas_2', 'com_1', 'exchange', 'exc_1', 'mem_1', 'open', '2026-01-03', '2026-01-03')
                """)
        }
    }

    /// 0014 moves the search index to external content: listings written before it are found
    /// after it, and the index agrees with `listings` (FTS5's own integrity check).
    @Test func searchIndexRebuildKeepsListingsFindable() throws {
        let database = try AppDatabase()
        let all = MigrationRunner.shipped.migrations
        try MigrationRunner(migrations: all.filter { $0.name < "0014" }).migrate(database, now: Date())
        try database.writeSync { db in
            try db.execute(sql: Self.oneResident + """
                INSERT INTO listings (id, community_id, owner_id, created_by, direction, kind, category_code, status, title, description,
                    area, skill_name, points, rule_set_version, rule_set_hash, breakdown_json, created_at, updated_at)
                VALUES ('lst_1', 'com_1', 'mem_1', 'mem_1', 'offer', 'item', 'kids_items', 'published', '九成新婴儿推车', '带遮阳篷',
                        '北门花园', NULL, 10, '1', 'h', '{}', '2026-01-02', '2026-01-02'),
                       ('lst_2', 'com_1', 'mem_1', 'mem_1', 'offer', 'skill', 'tech_help', 'published', '教手机', '耐心',
                        NULL, '智能手机入门', 10, '1', 'h', '{}', '2026-01-02', '2026-01-02');
                """)
        }
        try MigrationRunner.shipped.migrate(database, now: Date())
        let found = { (phrase: String) throws -> [String] in try Self.search(database, phrase) }
        #expect(try found("\"婴儿推车\"") == ["lst_1"])
        #expect(try found("\"北门花\"") == ["lst_1"], "the area is searched")
        #expect(try found("\"智能手机\"") == ["lst_2"], "the skill name is searched")
        try database.writeSync { db in
            try db.execute(sql: "UPDATE listings SET title = '电动婴儿车', status = 'reserved' WHERE id = 'lst_1'")
            try db.execute(sql: "DELETE FROM listings WHERE id = 'lst_2'")
            try db.execute(sql: "INSERT INTO listings_fts (listings_fts, rank) VALUES ('integrity-check', 1)")
        }
        #expect(try found("\"婴儿推车\"").isEmpty)
        #expect(try found("\"动婴儿\"") == ["lst_1"])
        #expect(try found("\"智能手机\"").isEmpty)
    }

    /// 0017 rebuilds `listings` to take `for_parts` and `advanced`: rows keep their columns, order
    /// and rowids (a deleted row leaves a gap that must stay, or the search index would point at
    /// the wrong listings), the indexes and search triggers come back as they were, and what
    /// refers to listings still does.
    @Test func listingVocabularyRebuildKeepsListingsRowidsAndSearch() throws {
        let database = try AppDatabase()
        let all = MigrationRunner.shipped.migrations
        try MigrationRunner(migrations: all.filter { $0.name < "0017" }).migrate(database, now: Date())
        let schema = { () throws -> [Row] in
            try database.readSync { db in
                try Row.fetchAll(db, sql: """
                    SELECT type, name, sql FROM sqlite_schema WHERE tbl_name = 'listings' AND type IN ('index', 'trigger') ORDER BY name
                    """)
            }
        }
        try database.writeSync { db in
            try db.execute(sql: Self.oneResident + """
                INSERT INTO listings (id, community_id, owner_id, created_by, direction, kind, category_code, status, title, description,
                    condition, level, points, rule_set_version, rule_set_hash, breakdown_json, created_at, updated_at)
                VALUES ('lst_1', 'com_1', 'mem_1', 'mem_1', 'offer', 'item', 'tools', 'published', '旧电钻', '能用', 'worn', NULL,
                        10, '1', 'h', '{}', '2026-01-02', '2026-01-02'),
                       ('lst_2', 'com_1', 'mem_1', 'mem_1', 'offer', 'skill', 'tech_help', 'published', '教手机', '耐心', NULL, 'expert',
                        10, '1', 'h', '{}', '2026-01-02', '2026-01-02'),
                       ('lst_3', 'com_1', 'mem_1', 'mem_1', 'offer', 'item', 'books', 'published', '全套旧书籍', '一套', 'good', NULL,
                        10, '1', 'h', '{}', '2026-01-02', '2026-01-02');
                DELETE FROM listings WHERE id = 'lst_2';
                INSERT INTO reviews (id, community_id, listing_id, subject, status, queue_key, created_at)
                    VALUES ('rev_1', 'com_1', 'lst_3', 'listing', 'pending', 'k', '2026-01-02');
                """)
        }
        let before = try schema()
        let rowids = { () throws -> [Row] in try database.readSync { db in try Row.fetchAll(db, sql: "SELECT rowid, id, condition FROM listings ORDER BY rowid") } }
        let rowsBefore = try rowids()
        try MigrationRunner.shipped.migrate(database, now: Date())
        #expect(try rowids() == rowsBefore)
        #expect(try schema() == before)
        try database.writeSync { db in
            try db.execute(sql: """
                INSERT INTO listings (id, community_id, owner_id, created_by, direction, kind, category_code, status, title, description,
                    condition, level, points, rule_set_version, rule_set_hash, breakdown_json, created_at, updated_at)
                VALUES ('lst_4', 'com_1', 'mem_1', 'mem_1', 'offer', 'item', 'tools', 'draft', '二手电钻拆件', '电机坏了', 'for_parts', NULL,
                        10, '1', 'h', '{}', '2026-01-03', '2026-01-03'),
                       ('lst_5', 'com_1', 'mem_1', 'mem_1', 'offer', 'skill', 'tech_help', 'draft', '修电脑', '上门', NULL, 'advanced',
                        10, '1', 'h', '{}', '2026-01-03', '2026-01-03')
                """)
            try db.execute(sql: "INSERT INTO listings_fts (listings_fts, rank) VALUES ('integrity-check', 1)")
        }
        let found = { (phrase: String) throws -> [String] in try Self.search(database, phrase) }
        #expect(try found("\"旧电钻\"") == ["lst_1"])
        #expect(try found("\"旧书籍\"") == ["lst_3"])
        #expect(try found("\"电钻拆\"") == ["lst_4"])
        #expect(try database.readSync { db in try Row.fetchAll(db, sql: "PRAGMA foreign_key_check") }.isEmpty)
        #expect(try database.readSync { db in try String.fetchOne(db, sql: "SELECT listing_id FROM reviews") } == "lst_3")
        #expect(throws: (any Error).self) {
            try database.writeSync { db in try db.execute(sql: "UPDATE listings SET condition = 'broken' WHERE id = 'lst_1'") }
        }
    }

    /// The ids of the listings the full-text index finds for `phrase`, through its rowids.
    static func search(_ database: AppDatabase, _ phrase: String) throws -> [String] {
        try database.readSync { db in
            try String.fetchAll(db, sql: """
                SELECT listings.id FROM listings_fts JOIN listings ON listings.rowid = listings_fts.rowid
                WHERE listings_fts MATCH ? ORDER BY listings.id
                """, arguments: [phrase])
        }
    }

    /// Community `com_1` and its resident `mem_1`, what the rebuild tests' rows refer to.
    static let oneResident = """
        INSERT INTO communities (id, name, timezone, created_at, updated_at) VALUES ('com_1', '幸福里', 'Asia/Shanghai', '2026-01-01', '2026-01-01');
        INSERT INTO members (id, community_id, display_name, role, status, created_at, updated_at)
            VALUES ('mem_1', 'com_1', '王', 'resident', 'active', '2026-01-01', '2026-01-01');

        """
}
