import LinliDomain
import LinliRules
import Synchronization

/// Compiled rule sets by content hash: a file is parsed and compiled once per process, then every
/// valuation reuses the evaluator. Stored versions are immutable, so the hash is a perfect key.
public final class CompiledRuleSetCache: Sendable {
    private let entries = Mutex<[String: CompiledRuleSet]>([:])
    /// Bounded: a community has few versions, and old ones are rarely valued again.
    private let capacity: Int

    public init(capacity: Int = 256) {
        self.capacity = capacity
    }

    /// The compiled form of a stored version for a request about that version (explain, diff,
    /// activation): one that no longer compiles is 409 `rules.version_unreadable`, naming its
    /// first problem, instead of a bare 500.
    public func readable(_ stored: StoredRuleSet) throws -> CompiledRuleSet {
        do {
            return try compiled(stored)
        } catch let failure as RuleCheckFailure {
            throw Self.unreadable(stored, failure)
        }
    }

    static func unreadable(_ stored: StoredRuleSet, _ failure: RuleCheckFailure) -> DomainError {
        DomainError(code: "rules.version_unreadable", category: .conflict, parameters: unreadableParameters(stored, failure))
    }

    /// The version and its first problem (`line:column code`), for the messages of a stored
    /// version that no longer compiles.
    static func unreadableParameters(_ stored: StoredRuleSet, _ failure: RuleCheckFailure) -> [String: String] {
        let first = failure.errors.first ?? failure.diagnostics.first
        return [
            "rule_set_id": stored.id.rawValue, "version": String(stored.version),
            "problem": first.map { ($0.line == 0 ? "" : "\($0.line):\($0.column) ") + $0.code.rawValue } ?? "?",
        ]
    }

    /// The compiled form of a stored rule set (compiling it on first use).
    public func compiled(_ stored: StoredRuleSet) throws -> CompiledRuleSet {
        if let hit = entries.withLock({ $0[stored.contentHash] }) { return hit }
        let compiled = try RuleSetCompiler.compile(stored.source, fileName: stored.fileName)
        entries.withLock { entries in
            if entries.count >= capacity { entries.removeAll(keepingCapacity: true) }
            entries[stored.contentHash] = compiled
        }
        return compiled
    }
}
