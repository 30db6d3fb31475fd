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
    /// Content hash last handled per file, so an unchanged (or already refused) file is not re-processed.
    private let seen = Mutex<[String: String]>([:])

    public init(directory: URL, store: Store, logger: Logger) {
        self.directory = directory
        self.store = store
        self.logger = logger
    }

    /// Looks at every `<community id>.yaml` once; returns what changed.
    @discardableResult
    public func scanOnce() async throws -> [Outcome] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        var outcomes: [Outcome] = []
        for name in names.sorted() where name.hasSuffix(".yaml") {
            guard let community = CommunityID(String(name.dropLast(5))) else { continue }
            let url = directory.appendingPathComponent(name)
            guard let data = FileManager.default.contents(atPath: url.path), let text = String(data: data, encoding: .utf8) else {
                logger.error("rule file is not readable UTF-8", metadata: ["file": .string(url.path)])
                continue
            }
            let hash = RuleSetCompiler.contentHash(of: text)
            if seen.withLock({ $0[name] }) == hash { continue }
            if let outcome = try await apply(RuleSource(fileName: name, text: text), community: community) {
                outcomes.append(outcome)
            }
            seen.withLock { $0[name] = hash }
        }
        return outcomes
    }

    func apply(_ source: RuleSource, community: CommunityID) async throws -> Outcome? {
        let actor = AuditActor(memberID: nil, label: "rules-watcher", onBehalfOf: nil, requestID: nil)
        do {
            let stored = try await store.transaction { tx -> StoredRuleSet in
                _ = try CommunityCommands.fetch(tx.db, id: community)
                return try RuleSetCommands.upload(tx, community: community, source: source, principal: nil, actor: actor, activate: true)
            }
            logger.notice(
                "rule file activated",
                metadata: ["community": .string(community.rawValue), "version": .stringConvertible(stored.version),
                           "sha256": .string(stored.contentHash)])
            return .activated(community: community, version: stored.version)
        } catch let error as DomainError where error.code == "rules.invalid" {
            for diagnostic in error.diagnostics {
                logger.error(
                    "rule file refused; the rules in force keep serving",
                    metadata: ["location": .string("\(diagnostic.file):\(diagnostic.line):\(diagnostic.column)"),
                               "code": .string(diagnostic.code), "detail": .string(diagnostic.messageEN)])
            }
            return .rejected(community: community, diagnostics: error.diagnostics)
        } catch let error as DomainError where error.code == "rules.duplicate" {
            // Already stored. In force already (e.g. after a restart): nothing to do. Uploaded as
            // a candidate through the API and then written here: the file puts it in force.
            guard let id = error.parameters["id"].flatMap(RuleSetID.init) else { return nil }
            let activated = try await store.transaction { tx in
                try RuleSetCommands.activateCandidate(tx, community: community, id: id, actor: actor)
            }
            guard let activated else { return nil }
            logger.notice(
                "rule file activated a stored candidate",
                metadata: ["community": .string(community.rawValue), "version": .stringConvertible(activated.version),
                           "sha256": .string(activated.contentHash)])
            return .activated(community: community, version: activated.version)
        } catch let error as DomainError {
            logger.error("rule file refused", metadata: ["community": .string(community.rawValue), "code": .string(error.code)])
            return .refused(community: community, code: error.code)
        }
    }
}
