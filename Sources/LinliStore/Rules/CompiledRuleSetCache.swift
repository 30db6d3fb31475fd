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
