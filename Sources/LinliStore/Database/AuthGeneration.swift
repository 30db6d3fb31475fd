import Synchronization

/// A counter that moves whenever a committed transaction changed who may do what: a token issued
/// or revoked, a member's role or status changed (tables `access_tokens` and `members`), or what a
/// principal carries besides: its community's time zone (`communities`), in which its messages
/// show instants.
///
/// The API caches authenticated principals for a few seconds (one database read less per
/// request); an entry is only good while the generation it was read under is current, so a
/// revocation or a suspension made by this process takes effect on the very next request. A
/// change made by another process (the CLI) is bounded by the cache's time to live.
public final class AuthGeneration: Sendable {
    private let value = Atomic<UInt64>(0)

    public init() {}

    public var current: UInt64 { value.load(ordering: .acquiring) }

    func bump() { value.add(1, ordering: .releasing) }
}

extension AuthGeneration {
    /// The observer that moves the generation: at a transaction's first change of `access_tokens`,
    /// `members` or `communities` (a reader that started before it and caches afterwards then holds
    /// an older generation and is refused, see `PrincipalCache`), and again at its commit.
    func observer() -> TableCommitObserver {
        TableCommitObserver(tables: ["access_tokens", "members", "communities"], onFirstChange: { self.bump() }, onCommit: { self.bump() })
    }
}
