import Foundation
import LinliDomain
import LinliRules
import LinliStore
import Logging
import Synchronization

/// Hot reload of rule files: a directory holds one file per community, named `<community id>.yaml`
/// (e.g. `cmt_01J….yaml`). When a file's content changes it is validated and, if valid, stored and
/// put in force (audited as `rules-watcher`); an invalid file is refused with every diagnostic in
/// the log and the rules in force keep serving.
///
/// A file is read only once it has settled: its size, modification time and content are the same
/// on two scans in a row, or it was last modified at least `settle` ago. A file copied in place
/// (`cp`, `scp`) is written piece by piece; read while half there, it could be cut at a line break
/// after an optional section, pass every check (later sections take their defaults), and be put
/// in force, and the complete file would then be refused as not newer. Temporary copies
/// (`.<id>.yaml.XXXX` from `rsync`, `<id>.yaml.tmp`) are not named `<community id>.yaml` and are
/// never read, so writing the file elsewhere and renaming it into place remains the safe way
/// (README, "Rule files").
public final class RuleDirectoryWatcher: Sendable {
    /// What one scan did with one file.
    public enum Outcome: Sendable, Equatable {
        case activated(community: CommunityID, version: Int)
        case rejected(community: CommunityID, diagnostics: [DocumentDiagnostic])
        case refused(community: CommunityID, code: String)
    }

    let directory: URL
    let store: Store
    let logger: Logger
    /// How long after its last change a file is taken as complete without a second look.
    let settle: Duration
    /// Content hash last handled per file, so an unchanged (or already refused) file is not re-processed.
    private let seen = Mutex<[String: String]>([:])
    /// What a changed file looked like on the scan that found it, awaiting a second look.
    private let pending = Mutex<[String: FileState]>([:])
    /// Files already said to be ignored (misnamed, or unreadable at that modification time), so
    /// each is said once, not on every scan.
    private let warned = Mutex<Set<String>>([])

    /// One file's size, modification time and content, as one scan saw it.
    struct FileState: Equatable {
        let size: Int
        let modified: Date
        let hash: String
    }

    /// - Parameter settle: a changed file last modified longer ago than this is read at once;
    ///   a fresher one waits for the next scan and is read only if it did not change meanwhile.
    ///   The server passes its scan interval.
    public init(directory: URL, store: Store, logger: Logger, settle: Duration = .seconds(5)) {
        self.directory = directory
        self.store = store
        self.logger = logger
        self.settle = settle
    }

