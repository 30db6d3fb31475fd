import Foundation
import LinliDomain
import LinliStore
import Synchronization

/// Authenticated principals by token hash, for a few seconds: browsing a page is then one
/// database read instead of two (the design notes measured each async read at 100–200 µs).
///
/// An entry holds the `AuthGeneration` it was read under and is used only while that is still
/// current, so a token revoked or a member suspended through this process counts on the next
/// request. Changes from another process (the CLI) take effect within `timeToLive`. Entries also
/// end when their token expires. Failed authentications are never cached.
final class PrincipalCache: Sendable {
    private struct Entry {
        let principal: Principal
        let generation: UInt64
        let validUntil: Date
    }

    static let timeToLive: TimeInterval = 3
    static let capacity = 50_000

    private let entries = Mutex<[String: Entry]>([:])
    let generation: AuthGeneration

    init(generation: AuthGeneration) {
        self.generation = generation
    }

    func principal(for tokenHash: String, now: Date) -> Principal? {
        let current = generation.current
        return entries.withLock { entries in
            guard let entry = entries[tokenHash] else { return nil }
            guard entry.generation == current, entry.validUntil > now else {
                entries[tokenHash] = nil
                return nil
            }
            return entry.principal
        }
    }

    /// Keeps a principal read under `generation` (taken *before* the read).
    func store(_ principal: Principal, for tokenHash: String, generation: UInt64, now: Date, tokenExpiresAt: Date?) {
        let until = min(now.addingTimeInterval(Self.timeToLive), tokenExpiresAt ?? .distantFuture)
        entries.withLock { entries in
            if entries.count >= Self.capacity { entries.removeAll(keepingCapacity: true) }
            entries[tokenHash] = Entry(principal: principal, generation: generation, validUntil: until)
        }
    }
}
