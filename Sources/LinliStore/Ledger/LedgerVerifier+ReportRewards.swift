import GRDB
import LinliDomain

extension LedgerVerifier {
    /// Upheld-report rewards paid by the service (`ReportRewards`): every paid row names a reward
    /// transfer that moved exactly its points from the rewards account to its reporter, and every
    /// such reward transfer without a memo (the ones paid since migration 0019; older ones name
    /// their case in the memo) is named by a row — otherwise points were paid for no case.
    /// `memoLess` are the memo-less upheld-report reward transfers the chain pass saw.
    func verifyReportRewards(_ db: Database, community: String, memoLess: [(seq: Int, id: String)], sink: inout ViolationSink) throws {
        let paid = try Row.fetchCursor(
            db,
            sql: """
                SELECT r.case_id, r.reporter_id, r.points, r.transfer_id, t.seq, t.kind, t.category,
                    (SELECT COUNT(*) FROM ledger_postings p WHERE p.community_id = t.community_id AND p.transfer_seq = t.seq),
                    (SELECT p.amount FROM ledger_postings p
                        WHERE p.community_id = t.community_id AND p.transfer_seq = t.seq AND p.account_id = 'member:' || r.reporter_id),
                    (SELECT p.amount FROM ledger_postings p
                        WHERE p.community_id = t.community_id AND p.transfer_seq = t.seq AND p.account_id = 'system:rewards')
                FROM report_rewards r
                LEFT JOIN ledger_transfers t ON t.community_id = r.community_id AND t.id = r.transfer_id
                WHERE r.community_id = ? AND r.transfer_id IS NOT NULL
                ORDER BY r.case_id, r.reporter_id
                """,
            arguments: [community])
        while let row = try paid.next() {
            let subject = "report reward of case \(row[0] as String) to \(row[1] as String)"
            let points: Int = row[2]
            guard (row[4] as Int?) != nil else {
                sink.add(community, .reportReward, subject, "paid by transfer \(row[3] as String), which does not exist")
                continue
            }
            let credited: Int? = row[8], debited: Int? = row[9]
            if row[5] as String != TransferKind.reward.rawValue || row[6] as String? != CaseCommands.upheldReportCategory
                || row[7] as Int != 2 || credited != points || debited != -points
            {
                sink.add(
                    community, .reportReward, subject,
                    "owes \(points) points but transfer \(row[3] as String) is a \(row[5] as String) (\(row[6] as String? ?? "no category")) "
                        + "crediting \(credited.map(String.init) ?? "nothing") to the reporter and \(debited.map { String(-$0) } ?? "nothing") from rewards")
            }
        }
        let named = try db.makeStatement(
            sql: "SELECT 1 FROM report_rewards WHERE community_id = ? AND transfer_id = ?")
        for reward in memoLess where try Int.fetchOne(named, arguments: [community, reward.id]) == nil {
            sink.add(
                community, .reportReward, "transfer seq \(reward.seq) (\(reward.id))",
                "an upheld-report reward that no upheld case owes (no report_rewards row names it)")
        }
    }
}