    /// Looks at every `<community id>.yaml` once; returns what changed.
    @discardableResult
    public func scanOnce() async throws -> [Outcome] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        var outcomes: [Outcome] = []
        for name in names.sorted() where !name.hasPrefix(".") {
            // `.yml` (or `.YAML`) is the likeliest misnaming of all (helper 116).
            guard name.hasSuffix(".yaml") else {
                let lower = name.lowercased()
                if lower.hasSuffix(".yml") || lower.hasSuffix(".yaml") {
                    warnOnce(name, "rule file ignored: it must be named <community id>.yaml (lower case .yaml)", file: name)
                }
                continue
            }
            // A file named after the community's name in its own `community:` line, or with a
            // mistyped id, was skipped without a word (helper 113): the organizer waited for a
            // change that never came.
            guard let community = CommunityID(String(name.dropLast(5))) else {
                warnOnce(
                    name, "rule file ignored: it must be named <community id>.yaml (e.g. cmt_01J….yaml, the id `linli admin bootstrap` printed)",
                    file: name)
                continue
            }
            let url = directory.appendingPathComponent(name)
            guard let attributes = try? FileManager.default.attributesOfItem(atPath: url.path),
                let modified = attributes[.modificationDate] as? Date, let size = (attributes[.size] as? NSNumber)?.intValue
            else { continue }  // removed or renamed between the listing and the read
            guard let data = FileManager.default.contents(atPath: url.path) else {
                if FileManager.default.fileExists(atPath: url.path) {
                    warnOnce(
                        "\(name)@\(modified.timeIntervalSince1970)", "rule file ignored: this user cannot read it (check its owner and mode)",
                        file: name)
                }
                continue
            }
            let decoded = RuleFileText.decode(data)
            let hash = RuleSetCompiler.contentHash(of: decoded ?? String(decoding: data, as: UTF8.self))
            if seen.withLock({ $0[name] }) == hash {
                pending.withLock { $0[name] = nil }
                continue
            }
            let state = FileState(size: size, modified: modified, hash: hash)
            guard settled(name, state) else { continue }
            guard let text = decoded else {
                logger.error("rule file is not readable UTF-8", metadata: ["file": .string(url.path)])
                seen.withLock { $0[name] = hash }
                continue
            }
            if let outcome = try await apply(RuleSource(fileName: name, text: text), community: community) {
                outcomes.append(outcome)
            }
            seen.withLock { $0[name] = hash }
        }
        return outcomes
    }

    /// Logs `message` about `file` the first time `key` is met.
    private func warnOnce(_ key: String, _ message: Logger.Message, file: String) {
        guard warned.withLock({ $0.insert(key).inserted }) else { return }
        logger.warning(message, metadata: ["file": .string(directory.appendingPathComponent(file).path)])
    }

    /// Whether a changed file is complete enough to read: unchanged since the previous scan, or
    /// untouched for `settle`. Otherwise remembered for the next scan.
    private func settled(_ name: String, _ state: FileState) -> Bool {
        let age = Date().timeIntervalSince(state.modified)
        let settleSeconds = Double(settle.components.seconds) + Double(settle.components.attoseconds) / 1e18
        let unchangedSinceLastScan = pending.withLock { $0[name] } == state
        if unchangedSinceLastScan || age >= settleSeconds {
            pending.withLock { $0[name] = nil }
            return true
        }
        pending.withLock { $0[name] = state }
        logger.debug("rule file changed; read on the next scan if it stays the same", metadata: ["file": .string(name)])
        return false
    }

    func apply(_ source: RuleSource, community: CommunityID) async throws -> Outcome? {
        let actor = AuditActor(memberID: nil, label: "rules-watcher", onBehalfOf: nil, requestID: nil)
        // Checked (and its golden tests run) before the write transaction, as the API does: the
        // single writer serves every community and should not wait for a compile.
        let checked = RuleSetCompiler.check(source.text, fileName: source.fileName)
        do {
            let stored = try await store.transaction { tx -> StoredRuleSet in
                _ = try CommunityCommands.fetch(tx.db, id: community)
                return try RuleSetCommands.upload(
                    tx, community: community, source: source, checked: checked, principal: nil, actor: actor, activate: true)
            }
            logger.notice(
                "rule file activated",
                metadata: ["community": .string(community.rawValue), "version": .stringConvertible(stored.version),
                           "sha256": .string(stored.contentHash)])
            return .activated(community: community, version: stored.version)
        } catch let error as DomainError where error.code == "rules.invalid" {
            // The errors refused it; its warnings alone would not have (helper 138: both were
            // logged as reasons, at error level, and the operator could not tell which to mend).
            for diagnostic in error.diagnostics {
                let metadata: Logger.Metadata = [
                    "location": .string(diagnostic.location), "code": .string(diagnostic.code),
                    "severity": .string(diagnostic.severity.rawValue), "detail": .string(diagnostic.messageEN),
                ]
                if diagnostic.severity == .error {
                    logger.error("rule file refused; the rules in force keep serving", metadata: metadata)
                } else {
                    logger.warning("rule file refused (for the errors logged); this warning alone would not refuse it", metadata: metadata)
                }
            }
            return .rejected(community: community, diagnostics: error.diagnostics)
        } catch let error as DomainError where error.code == "rules.duplicate" {
            guard let id = error.parameters["id"].flatMap(RuleSetID.init) else { return nil }
            // Thrown from inside this catch, a refusal would not reach the next clause: it would
            // fail the whole scan, round after round, and no later file would be applied again.
            do {
                return try await applyStored(id, community: community, actor: actor)
            } catch let refusal as DomainError {
                logger.error("rule file refused", metadata: ["community": .string(community.rawValue), "code": .string(refusal.code)])
                return .refused(community: community, code: refusal.code)
            }
        } catch let error as DomainError {
            logger.error("rule file refused", metadata: ["community": .string(community.rawValue), "code": .string(error.code)])
            return .refused(community: community, code: error.code)
        }
    }

    /// The file holds the text of a version already stored:
    /// - a candidate uploaded through the API (upload → diff → activate, then the file written):
    ///   the file puts it in force;
    /// - the version in force, or one activated for later (a restart, say): nothing to do;
    /// - a version older than the one in force (candidate or replaced), or one rolled back:
    ///   refused, and said in the log.
    ///   A file reverted to old text does not roll the rules back behind the norm-revision group's
    ///   back (`POST /v1/rules/rollback` does, audited with a reason); before, it was ignored
    ///   without a word and the directory no longer said what was in force.
    func applyStored(_ id: RuleSetID, community: CommunityID, actor: AuditActor) async throws -> Outcome? {
        enum Found { case activated(StoredRuleSet), nothingToDo, superseded(StoredRuleSet, by: Int), withdrawn(StoredRuleSet) }
        let found = try await store.transaction { tx -> Found in
            let stored = try RuleSetCommands.fetch(tx.db, community: community, id: id)
            let current = try RuleSetCommands.active(tx.db, community: community, at: tx.now)
            // Older than the version in force, a stored version (candidate or once activated)
            // would not be the one applied even if activated: the newest activated version is.
            if stored.status != .withdrawn, let current, current.version > stored.version {
                return .superseded(stored, by: current.version)
            }
            switch stored.status {
            case .candidate:
                return try RuleSetCommands.activateCandidate(tx, community: community, id: id, actor: actor).map(Found.activated) ?? .nothingToDo
            case .withdrawn:
                return .withdrawn(stored)
            case .activated:
                return .nothingToDo
            }
        }
        let metadata = { (stored: StoredRuleSet) -> Logger.Metadata in
            ["community": .string(community.rawValue), "version": .stringConvertible(stored.version), "sha256": .string(stored.contentHash)]
        }
        switch found {
        case .activated(let stored):
            logger.notice("rule file activated a stored candidate", metadata: metadata(stored))
            return .activated(community: community, version: stored.version)
        case .nothingToDo:
            return nil
        case .superseded(let stored, let current):
            var details = metadata(stored)
            details["in_force"] = .stringConvertible(current)
            logger.error(
                "rule file refused: it holds an older version than the one in force; the file does not roll back (use POST /v1/rules/rollback, or give the file a new version)",
                metadata: details)
            return .refused(community: community, code: "rules.superseded")
        case .withdrawn(let stored):
            logger.error(
                "rule file refused: it holds a version that was rolled back; only the API puts it in force again (POST /v1/rules/{id}/activate)",
                metadata: metadata(stored))
            return .refused(community: community, code: "rules.withdrawn")
        }
    }
}
