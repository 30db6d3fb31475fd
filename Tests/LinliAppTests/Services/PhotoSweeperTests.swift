import Foundation
import GRDB
@testable import LinliApp
import LinliDomain
import LinliStore
import LinliTestSupport
import Logging
import Synchronization
import Testing

/// Session 24 review: the daily stray-file sweep deletes every file no row of *its* database
/// names, so a service started against the wrong database (a mistyped path, a fresh file after a
/// reset) with the real photos directory would have emptied it. The directory now says which
/// database it belongs to, and the sweeps delete nothing in another's.
@Suite struct PhotoSweeperTests {
    static func environment(_ directory: URL, _ name: String) throws -> LinliEnvironment {
        let configuration = try ConfigurationLoader.load(
            file: nil, environment: [:],
            flags: [
                "database.path": directory.appendingPathComponent("\(name).sqlite").path,
                "photos.path": directory.appendingPathComponent("photos").path,
            ])
        var logger = Logger(label: "test")
        logger.logLevel = .critical
        return try LinliEnvironment(configuration: configuration, database: try AppDatabase(path: configuration.databasePath), logger: logger)
    }

    static func sweeper(_ environment: LinliEnvironment) -> PhotoSweeper {
        PhotoSweeper(store: environment.store, photos: environment.photos, rules: environment.listings.rules, logger: environment.logger)
    }

    /// A photo file no row names, last written two days ago.
    static func stray(_ photos: PhotoStorage, _ byte: UInt8) throws -> URL {
        let digest = PhotoStorage.sha256Hex([byte])
        try photos.store([byte], digest: digest, format: .jpeg)
        let url = photos.root.appendingPathComponent(String(digest.prefix(2))).appendingPathComponent("\(digest).jpeg")
        try FileManager.default.setAttributes([.modificationDate: Date().addingTimeInterval(-2 * 86_400)], ofItemAtPath: url.path)
        return url
    }

    @Test func theSweepsDeleteOnlyInTheirOwnDatabasesDirectory() async throws {
        let scratch = try TemporaryDirectory(prefix: "linli-photo-owner")
        let ours = try Self.environment(scratch.url, "ours")
        #expect(try await Self.sweeper(ours).removeStrayFiles(modifiedBefore: Date()) == 0, "an empty directory is claimed")
        let first = try Self.stray(ours.photos, 1)
        #expect(try await Self.sweeper(ours).removeStrayFiles(modifiedBefore: Date()) == 1)
        #expect(!FileManager.default.fileExists(atPath: first.path))
        let identity = try ours.database.readSync { db in try String.fetchOne(db, sql: "SELECT id FROM database_identity") }
        let marker = try String(contentsOf: ours.photos.root.appendingPathComponent(PhotoDirectoryOwner.markerName), encoding: .utf8)
        #expect(identity != nil && marker == identity! + "\n")

        // A fresh database pointed at the same directory deletes nothing there.
        let second = try Self.stray(ours.photos, 2)
        let fresh = try Self.environment(scratch.url, "fresh")
        #expect(try await Self.sweeper(fresh).removeStrayFiles(modifiedBefore: Date()) == 0)
        #expect(try await Self.sweeper(fresh).forgetUnused() == (0, 0))
        #expect(FileManager.default.fileExists(atPath: second.path))
        #expect(try fresh.database.readSync { db in try String.fetchOne(db, sql: "SELECT id FROM database_identity") } != identity)

        // Its own database still sweeps it.
        #expect(try await Self.sweeper(ours).removeStrayFiles(modifiedBefore: Date()) == 1)
    }

    /// Both sweeps run at start: a directory that is another database's is said once, not once by
    /// each (helper 113).
    @Test func bothSweepsRefusingAtOnceSayItOnce() async throws {
        let scratch = try TemporaryDirectory(prefix: "linli-photo-refusal")
        let ours = try Self.environment(scratch.url, "ours")
        _ = try await Self.sweeper(ours).removeStrayFiles(modifiedBefore: Date())
        let fresh = try Self.environment(scratch.url, "fresh")
        let lines = CapturingLogHandler.Lines()
        let sweeper = PhotoSweeper(
            store: fresh.store, photos: fresh.photos, rules: fresh.listings.rules, logger: CapturingLogHandler.logger(into: lines))
        #expect(try await sweeper.forgetUnused() == (0, 0))
        #expect(try await sweeper.removeStrayFiles(modifiedBefore: Date()) == 0)
        let refusals = lines.all.filter { $0.message.contains("belongs to another database") }
        #expect(refusals.count == 1, "\(lines.all.map(\.message))")
        #expect(refusals.first?.level == .error)
    }

    @Test(arguments: [
        // (said before, seconds later, said now, a repeat)
        ("a", 0.0, "a", true), ("a", 59.0, "a", true), ("a", 60.0, "a", false), ("a", 1.0, "b", false),
    ])
    func aMessageRepeatsOnlyWithinItsWindow(_ before: String, _ later: Double, _ now: String, _ isRepeat: Bool) {
        let recent = RecentMessage(window: 60)
        let start = Date(timeIntervalSince1970: 1_800_000_000)
        #expect(!recent.isRepeat(before, at: start))
        #expect(recent.isRepeat(now, at: start.addingTimeInterval(later)) == isRepeat)
    }

