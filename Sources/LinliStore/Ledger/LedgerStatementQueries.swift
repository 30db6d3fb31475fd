import Foundation
import GRDB
import LinliDomain

/// A member's statement: their postings in order, each with the balance right after it (stored
/// with the posting, so filtering by date or kind never changes what a line says was left).
public enum LedgerStatementQueries {
    /// Most lines one request may ask for (CSV exports use this bound; JSON pages use the API's).
    public static let maxLines = 10_000

    /// One page of lines after the cursor (`page.after` is the last seq seen), oldest first.
    public static func statement(
        _ db: Database, community: CommunityID, member: MemberID, filter: StatementFilter, page: PageRequest
    ) throws -> Page<StatementEntry> {
        try filter.validate()
        let after: Int
        if let cursor = page.after {
            guard let seq = Int(cursor), seq >= 0 else { throw DomainError(code: "cursor.malformed", category: .invalidInput) }
            after = seq
        } else {
            after = 0
        }
        let account = AccountRef.member(member)
        var sql = """
            SELECT p.transfer_seq, p.amount, p.balance_after, t.id, t.kind, t.reason, t.category, t.memo, t.reference,
                t.created_at, t.kind = 'release' AND t.payee_member_id IS NULL
            FROM ledger_postings p
            JOIN ledger_transfers t ON t.community_id = p.community_id AND t.seq = p.transfer_seq
            WHERE p.community_id = ? AND p.account_id = ? AND p.transfer_seq > ?
            """
        var arguments: StatementArguments = [community.rawValue, account.rawValue, after]
        if let from = filter.from { sql += " AND t.created_at >= ?"; arguments += [from.text] }
        if let to = filter.to { sql += " AND t.created_at < ?"; arguments += [to.text] }
        if !filter.kinds.isEmpty {
            sql += " AND t.kind IN (\(placeholders(filter.kinds.count)))"
            arguments += StatementArguments(filter.kinds.map(\.rawValue))
        }
        sql += " ORDER BY p.transfer_seq LIMIT ?"
        arguments += [min(page.limit, maxLines) + 1]
        let rows = try Row.fetchAll(db, sql: sql, arguments: arguments)
        let others = try counterparties(db, community: community, seqs: rows.map { $0[0] }, excluding: account)
        let entries = try rows.map { row -> StatementEntry in
            let seq: Int = row[0]
            let createdText: String = row[9]
            guard let createdAt = LedgerTimestamp(text: createdText) else {
                throw StoreError.corruptRow(table: "ledger_transfers", id: row[3], reason: "created_at = \(createdText)")
            }
            let table = "ledger_transfers"
            return StatementEntry(
                seq: seq, transferID: try row.identifier("id", table: table), kind: try row.enumeration("kind", table: table),
                reason: row[5], category: row[6], memo: row[7], reference: row[8], createdAt: createdAt, amount: row[1],
                balanceAfter: row[2], counterparties: others[seq] ?? [], refund: row[10])
        }
        let states = try holdStates(
            db, community: community, payer: member, transfers: entries.filter { $0.kind == .hold && $0.amount < 0 }.map(\.transferID))
        return Page.fromOverfetch(entries.map { $0.with(holdState: states[$0.transferID]) }, limit: min(page.limit, maxLines)) { String($0.seq) }
    }

    /// What became of each of the member's holds placed by `transfers` (through the payer's index:
    /// no index on the hold transfer is needed for a page of lines). A refunded hold whose exchange
    /// the member then paid by a transfer of its own (same reference; a time exchange settled by
    /// fewer minutes than were held, or an overturned no-show) reads `.refundedThenPaid`.
    static func holdStates(
        _ db: Database, community: CommunityID, payer: MemberID, transfers: [TransferID]
    ) throws -> [TransferID: HoldOutcome] {
        var states: [TransferID: (state: HoldState, reference: String?)] = [:]
        for chunk in chunks(transfers.map(\.rawValue)) {
            let rows = try Row.fetchAll(
                db,
                sql: """
                    SELECT hold_transfer_id, state, reference FROM ledger_holds
                    WHERE community_id = ? AND payer_member_id = ? AND hold_transfer_id IN (\(placeholders(chunk.count)))
                    """,
                arguments: [community.rawValue, payer.rawValue] + StatementArguments(chunk))
            for row in rows {
                states[try row.identifier("hold_transfer_id", table: "ledger_holds")] =
                    (try row.enumeration("state", table: "ledger_holds"), row["reference"])
            }
        }
        let refundedReferences = states.values.compactMap { $0.state == .refunded ? $0.reference : nil }
        let paid = try paidReferences(db, community: community, payer: payer, references: refundedReferences)
        return states.mapValues { HoldOutcome($0.state, paidSeparately: $0.reference.map(paid.contains) ?? false) }
    }

