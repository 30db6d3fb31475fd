import Foundation
import LinliStore
import Logging
import NIOPosix

/// The two photo sweeps the server runs: rows nothing names past `photos.orphan_days` with their
/// files (`photo-sweep`, hourly), and files no row names (`photo-file-sweep`, daily). Both
/// delete only in a photos directory that belongs to this database (`PhotoDirectoryOwner`):
/// pointed at another's, they log an error and leave every file where it is.
public struct PhotoSweeper: Sendable {
    let store: Store
    let photos: PhotoStorage
    let rules: ActiveRules
    let logger: Logger
    /// The last refusal logged: both sweeps run at start, and each logged the same error (helper
    /// 113). The hourly sweep still repeats it every hour, so it does not scroll out of sight.
    private let lastRefusal = RecentMessage(window: 60)

    public init(store: Store, photos: PhotoStorage, rules: ActiveRules, logger: Logger) {
        self.store = store
        self.photos = photos
        self.rules = rules
        self.logger = logger
    }

    /// Forgets the rows nothing names, in batches (`PhotoSweep.forget`), then the files no row
    /// names any more. Returns the rows and files removed.
    @discardableResult
    public func forgetUnused() async throws -> (rows: Int, files: Int) {
        guard try await ownsDirectory() else { return (0, 0) }
        var total = (rows: 0, files: 0)
        let photos = self.photos, rules = self.rules
        while true {
            // Candidates in a read, so the search does not hold the write lock; each is checked
            // again in the write transaction that forgets it.
            let now = store.clock.now()
            let candidates = try await store.read { db in
                try PhotoSweep.candidates(db, now: now, orphanDays: photos.orphanDays, rules: rules)
            }
            let forgotten = try await store.transaction { tx in
                try PhotoSweep.forget(tx, orphanDays: photos.orphanDays, rules: rules, among: candidates)
            }
            guard !forgotten.isEmpty else { break }
            let files = try await store.transaction { tx in try PhotoSweep.removeFiles(tx, forgotten, storage: photos) }
            logger.info("forgot unused photos", metadata: ["rows": "\(forgotten.count)", "files": "\(files)"])
            total.rows += forgotten.count
            total.files += files
            if candidates.count < PhotoSweep.batchSize { break }
        }
        return total
    }

    /// Removes the files last modified before `cutoff` that no row names (an upload whose
    /// transaction failed after the file was written, temporary files of a crash), in batches.
    @discardableResult
    public func removeStrayFiles(modifiedBefore cutoff: Date) async throws -> Int {
        guard try await ownsDirectory() else { return 0 }
        // Walking a directory of many thousand files blocks: on NIO's blocking-work pool, not on
        // the cooperative threads that serve requests.
        let photos = self.photos
        let files = try await NIOThreadPool.singleton.runIfActive { PhotoSweep.files(modifiedBefore: cutoff, storage: photos) }
        var removed = 0
        for start in stride(from: 0, to: files.count, by: PhotoSweep.batchSize) {
            let batch = Array(files[start..<min(start + PhotoSweep.batchSize, files.count)])
            removed += try await store.transaction { tx in try PhotoSweep.removeStrayFiles(tx, batch) }
        }
        if removed > 0 { logger.info("removed photo files no row names", metadata: ["files": "\(removed)"]) }
        return removed
    }

    /// Whether the photos directory is this database's, claiming it when it has no marker yet
    /// and is empty or holds photos this database knows (the first sweep after an upgrade): a
    /// directory full of photos it does not know is another database's, whose marker was never
    /// written, and a sweep there would delete them all.
    func ownsDirectory() async throws -> Bool {
        // A read: a write transaction only the first time, to write the identity.
        let identity: String
        if let stored = try await store.read({ db in try PhotoDirectoryOwner.storedIdentity(db) }) {
            identity = stored
        } else {
            identity = try await store.transaction { tx in try PhotoDirectoryOwner.identity(tx) }
        }
        let photos = self.photos
        if try PhotoDirectoryOwner.marker(photos) == nil {
            let sample = try await NIOThreadPool.singleton.runIfActive {
                PhotoSweep.files(modifiedBefore: .distantFuture, storage: photos, limit: 200).compactMap(\.sha256)
            }
            let known = try await store.read { db in try sample.contains { try PhotoSweep.isRecorded(db, $0) } }
            guard sample.isEmpty || known else {
                return refuse("photos directory holds photos this database does not know and names no database", database: identity)
            }
        }
        switch try PhotoDirectoryOwner.claim(photos, identity: identity) {
        case .claimed, .ours:
            return true
        case .another(let found):
            return refuse("photos directory belongs to another database", database: identity, found: found)
        }
    }

    /// Logs why nothing is swept, with what the operator needs to fix it; false.
    private func refuse(_ reason: String, database: String, found: String? = nil) -> Bool {
        var metadata: Logger.Metadata = [
            "path": "\(photos.root.path)", "marker": "\(PhotoDirectoryOwner.markerName)", "database": "\(database)",
            "fix": "point photos.path at this database's photos; if this directory is meant for it, write the database value here into the marker",
        ]
        if let found { metadata["found"] = "\(found)" }
        if !lastRefusal.isRepeat(reason + " " + (found ?? ""), at: store.clock.now()) {
            logger.error("\(reason): nothing swept", metadata: metadata)
        }
        return false
    }
}
