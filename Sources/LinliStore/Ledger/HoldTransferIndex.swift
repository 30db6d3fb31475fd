import LinliDomain

/// The hold and release transfers of one community, by id, kept while `ledger verify` streams the
/// chain, so the hold checks can find the transfers each hold names in memory.
///
/// Before, the hold checks joined `ledger_holds` to `ledger_transfers` by id (twice) and then
/// scanned every transfer again for the opposite direction. At a million transfers the table and
/// its id index do not stay in the page cache next to the postings, so those joins were about a
/// third of `ledger verify`. Now `ledger_holds` is scanned alone and each id it names is looked up
/// here; a transfer that is not here (another kind, another community, missing, or an id too long
/// for `PackedID`) is looked up by SQL, one row, so the report reads exactly as before.
///
/// A sorted array searched by halves, not a dictionary: the ids are ULIDs, so the chain delivers
/// them nearly in order (the sort is then one pass) and the holds, read in the order they were
/// written, look them up in nearly that order too, touching memory close to the last lookup. A
/// dictionary's scattered buckets cost a cache miss per insert and per lookup, and twice the
/// memory. Memory: 80 bytes per hold or release transfer.
///
/// Each lookup that proves "this transfer is recorded on its hold" marks the transfer; what is
/// left unmarked at the end (plus every transfer that could not be indexed) is what the old
/// second scan would have examined: `unrecorded()`.
struct HoldTransferIndex {
    struct Entry {
        let id: PackedID
        let hold: PackedID
        let seq: Int
        let kind: TransferKind
        /// Whether the hold it names records it (as `hold_transfer_id` for a hold transfer,
        /// `settle_transfer_id` for a release).
        var recorded = false
    }

    /// What a hold's `hold_transfer_id` or `settle_transfer_id` names.
    enum Named: Equatable {
        case missing
        case notForThisHold
        case matches(seq: Int)
    }

    private var entries: [Entry] = []
    /// Whether `entries` is sorted by id with no id twice (checked on the way in, restored by
    /// `prepare`).
    private var ordered = true
    /// Hold and release transfers checked by SQL at the end: ids or hold ids that cannot be
    /// packed, no hold id at all, or (only if the id index were corrupted) a repeated id.
    private var unindexed: [(seq: Int, id: String?)] = []

    /// `holds`: how many holds the community has; each has one hold transfer and at most one
    /// release, so room for twice as many spares the array its growing copies.
    init(holds: Int = 0) {
        entries.reserveCapacity(2 * max(0, holds))
    }

    /// Keeps one hold or release transfer of the chain.
    mutating func record(seq: Int, id: UnsafeBufferPointer<UInt8>?, kind: TransferKind, hold: UnsafeBufferPointer<UInt8>?) {
        guard let id, let key = PackedID(id), let hold, let holdKey = PackedID(hold) else {
            unindexed.append((seq, id.map { String(decoding: $0, as: UTF8.self) }))
            return
        }
        if let last = entries.last, !(last.id < key) { ordered = false }
        entries.append(Entry(id: key, hold: holdKey, seq: seq, kind: kind))
    }

    /// Sorts the entries by id (one pass when they came in order) and moves a repeated id's
    /// later entries to the SQL check.
    private mutating func prepare() {
        guard !ordered else { return }
        entries.sort { $0.id < $1.id || $0.id == $1.id && $0.seq < $1.seq }
        var kept: [Entry] = []
        kept.reserveCapacity(entries.count)
        for entry in entries {
            if let last = kept.last, last.id == entry.id {
                unindexed.append((entry.seq, entry.id.string))
            } else {
                kept.append(entry)
            }
        }
        entries = kept
        ordered = true
    }

    /// The transfer `id` as hold `hold` names it, expecting a `kind` transfer of that hold; nil
    /// when the transfer is not here (the caller asks SQL). A match marks the transfer recorded.
    mutating func find(_ id: UnsafeBufferPointer<UInt8>, named hold: UnsafeBufferPointer<UInt8>?, as kind: TransferKind) -> Named? {
        prepare()
        guard let key = PackedID(id), let position = position(of: key) else { return nil }
        let entry = entries[position]
        guard entry.kind == kind, let hold, PackedID(hold) == entry.hold else { return .notForThisHold }
        entries[position].recorded = true
        return .matches(seq: entry.seq)
    }

    private func position(of key: PackedID) -> Int? {
        var low = 0
        var high = entries.count
        while low < high {
            let middle = (low + high) / 2
            if entries[middle].id < key { low = middle + 1 } else { high = middle }
        }
        return low < entries.count && entries[low].id == key ? low : nil
    }

    /// The transfers no hold was seen recording, in seq order, for the per-transfer SQL check.
    func unrecorded() -> [(seq: Int, id: String?)] {
        var result = unindexed
        for entry in entries where !entry.recorded { result.append((entry.seq, entry.id.string)) }
        return result.sorted { $0.seq < $1.seq }
    }
}
