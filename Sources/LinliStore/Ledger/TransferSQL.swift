/// SQL fragments over a transfer aliased `t` that several reads share (the community summary, the
/// trust snapshot, reward caps, statements), so that what "reversed" and "the exchange a
/// settlement settled" mean is written once and the reads cannot drift apart.
enum TransferSQL {
    /// Whether transfer `t` was reversed (found along `ledger_transfers_reversal`).
    static let reversed = "EXISTS (SELECT 1 FROM ledger_transfers r WHERE r.community_id = t.community_id AND r.reverses_id = t.id)"

    /// The exchange a settlement `t` settled, as `e` (its columns NULL when none), with the hold
    /// as `h`: a release through its hold's reference, a direct payment through its own
    /// (`exchange:exc_…`). Both terms on the id: the first is what the reference says, the second
    /// lets SQLite find the exchange by its primary key.
    static let settledExchangeJoin = """
        LEFT JOIN ledger_holds h ON h.id = t.hold_id
        LEFT JOIN exchanges e ON e.community_id = t.community_id
            AND 'exchange:' || e.id = COALESCE(t.reference, h.reference)
            AND e.id = substr(COALESCE(t.reference, h.reference), 10)
        """
}