    /// Which of `references` the member paid by an exchange transfer of its own, not reversed
    /// since (helper 156 #2: a hold line still read "returned; paid separately" once an admin had
    /// reversed that payment and she had paid nothing).
    static func paidReferences(_ db: Database, community: CommunityID, payer: MemberID, references: [String]) throws -> Set<String> {
        var paid: Set<String> = []
        for chunk in chunks(Array(Set(references)).sorted()) {
            paid.formUnion(try String.fetchAll(
                db,
                sql: """
                    SELECT t.reference FROM ledger_transfers t
                    WHERE t.community_id = ? AND t.payer_member_id = ? AND t.kind = 'exchange' AND t.reference IN (\(placeholders(chunk.count)))
                      AND NOT \(TransferSQL.reversed)
                    """,
                arguments: [community.rawValue, payer.rawValue] + StatementArguments(chunk)))
        }
        return paid
    }

    /// Bounded chunks keep a statement under SQLite's parameter limit for any page size.
    static func chunks<T>(_ values: [T]) -> [[T]] {
        stride(from: 0, to: values.count, by: 500).map { Array(values[$0..<min($0 + 500, values.count)]) }
    }

    static func placeholders(_ count: Int) -> String { Array(repeating: "?", count: count).joined(separator: ", ") }

    /// The other accounts of each transfer, by seq.
    static func counterparties(_ db: Database, community: CommunityID, seqs: [Int], excluding account: AccountRef) throws -> [Int: [AccountRef]] {
        guard !seqs.isEmpty else { return [:] }
        var result: [Int: [AccountRef]] = [:]
        for chunk in chunks(seqs) {
            let rows = try Row.fetchAll(
                db,
                sql: """
                    SELECT transfer_seq, account_id FROM ledger_postings
                    WHERE community_id = ? AND transfer_seq IN (\(placeholders(chunk.count)))
                      AND account_id <> ?
                    ORDER BY transfer_seq, leg
                    """,
                arguments: [community.rawValue] + StatementArguments(chunk) + [account.rawValue])
            for row in rows {
                let raw: String = row[1]
                guard let ref = AccountRef(rawValue: raw) else {
                    throw StoreError.corruptRow(table: "ledger_postings", id: "\(row[0] as Int)", reason: "account_id = \(raw)")
                }
                result[row[0], default: []].append(ref)
            }
        }
        return result
    }

    /// Who a passbook's lines are with (`PassbookParties`): the members the lines show, and, for a
    /// line of an exchange, its other side, told to the member herself, to moderators and admins
    /// who read every exchange, and to station staff for the exchanges they may open themselves
    /// (`ExchangeAccess`: those they registered, or of a resident whose consent they hold; helper
    /// 147 #2: not every resident's partners to every desk). An organizer reading her points,
    /// who may not read her exchanges, reads where the points went instead.
    public static func passbookParties(
        _ db: Database, principal: Principal, member: MemberID, lines: [StatementEntry], now: Date
    ) throws -> PassbookParties {
        var others: [String: MemberID] = [:]
        if member == principal.memberID || principal.can(.exchangeReadAll) || principal.can(.exchangeManageOthers) {
            others = try ExchangeNames.otherSides(db, community: principal.communityID, member: member, references: Set(lines.compactMap(\.reference)))
        }
        var closed: Set<String> = []
        if member != principal.memberID, !principal.can(.exchangeReadAll) {
            others = try others.filter { reference, _ in
                let id = ExchangeID(trusted: String(reference.dropFirst("exchange:".count)))
                do {
                    _ = try ExchangeAccess.resolve(db, principal: principal, id: id, now: now)
                    return true
                } catch let error as DomainError where error.category == .notFound {
                    return false
                }
            }
            // The exchanges the lines name that the reader may not open: their sides are not
            // named, neither through the held points nor on a direct payment (helper 148 #3).
            closed = Set(lines.compactMap(\.reference).filter { $0.hasPrefix("exchange:") }).subtracting(others.keys)
        }
        let shown = lines.filter { $0.reference.map { !closed.contains($0) } ?? true }
        let named = Set(shown.flatMap { $0.counterparties.compactMap(\.memberID) }).union(others.values)
        return PassbookParties(
            others: others, names: try MemberCommands.displayNames(db, community: principal.communityID, ids: named), closed: closed)
    }
}
