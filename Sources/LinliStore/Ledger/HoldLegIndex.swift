/// The posting lines of hold and release transfers, kept compactly while `ledger verify` streams
/// the chain, so the hold checks can find "the payer's line of the hold transfer" in memory.
///
/// Looking each one up in SQL (a correlated subquery per hold and side, each an index seek plus a
/// table read) was the largest part of verifying holds. Accounts are the chain pass's account
/// numbers (`LedgerAccountTable`). Memory: about 12 bytes per line of a hold or release transfer
/// and 8 bytes per seq; a seq far outside 1…count (only a corrupted ledger) goes to a dictionary.
struct HoldLegIndex {
    private var starts: [Int32] = []
    private var counts: [Int32] = []
    private var outliers: [Int: (start: Int32, count: Int32)] = [:]
    private var accounts: [Int32] = []
    private var amounts: [Int] = []

    /// Keeps the lines of transfer `seq` (a hold or release transfer), `numbers` being each line's
    /// account number.
    mutating func record(seq: Int, lines: [LedgerVerifier.Line], numbers: [Int32]) {
        let span = (start: Int32(accounts.count), count: Int32(lines.count))
        if seq >= 0, seq < starts.count + 1_000_000 {
            if seq >= starts.count {
                starts.append(contentsOf: repeatElement(-1, count: seq + 1 - starts.count))
                counts.append(contentsOf: repeatElement(0, count: seq + 1 - counts.count))
            }
            starts[seq] = span.start
            counts[seq] = span.count
        } else {
            outliers[seq] = span
        }
        accounts.append(contentsOf: numbers)
        for line in lines { amounts.append(line.amount) }
    }

    /// What account number `account` posted in transfer `seq` (its first such line), or nil when
    /// the transfer was not recorded or has no line for that account.
    func amount(seq: Int?, account: Int32?) -> Int? {
        guard let seq, let account else { return nil }
        let span: (start: Int32, count: Int32)
        if seq >= 0, seq < starts.count, starts[seq] >= 0 {
            span = (starts[seq], counts[seq])
        } else if let outlier = outliers[seq] {
            span = outlier
        } else {
            return nil
        }
        for index in Int(span.start)..<Int(span.start + span.count) where accounts[index] == account {
            return amounts[index]
        }
        return nil
    }
}
