import Foundation
import GRDB
import LinliDomain
import Testing
@testable import LinliStore

/// Every way a hold and its transfers can disagree, with the exact `hold` violations each one
/// must produce. The hold checks find transfers in memory when they can (`HoldTransferIndex`) and
/// by SQL otherwise (a transfer of another kind, or an id too long to index); these cases run
/// through both paths and pin the report's wording, so a faster path cannot change what a
/// moderator reads.
@Suite("ledger verify: holds against their transfers")
struct VerifierHoldTests {
    /// One hold of the standard history: its id and the transfers it names.
    struct Hold {
        let id: String
        let hold: String
        let settle: String?
    }

    /// Ids in the standard history (`VerifierTests.history`), read before tampering.
    struct Names {
        let released: Hold
        let refunded: Hold
        let held: Hold
        let exchange: String
        let seqs: [String: Int]

        /// The subject the report gives a transfer.
        func transfer(_ id: String?) -> String {
            let id = id ?? "-"
            return "transfer seq \(seqs[id] ?? 0) (\(id))"
        }
    }

    struct Case: CustomTestStringConvertible, Sendable {
        let name: String
        let foreignKeys: Bool
        let tamper: @Sendable (Names) -> String
        let expected: @Sendable (Names) -> [String]
        var testDescription: String { name }
    }

    static let notIndexable = "hold_" + String(repeating: "x", count: 40)
    static let longTransfer = "trf_" + String(repeating: "y", count: 40)
    static let missingTransfer = "trf_0000000000000000000000000Z"
    static let missingHold = "hold_0000000000000000000000000Z"

    static let cases: [Case] = [
        Case(name: "untouched", foreignKeys: true, tamper: { _ in "SELECT 1" }, expected: { _ in [] }),
        Case(
            name: "a hold naming a transfer that does not exist", foreignKeys: false,
            tamper: { "UPDATE ledger_holds SET hold_transfer_id = '\(missingTransfer)' WHERE id = '\($0.held.id)'" },
            expected: { n in
                [
                    "hold \(n.held.id): orphaned: its hold transfer \(missingTransfer) does not exist",
                    "\(n.transfer(n.held.hold)): hold transfer not recorded on hold \(n.held.id) (a second hold or release?)",
                ]
            }),
        Case(
            name: "a hold naming a transfer of another kind", foreignKeys: true,
            tamper: { "UPDATE ledger_holds SET hold_transfer_id = '\($0.exchange)' WHERE id = '\($0.held.id)'" },
            expected: { n in
                [
                    "hold \(n.held.id): its transfer \(n.exchange) is not a hold transfer for this hold",
                    "\(n.transfer(n.held.hold)): hold transfer not recorded on hold \(n.held.id) (a second hold or release?)",
                ]
            }),
        Case(
            name: "a hold naming another hold's transfer", foreignKeys: true,
            tamper: { "UPDATE ledger_holds SET hold_transfer_id = '\($0.released.hold)' WHERE id = '\($0.held.id)'" },
            expected: { n in
                [
                    "hold \(n.held.id): its transfer \(n.released.hold) is not a hold transfer for this hold",
                    "\(n.transfer(n.held.hold)): hold transfer not recorded on hold \(n.held.id) (a second hold or release?)",
                ]
            }),
        Case(
            name: "a hold settled by another hold's release", foreignKeys: true,
            tamper: { "UPDATE ledger_holds SET settle_transfer_id = '\($0.refunded.settle!)' WHERE id = '\($0.released.id)'" },
            expected: { n in
                [
                    "hold \(n.released.id): settling transfer \(n.refunded.settle!) is not a release of this hold",
                    "\(n.transfer(n.released.settle)): release transfer not recorded on hold \(n.released.id) (a second hold or release?)",
                ]
            }),
        Case(
            name: "a hold settled by its own hold transfer", foreignKeys: true,
            tamper: { "UPDATE ledger_holds SET settle_transfer_id = hold_transfer_id WHERE id = '\($0.released.id)'" },
            expected: { n in
                [
                    "hold \(n.released.id): settling transfer \(n.released.hold) is not a release of this hold",
                    "\(n.transfer(n.released.settle)): release transfer not recorded on hold \(n.released.id) (a second hold or release?)",
                ]
            }),
        Case(
            name: "a hold transfer naming a hold that does not exist", foreignKeys: true,
            tamper: { "UPDATE ledger_transfers SET hold_id = '\(missingHold)' WHERE id = '\($0.held.hold)'" },
            expected: { n in
                [
                    "hold \(n.held.id): its transfer \(n.held.hold) is not a hold transfer for this hold",
                    "\(n.transfer(n.held.hold)): hold transfer for hold \(missingHold) which does not exist",
                ]
            }),
        Case(
            name: "a release transfer without a hold id", foreignKeys: true,
            tamper: { "UPDATE ledger_transfers SET hold_id = NULL WHERE id = '\($0.released.settle!)'" },
            expected: { n in
                [
                    "\(n.transfer(n.released.settle)): a release transfer without its hold",
                    "hold \(n.released.id): settling transfer \(n.released.settle!) is not a release of this hold",
                    "\(n.transfer(n.released.settle)): release transfer for hold - which does not exist",
                ]
            }),
        Case(
            name: "a hold row deleted", foreignKeys: false,
            tamper: { "DELETE FROM ledger_holds WHERE id = '\($0.held.id)'" },
            expected: { n in ["\(n.transfer(n.held.hold)): hold transfer for hold \(n.held.id) which does not exist"] }),
        Case(
            name: "ids too long to index, consistent", foreignKeys: false,
            tamper: { n in
                """
                UPDATE ledger_transfers SET hold_id = '\(notIndexable)' WHERE hold_id = '\(n.released.id)';
                UPDATE ledger_holds SET id = '\(notIndexable)' WHERE id = '\(n.released.id)';
                UPDATE ledger_transfers SET id = '\(longTransfer)' WHERE id = '\(n.released.settle!)';
                UPDATE ledger_holds SET settle_transfer_id = '\(longTransfer)' WHERE id = '\(notIndexable)';
                """
            },
            expected: { _ in [] }),
        Case(
            name: "a hold id too long to index, on one transfer only", foreignKeys: true,
            tamper: { "UPDATE ledger_transfers SET hold_id = '\(notIndexable)' WHERE id = '\($0.held.hold)'" },
            expected: { n in
                [
                    "hold \(n.held.id): its transfer \(n.held.hold) is not a hold transfer for this hold",
                    "\(n.transfer(n.held.hold)): hold transfer for hold \(notIndexable) which does not exist",
                ]
            }),
    ]