    /// The hourly sweep as the server runs it: candidates read, then forgotten with their files.
    @Test func forgetsUnusedRowsAndTheirFiles() async throws {
        let scratch = try TemporaryDirectory(prefix: "linli-photo-sweep")
        let environment = try Self.environment(scratch.url, "sweep")
        _ = try DemoSeeder.seed(environment.store, rules: environment.defaultRules)
        let file = try Self.stray(environment.photos, 3)
        let digest = PhotoStorage.sha256Hex([3])
        let old = Date().addingTimeInterval(-30 * 86_400)
        try environment.database.writeSync { db in
            try db.execute(
                sql: """
                    INSERT INTO photos (community_id, sha256, media_type, byte_size, width, height, uploaded_by, created_at, last_uploaded_at)
                    SELECT community_id, ?, 'image/jpeg', 1, 1, 1, id, ?, ? FROM members ORDER BY id LIMIT 1
                    """,
                arguments: [digest, old, old])
        }
        let before = try environment.database.readSync { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM photos") ?? 0 }
        let swept = try await Self.sweeper(environment).forgetUnused()
        #expect(swept.rows >= 1 && swept.files >= 1)
        #expect(!FileManager.default.fileExists(atPath: file.path))
        #expect(try environment.database.readSync { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM photos") ?? 0 } == before - swept.rows)
        #expect(try await Self.sweeper(environment).forgetUnused() == (0, 0), "nothing left to forget")
    }

    /// Session 25 review: the first sweep after the upgrade claimed whatever directory it found,
    /// so a service started against the wrong database that day still emptied it. A directory
    /// without a marker is claimed only when empty or holding photos this database knows.
    @Test func aDirectoryOfPhotosTheDatabaseDoesNotKnowIsNotClaimed() async throws {
        let scratch = try TemporaryDirectory(prefix: "linli-photo-unmarked")
        let fresh = try Self.environment(scratch.url, "fresh")
        let theirs = try Self.stray(fresh.photos, 4)
        #expect(try await Self.sweeper(fresh).removeStrayFiles(modifiedBefore: Date()) == 0)
        #expect(try await Self.sweeper(fresh).forgetUnused() == (0, 0))
        #expect(FileManager.default.fileExists(atPath: theirs.path))
        #expect(try PhotoDirectoryOwner.marker(fresh.photos) == nil, "not claimed")

        // The database that knows them claims it and sweeps the rest.
        let owner = try Self.environment(scratch.url, "owner")
        _ = try DemoSeeder.seed(owner.store, rules: owner.defaultRules)
        try owner.database.writeSync { db in
            try db.execute(
                sql: """
                    INSERT INTO photos (community_id, sha256, media_type, byte_size, width, height, uploaded_by, created_at, last_uploaded_at)
                    SELECT community_id, ?, 'image/jpeg', 1, 1, 1, id, ?, ? FROM members ORDER BY id LIMIT 1
                    """,
                arguments: [PhotoStorage.sha256Hex([4]), Date(), Date()])
        }
        let stray = try Self.stray(owner.photos, 5)
        #expect(try await Self.sweeper(owner).removeStrayFiles(modifiedBefore: Date()) == 1)
        #expect(FileManager.default.fileExists(atPath: theirs.path) && !FileManager.default.fileExists(atPath: stray.path))
        #expect(try PhotoDirectoryOwner.marker(owner.photos) != nil)
    }

    @Test(arguments: [
        (nil, "linli-db-a", PhotoDirectoryOwner.Claim.claimed),
        ("linli-db-a\n", "linli-db-a", .ours),
        ("linli-db-b\n", "linli-db-a", .another("linli-db-b")),
    ] as [(String?, String, PhotoDirectoryOwner.Claim)])
    func theMarkerDecides(_ marker: String?, _ identity: String, _ expected: PhotoDirectoryOwner.Claim) throws {
        let scratch = try TemporaryDirectory(prefix: "linli-photo-marker")
        let photos = PhotoStorage(root: scratch.url.appendingPathComponent("photos"))
        if let marker {
            try FileManager.default.createDirectory(at: photos.root, withIntermediateDirectories: true)
            try Data(marker.utf8).write(to: photos.root.appendingPathComponent(PhotoDirectoryOwner.markerName))
        }
        #expect(try PhotoDirectoryOwner.claim(photos, identity: identity) == expected)
        #expect(try PhotoDirectoryOwner.claim(photos, identity: identity) == (expected == .claimed ? .ours : expected))
    }

    /// The photo sweep and the stray-file sweep claim the directory at start-up, at once: the one
    /// that loses the race must read the whole marker, never an empty file still being written
    /// (which it took for another database's and refused to sweep; a CI run caught it).
    @Test func claimsAtOnceAgreeOnTheMarker() throws {
        let scratch = try TemporaryDirectory(prefix: "linli-photo-marker-race")
        for round in 0..<400 {
            let photos = PhotoStorage(root: scratch.url.appendingPathComponent("photos-\(round)"))
            let claims = Mutex<[PhotoDirectoryOwner.Claim]>([])
            DispatchQueue.concurrentPerform(iterations: 6) { _ in
                let claim = Result { try PhotoDirectoryOwner.claim(photos, identity: "linli-db-a") }
                claims.withLock { $0.append((try? claim.get()) ?? .another("error")) }
            }
            let seen = claims.withLock { $0 }
            #expect(seen.filter { $0 == .claimed }.count == 1 && seen.filter { $0 == .ours }.count == 5, "round \(round): \(seen)")
            #expect(try FileManager.default.contentsOfDirectory(atPath: photos.root.path) == [PhotoDirectoryOwner.markerName])
        }
    }
}
