/// The accounts `ledger verify` meets while streaming one community's chain, numbered in order of
/// first appearance, with what their lines and settlements derive. One dictionary lookup per
/// posting line (then array access) instead of a lookup per read and per write of a
/// `[String: DerivedAccount]`; the hold checks reuse the numbers (`HoldLegIndex`).
struct LedgerAccountTable {
    private var numbers: [String: Int32] = [:]
    private var ids: [String] = []
    var derived: [LedgerVerifier.DerivedAccount] = []

    /// The number of account `id`, added on first sight.
    mutating func number(_ id: String) -> Int32 {
        if let known = numbers[id] { return known }
        let next = Int32(ids.count)
        numbers[id] = next
        ids.append(id)
        derived.append(LedgerVerifier.DerivedAccount())
        return next
    }

    /// The number of an account already met, or nil.
    func known(_ id: String) -> Int32? { numbers[id] }

    /// What was derived, by account id (a few thousand entries), for the account and escrow checks.
    var byID: [String: LedgerVerifier.DerivedAccount] { Dictionary(uniqueKeysWithValues: zip(ids, derived)) }
}
