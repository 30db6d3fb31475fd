import Foundation
import GRDB
import LinliDomain
import LinliRules
import Synchronization

/// Finds the rule set in force for a community and hands out its compiled form, together with
/// what each capability reads from it (categories, review policy, ledger limits).
///
/// The lookup is one indexed read of the active version's id and hash per call, so an activation,
/// a rollback or a version whose `effective_from` has just passed takes effect on the very next
/// request without any invalidation; compiling and deriving happen once per (community, hash).
public final class ActiveRules: Sendable {
    public let compiledCache: CompiledRuleSetCache
    private let derived = Mutex<[String: CommunityRules]>([:])
    /// The rules each community's last lookup found, by community id.
    private let latest = Mutex<[String: CommunityRules]>([:])
    private let capacity: Int

    public init(compiledCache: CompiledRuleSetCache = CompiledRuleSetCache(), capacity: Int = 1024) {
        self.compiledCache = compiledCache
        self.capacity = capacity
    }

    /// The community's rules at `now`. Throws `rules.no_active_version` (409) when the community
    /// has none, which cannot happen through the API (a community is created with its rules and
    /// the last version cannot be rolled back) but can in a hand-edited database.
    /// `remember: false` for a look at another moment, as for `lookup`.
    public func current(_ db: Database, community: CommunityID, at now: Date, remember: Bool = true) throws -> CommunityRules {
        guard let rules = try lookup(db, community: community, at: now, remember: remember) else {
            throw DomainError(code: "rules.no_active_version", category: .conflict)
        }
        return rules
    }

    /// The community's rules at the transaction's time, looked up once per use case
    /// (`TransactionMemo`): for use cases that do not change rule sets.
    func current(_ tx: Transaction, community: CommunityID) throws -> CommunityRules {
        if let known = tx.memo.rules[community] { return known }
        let found = try current(tx.db, community: community, at: tx.now)
        tx.memo.rules[community] = found
        return found
    }

    /// The community's rules at `now`, or nil when it has none in force. `remember: false` for a
    /// look at another moment (the version for New Year's Day): `lastKnown` stays the rules in
    /// force, which drafts start from (helper 126).
    public func lookup(_ db: Database, community: CommunityID, at now: Date, remember: Bool = true) throws -> CommunityRules? {
        guard let head = try Row.fetchOne(
            db.cachedStatement(sql: """
                SELECT id, content_hash FROM rule_sets
                WHERE community_id = ? AND status = 'activated' AND effective_from <= ?
                ORDER BY effective_from DESC, version DESC LIMIT 1
                """),
            // The stored text form (what GRDB writes for a Date), formatted without GRDB's per-value
            // DateFormatter: every exchange step and listing write looks the rules up.
            arguments: [community.rawValue, StoredTime.text(now)])
        else { return nil }
        let hash: String = head["content_hash"]
        let key = community.rawValue + "|" + hash
        let found: CommunityRules
        if let hit = derived.withLock({ $0[key] }) {
            found = hit
        } else {
            let id: RuleSetID = try head.identifier("id", table: StoredRuleSet.tableName)
            let stored = try RuleSetCommands.fetch(db, community: community, id: id)
            do {
                found = try rules(for: stored, key: key)
            } catch let failure as RuleCheckFailure {
                throw Self.unreadable(stored, failure)
            }
        }
        guard remember else { return found }
        latest.withLock { entries in
            if entries.count >= capacity, entries[community.rawValue] == nil { entries.removeAll(keepingCapacity: true) }
            entries[community.rawValue] = found
        }
        return found
    }

    /// 503 `rules.active_version_unreadable`: the version in force no longer compiles (stored
    /// before a stricter check, or edited in the database). Every use case of the community that
    /// needs its rules refuses with this, naming the version and the first error, until an
    /// organizer activates another or rolls back; tasks that serve every community skip it or
    /// fall back for it, so one community's file never stops another's work.
    static func unreadable(_ stored: StoredRuleSet, _ failure: RuleCheckFailure) -> DomainError {
        DomainError(
            code: "rules.active_version_unreadable", category: .unavailable,
            parameters: CompiledRuleSetCache.unreadableParameters(stored, failure))
    }

    /// The rules the community's last lookup found, without asking the database: a guess that
    /// work done ahead of a write (a listing draft) may start from. Whoever uses it checks it
    /// against a real lookup inside the write.
    public func lastKnown(_ community: CommunityID) -> CommunityRules? {
        latest.withLock { $0[community.rawValue] }
    }

    /// The rules of the community's version with exactly this text (`content_hash`), active or
    /// not; nil when it has none. What an exchange agreed under an earlier file is re-priced by.
    public func withContent(_ db: Database, community: CommunityID, hash: String) throws -> CommunityRules? {
        guard let row = try Row.fetchOne(
            db, sql: "SELECT * FROM rule_sets WHERE community_id = ? AND content_hash = ? ORDER BY version DESC LIMIT 1",
            arguments: [community.rawValue, hash])
        else { return nil }
        return try rules(for: StoredRuleSet(row: row))
    }

    /// The rules of one stored version (active or not): what a candidate would do.
    public func rules(for stored: StoredRuleSet) throws -> CommunityRules {
        try rules(for: stored, key: stored.communityID.rawValue + "|" + stored.contentHash)
    }

    private func rules(for stored: StoredRuleSet, key: String) throws -> CommunityRules {
        if let hit = derived.withLock({ $0[key] }) { return hit }
        let made = CommunityRules(stored: stored, compiled: try compiledCache.compiled(stored))
        derived.withLock { entries in
            if entries.count >= capacity { entries.removeAll(keepingCapacity: true) }
            entries[key] = made
        }
        return made
    }
}