    @Test("each disagreement is reported exactly", arguments: cases)
    func disagreement(_ testCase: Case) throws {
        let bed = try VerifierTests().history()
        let names = try bed.read { db in try Self.names(db) }
        try bed.tamper(testCase.tamper(names), foreignKeys: testCase.foreignKeys)
        let found = try bed.verify().violations.filter { $0.check == .hold }.map { "\($0.subject): \($0.detail)" }
        #expect(found.sorted() == testCase.expected(names).sorted())
    }

    static func names(_ db: Database) throws -> Names {
        var holds: [String: Hold] = [:]
        for row in try Row.fetchAll(db, sql: "SELECT id, state, hold_transfer_id, settle_transfer_id FROM ledger_holds") {
            holds[row[1]] = Hold(id: row[0], hold: row[2], settle: row[3])
        }
        var seqs: [String: Int] = [:]
        for row in try Row.fetchAll(db, sql: "SELECT id, seq FROM ledger_transfers") { seqs[row[0]] = row[1] }
        let exchange = try String.fetchOne(db, sql: "SELECT id FROM ledger_transfers WHERE kind = 'exchange' ORDER BY seq LIMIT 1")
        return Names(
            released: try #require(holds["released"]), refunded: try #require(holds["refunded"]), held: try #require(holds["held"]),
            exchange: try #require(exchange), seqs: seqs)
    }
}

extension VerifierHoldTests {
    /// On an untouched ledger every hold and release transfer is matched in memory: none is left
    /// for the per-transfer queries that made the hold checks slow.
    @Test("an untouched ledger leaves nothing for the per-transfer queries")
    func inMemory() throws {
        let bed = try VerifierTests().history()
        try bed.read { db in
            var legs = HoldLegIndex()
            var transfers = HoldTransferIndex()
            var report = LedgerVerificationReport()
            var sink = ViolationSink(maxKept: 10)
            var rewards: [(seq: Int, id: String)] = []
            let verifier = LedgerVerifier()
            let table = try verifier.verifyChain(
                db, community: bed.community.rawValue, legs: &legs, holdTransfers: &transfers, report: &report, sink: &sink,
                reportRewards: &rewards)
            #expect(transfers.unrecorded().count == 5)  // 3 hold transfers, 2 releases: nothing matched yet
            try verifier.verifyHolds(
                db, community: bed.community.rawValue, escrow: table.byID["system:escrow"]?.balance ?? 0, legs: legs,
                transfers: &transfers, accounts: table, report: &report, sink: &sink)
            #expect(transfers.unrecorded().isEmpty)
            #expect(sink.count == 0)
        }
    }
}
