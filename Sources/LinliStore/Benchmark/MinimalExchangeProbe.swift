import Foundation
import GRDB

/// The floor under the exchange benchmark: what any storage design pays for a completed exchange
/// that keeps a double-entry ledger, an audit row and an outbox event per step, on this disk and
/// SQLite, with nothing else.
///
/// Two transactions (accept, complete), each updating the exchange and the listing, posting a
/// transfer with two postings and two balance updates, and appending one audit row and one
/// outbox row: ten statements through prepared statements into tables with integer keys and no
/// secondary index, with no reads, guards, rules, idempotency keys or hash chain. Printed next to
/// the raw single-row commit it says how far the issue's ratio can go at all, whatever the schema
/// or the Swift around it.
public enum MinimalExchangeProbe {
    /// Runs `count` minimal exchanges and returns exchanges per second.
    public static func exchangesPerSecond(_ database: AppDatabase, count: Int) throws -> Double {
        try database.writer.writeWithoutTransaction { db in
            try db.execute(sql: """
                CREATE TABLE floor_exchanges (id INTEGER PRIMARY KEY, state TEXT NOT NULL, hold_id INTEGER, updated_at TEXT NOT NULL);
                CREATE TABLE floor_listings (id INTEGER PRIMARY KEY, status TEXT NOT NULL, updated_at TEXT NOT NULL);
                CREATE TABLE floor_accounts (id INTEGER PRIMARY KEY, balance INTEGER NOT NULL);
                CREATE TABLE floor_transfers (id INTEGER PRIMARY KEY, kind TEXT NOT NULL, amount INTEGER NOT NULL, reason TEXT NOT NULL,
                    created_at TEXT NOT NULL);
                CREATE TABLE floor_postings (id INTEGER PRIMARY KEY, transfer_id INTEGER NOT NULL, account_id INTEGER NOT NULL,
                    amount INTEGER NOT NULL);
                CREATE TABLE floor_audit (id INTEGER PRIMARY KEY, action TEXT NOT NULL, target TEXT NOT NULL, after_json TEXT NOT NULL,
                    created_at TEXT NOT NULL);
                CREATE TABLE floor_outbox (seq INTEGER PRIMARY KEY, type TEXT NOT NULL, subject TEXT NOT NULL, payload_json TEXT NOT NULL,
                    created_at TEXT NOT NULL);
                INSERT INTO floor_accounts (id, balance) VALUES (1, 0), (2, 0), (3, 0);
                """)
            try db.inTransaction {
                let exchange = try db.makeStatement(sql: "INSERT INTO floor_exchanges (id, state, updated_at) VALUES (?, 'requested', '')")
                let listing = try db.makeStatement(sql: "INSERT INTO floor_listings (id, status, updated_at) VALUES (?, 'published', '')")
                for id in 1...count {
                    try exchange.execute(arguments: [id])
                    try listing.execute(arguments: [id])
                }
                return .commit
            }
            let begin = try db.makeStatement(sql: "BEGIN IMMEDIATE")
            let commit = try db.makeStatement(sql: "COMMIT")
            let moveExchange = try db.makeStatement(sql: "UPDATE floor_exchanges SET state = ?, hold_id = ?, updated_at = ? WHERE id = ?")
            let moveListing = try db.makeStatement(sql: "UPDATE floor_listings SET status = ?, updated_at = ? WHERE id = ?")
            let transfer = try db.makeStatement(
                sql: "INSERT INTO floor_transfers (kind, amount, reason, created_at) VALUES (?, 20, 'exchange exc_01JZ0000000000000000000000', ?)")
            let postings = try db.makeStatement(
                sql: "INSERT INTO floor_postings (transfer_id, account_id, amount) VALUES (?, ?, -20), (?, ?, 20)")
            let debit = try db.makeStatement(sql: "UPDATE floor_accounts SET balance = balance - 20 WHERE id = ?")
            let credit = try db.makeStatement(sql: "UPDATE floor_accounts SET balance = balance + 20 WHERE id = ?")
            let audit = try db.makeStatement(sql: "INSERT INTO floor_audit (action, target, after_json, created_at) VALUES (?, ?, ?, ?)")
            let outbox = try db.makeStatement(sql: "INSERT INTO floor_outbox (type, subject, payload_json, created_at) VALUES (?, ?, ?, ?)")
            // Rows the size of the service's (ids, a timestamp, a small JSON object).
            let payload = #"{"exchange_id":"exc_01JZ0000000000000000000000","listing_id":"lst_01JZ0000000000000000000000","points":20,"state":"accepted"}"#
            let now = "2026-12-02T09:00:00.000Z"
            func step(_ id: Int, accept: Bool) throws {
                try begin.execute()
                try transfer.execute(arguments: [accept ? "hold" : "release", now])
                let transferID = db.lastInsertedRowID
                let (from, to) = accept ? (1, 2) : (2, 3)  // payer → escrow, escrow → provider
                try postings.execute(arguments: [transferID, from, transferID, to])
                try debit.execute(arguments: [from])
                try credit.execute(arguments: [to])
                try moveExchange.execute(arguments: [accept ? "accepted" : "completed", transferID, now, id])
                try moveListing.execute(arguments: [accept ? "reserved" : "exchanged", now, id])
                try audit.execute(arguments: [accept ? "exchange.accepted" : "exchange.completed", "exchange:\(id)", payload, now])
                try outbox.execute(arguments: [accept ? "exchange.accepted" : "exchange.completed", "exchange:\(id)", payload, now])
                try commit.execute()
            }
            let start = ContinuousClock.now
            for id in 1...count {
                try step(id, accept: true)
                try step(id, accept: false)
            }
            let elapsed = ContinuousClock.now - start
            try db.execute(sql: """
                DROP TABLE floor_exchanges; DROP TABLE floor_listings; DROP TABLE floor_accounts; DROP TABLE floor_transfers;
                DROP TABLE floor_postings; DROP TABLE floor_audit; DROP TABLE floor_outbox;
                """)
            return Double(count) / (Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18)
        }
    }
}
