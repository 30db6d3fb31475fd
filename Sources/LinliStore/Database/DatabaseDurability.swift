/// How much a commit waits for the disk (`PRAGMA synchronous` of every connection), the
/// `database.durability` setting.
///
/// In WAL mode both survive a crash of the process (what the `kill -9` tests check) and neither can
/// corrupt the file. They differ on power loss or an operating-system crash: `normal` may lose
/// the last commits since a checkpoint (consistently: a transaction is all there or all gone, with
/// its ledger postings, audit entries and outbox events), `full` loses nothing that was answered.
/// `full` makes each commit wait for an fsync; group commit shares that wait between concurrent
/// requests (`docs/performance.md` has the measured cost). A community whose server has no
/// battery-backed storage and cannot afford to re-enter a lost exchange should choose `full`.
public enum DatabaseDurability: String, Sendable, CaseIterable {
    case normal
    case full

    /// The pragma statement each connection runs when it opens.
    var pragma: String {
        switch self {
        case .normal: "PRAGMA synchronous = NORMAL"
        case .full: "PRAGMA synchronous = FULL"
        }
    }
}
