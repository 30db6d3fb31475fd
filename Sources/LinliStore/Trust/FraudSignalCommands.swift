import Foundation
import GRDB
import LinliDomain
import LinliTrust

/// A fraud signal as stored: open until a moderator dismisses it with a reason.
public struct StoredFraudSignal: Sendable, Equatable {
    public var id: FraudSignalID
    public var signal: FraudSignal
    public var dismissed: Bool
    public var dismissReason: String?
    /// The members this open signal was decided about, each with the case whose resolution did
    /// (`SignalPressure.markDecided`): it no longer counts toward freezing them. Moderators see
    /// why a member whose signals add up past the threshold is not frozen.
    public var decidedBy: [MemberID: CaseID] = [:]
}

/// Stored fraud signals: recorded once per evidence fingerprint, dismissed with a reason, and
/// remembered so the same evidence does not fire again (`DismissedSignals`).
public enum FraudSignalCommands {
    /// Stores new signals; a signal whose fingerprint is already stored (open or dismissed) is
    /// skipped, and one that continues an open episode (the next exchange of the same pattern:
    /// `FraudSignal.isEpisode`) grows that signal's evidence instead of counting again. The new
    /// ones then raise their members' case and review priority and may freeze their held points
    /// (`SignalPressure`, threshold `freezeAtScore`). Returns the ones that were new.
    public static func record(
        _ tx: Transaction, community: CommunityID, signals: [FraudSignal], freezeAtScore: Int?
    ) throws -> [StoredFraudSignal] {
        try recordWithConsequences(tx, community: community, signals: signals, freezeAtScore: freezeAtScore).stored
    }

    /// `record`, also returning the cases that hold frozen the points of the members the new
    /// signals are about (`SignalPressure.refresh`).
    static func recordWithConsequences(
        _ tx: Transaction, community: CommunityID, signals: [FraudSignal], freezeAtScore: Int?
    ) throws -> (stored: [StoredFraudSignal], freezing: [ModerationCase]) {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        encoder.dateEncodingStrategy = .iso8601
        var stored: [StoredFraudSignal] = []
        var continued = Set<MemberID>()
        for signal in signals {
            switch try continueEpisode(tx, community: community, with: signal, encoder: encoder) {
            case .unchanged: continue
            case .grown(let pressureChanged):
                if pressureChanged { continued.formUnion(signal.subjects) }
                continue
            case .none: break
            }
            let id: FraudSignalID = tx.ids.next()
            try tx.db.execute(
                sql: """
                    INSERT INTO fraud_signals (id, community_id, type, fingerprint, score, signal_json, occurred_at, status, created_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, 'open', ?)
                    ON CONFLICT (community_id, fingerprint) DO NOTHING
                    """,
                arguments: [id.rawValue, community.rawValue, signal.type.rawValue, signal.fingerprint, signal.score,
                            String(decoding: try encoder.encode(signal), as: UTF8.self), signal.at, tx.now])
            guard tx.db.changesCount == 1 else { continue }
            for member in Set(signal.subjects) {
                try tx.db.execute(
                    sql: """
                        INSERT INTO fraud_signal_subjects (community_id, signal_id, member_id)
                        SELECT ?, ?, id FROM members WHERE community_id = ? AND id = ?
                        """,
                    arguments: [community.rawValue, id.rawValue, community.rawValue, member.rawValue])
            }
            stored.append(StoredFraudSignal(id: id, signal: signal, dismissed: false, dismissReason: nil))
            try tx.emit(
                community, type: "fraud.signal_raised", subject: "signal:\(id)",
                payload: ["signal_id": id.rawValue, "type": signal.type.rawValue, "score": String(signal.score)])
        }
        let freezing = try SignalPressure.refresh(
            tx, community: community, members: Set(stored.flatMap(\.signal.subjects)).union(continued), freezeAtScore: freezeAtScore)
        return (stored, freezing)
    }

    /// What became of a finding that continues an episode already stored.
    enum EpisodeContinuation {
        /// The stored signal already holds all its evidence (a batch checked again after a crash).
        case unchanged
        /// Its evidence was added to the stored signal; `pressureChanged` when that changes what
        /// the signal weighs for its members: its score changed with it (the rule file's score for
        /// the type changed since), or a moderator had decided it about one of them (the pattern
        /// went on after the decision: it counts toward freezing them again).
        case grown(pressureChanged: Bool)
    }

    /// Adds `signal`'s evidence to the open stored signal it continues (`FraudSignal.isEpisode`),
    /// so that a pattern counts once in its members' pressure however many exchanges it spans;
    /// nil when it continues none and is to be stored as a finding of its own. A dismissed
    /// episode is not reopened: a finding the dismissal does not cover (new exchanges) is new.
    private static func continueEpisode(
        _ tx: Transaction, community: CommunityID, with signal: FraudSignal, encoder: JSONEncoder
    ) throws -> EpisodeContinuation? {
        guard let subject = signal.subjects.first else { return nil }
        let candidates = try Row.fetchAll(
            tx.db.cachedStatement(sql: """
                SELECT s.* FROM fraud_signal_subjects j JOIN fraud_signals s ON s.id = j.signal_id
                WHERE j.community_id = ? AND j.member_id = ? AND s.type = ? AND s.status = 'open'
                ORDER BY s.id
                """),
            arguments: [community.rawValue, subject.rawValue, signal.type.rawValue]
        ).map(decode)
        guard let episode = candidates.first(where: { $0.signal.isEpisode(continuedBy: signal) }) else { return nil }
        let merged = episode.signal.mergingEpisode(signal)
        guard merged.fingerprint != episode.signal.fingerprint else { return .unchanged }
        try tx.db.execute(
            sql: """
                UPDATE fraud_signals SET fingerprint = ?, score = ?, signal_json = ?, occurred_at = ?
                WHERE community_id = ? AND id = ?
                    AND NOT EXISTS (SELECT 1 FROM fraud_signals o WHERE o.community_id = ? AND o.fingerprint = ?)
                """,
            arguments: [merged.fingerprint, merged.score, String(decoding: try encoder.encode(merged), as: UTF8.self), merged.at,
                        community.rawValue, episode.id.rawValue, community.rawValue, merged.fingerprint])
        // Another stored signal (a dismissed one) already is exactly this evidence: nothing new.
        guard tx.db.changesCount == 1 else { return .unchanged }
        let undecidedAgain = try SignalPressure.reopenDecided(
            tx, community: community, signal: episode.id.rawValue, added: signal.evidence, known: episode.signal.evidence)
        return .grown(pressureChanged: merged.score != episode.signal.score || undecidedAgain)
    }

    /// Dismisses a signal with a reason (moderators).
    public static func dismiss(
        _ tx: Transaction, principal: Principal, id: FraudSignalID, reason: String, actor: AuditActor
    ) throws -> StoredFraudSignal {
        try principal.require(.caseManage)
        var check = FieldValidator()
        check.text(reason, at: "/reason", max: TrustLimits.reason)
        try check.finish()
        var value = try fetch(tx.db, community: principal.communityID, id: id)
        // Dismissed evidence never fires again: not a decision to take about oneself or a housemate,
        // nor about evidence that names them without making them a subject (the top payer of a
        // concentration, the other side of a new account's exchange: helper 176 #2).
        let named = Array(Set(value.signal.subjects + value.signal.evidence.members)).sorted()
        try ModerationConflict.check(tx.db, principal, about: named, decision: "fraud signal")
        guard !value.dismissed else { throw DomainError(code: "fraud_signal.already_dismissed", category: .conflict) }
        let trimmed = reason.trimmingCharacters(in: .whitespacesAndNewlines)
        try markDismissed(
            tx, community: principal.communityID, id: id.rawValue, fingerprint: value.signal.fingerprint, by: principal.memberID,
            reason: trimmed, actor: actor)
        value.dismissed = true
        value.dismissReason = trimmed
        try SignalPressure.refresh(tx, community: principal.communityID, members: Set(value.signal.subjects), freezeAtScore: nil)
        return value
    }

    /// Dismisses every open signal about the member that the moderator saw, as part of their
    /// decision on `decidingCase` (a case that froze their points, resolved as dismissed): the
    /// evidence is then remembered and does not fire again. Signals recorded or grown after the
    /// moderator claimed the case stay open (`SignalPressure.seenWhenClaimed`), and so do those
    /// that also name (as a subject or in their evidence) the deciding moderator, a housemate of
    /// theirs or a resident they act or acted for: dismissing such evidence is refused directly (`case.own`,
    /// `moderation.own_household`, `moderation.acts_for_member`) and must not happen this way
    /// either. Returns the dismissed signals' members: a ring or a back-and-forth names others
    /// too, whose pressure falls with it and must be refreshed as well (`SignalPressure.refresh`).
    @discardableResult
    static func dismissAll(
        _ tx: Transaction, community: CommunityID, member: MemberID, by moderator: MemberID, deciding decidingCase: CaseID,
        reason: String, actor: AuditActor
    ) throws -> Set<MemberID> {
        let seen = try SignalPressure.seenWhenClaimed(tx.db, community: community, case: decidingCase, alias: "s")
        let open = try Row.fetchAll(
            tx.db, sql: """
                SELECT s.id, s.fingerprint FROM fraud_signal_subjects j JOIN fraud_signals s ON s.id = j.signal_id
                WHERE j.community_id = ? AND j.member_id = ? AND s.status = 'open'\(seen.sql)
                    AND NOT EXISTS (
                        SELECT 1 FROM fraud_signal_subjects m
                        WHERE m.community_id = j.community_id AND m.signal_id = s.id
                            AND m.member_id IN (\(ModerationConflict.stakeSQL)))
                    AND NOT \(ModerationConflict.evidenceNamesStakeSQL("s.signal_json"))
                ORDER BY s.id
                """,
            arguments: [community.rawValue, member.rawValue] + seen.arguments + ModerationConflict.stakeArguments(community, moderator)
                + ModerationConflict.stakeArguments(community, moderator))
        var subjects: Set<MemberID> = []
        for row in open {
            try markDismissed(tx, community: community, id: row[0], fingerprint: row[1], by: moderator, reason: reason, actor: actor)
            subjects.formUnion(try String.fetchAll(
                tx.db, sql: "SELECT member_id FROM fraud_signal_subjects WHERE community_id = ? AND signal_id = ?",
                arguments: [community.rawValue, row[0] as String]
            ).map(MemberID.init(trusted:)))
        }
        return subjects
    }

    /// The dismissal itself, and its audit entry naming the evidence fingerprint remembered.
    private static func markDismissed(
        _ tx: Transaction, community: CommunityID, id: String, fingerprint: String, by moderator: MemberID, reason: String,
        actor: AuditActor
    ) throws {
        try tx.db.execute(
            sql: """
                UPDATE fraud_signals SET status = 'dismissed', dismissed_by = ?, dismiss_reason = ?, dismissed_at = ?
                WHERE community_id = ? AND id = ?
                """,
            arguments: [moderator.rawValue, reason, tx.now, community.rawValue, id])
        try tx.audit(
            community, actor: actor, action: "fraud_signal.dismissed", targetType: "fraud_signal", targetID: id, reason: reason,
            before: ["status": "open"], after: ["status": "dismissed", "fingerprint": fingerprint])
    }

    /// Every dismissal of the community, for the engine to suppress the same evidence.
    public static func dismissed(_ db: Database, community: CommunityID) throws -> DismissedSignals {
        var dismissed = DismissedSignals()
        for row in try Row.fetchAll(
            db, sql: "SELECT * FROM fraud_signals WHERE community_id = ? AND status = 'dismissed'", arguments: [community.rawValue])
        {
            dismissed.dismiss(try decode(row).signal)
        }
        return dismissed
    }

    /// Stored signals by status, highest score first then newest (moderators).
    /// Keyset-paginated on (score, id), the page's sort key being `score|id`. A report cluster
    /// about the reader is left out: its evidence names who reported them (`case.own`).
    public static func list(_ db: Database, principal: Principal, dismissed: Bool, page: PageRequest) throws -> Page<StoredFraudSignal> {
        try principal.require(.caseManage)
        var sql = """
            SELECT * FROM fraud_signals WHERE community_id = ? AND status = ?
                AND NOT (type = 'report_cluster' AND EXISTS (
                    SELECT 1 FROM fraud_signal_subjects s
                    WHERE s.community_id = fraud_signals.community_id AND s.signal_id = fraud_signals.id
                        AND s.member_id IN (\(ModerationConflict.selfAndHousematesSQL))))
            """
        var arguments: StatementArguments = [principal.communityID.rawValue, dismissed ? "dismissed" : "open"]
        arguments += ModerationConflict.selfAndHousematesArguments(principal.communityID, principal.memberID)
        if let after = page.after {
            let key = try NumberedPageKey.parse(after, idIsWellFormed: FraudSignalID.isWellFormed)
            sql += " AND (score < ? OR (score = ? AND id < ?))"
            arguments += [key.number, key.number, key.id]
        }
        sql += " ORDER BY score DESC, id DESC LIMIT ?"
        arguments += [page.limit + 1]
        let rows = try withDecisions(db, community: principal.communityID, try Row.fetchAll(db, sql: sql, arguments: arguments).map(decode))
        return Page.fromOverfetch(rows, limit: page.limit) { NumberedPageKey.text($0.signal.score, $0.id.rawValue) }
    }

    public static func fetch(_ db: Database, community: CommunityID, id: FraudSignalID) throws -> StoredFraudSignal {
        guard let row = try Row.fetchOne(
            db, sql: "SELECT * FROM fraud_signals WHERE community_id = ? AND id = ?", arguments: [community.rawValue, id.rawValue])
        else { throw DomainError.notFound("fraud_signal", id: id.rawValue) }
        return try decode(row)
    }

    /// Stored signals whose subjects include the member (newest first, at most 100), as the
    /// `reader` may see them: a report cluster that also names the reader or a housemate is left
    /// out, as `list` leaves it out (its evidence says who reported them; helper 148 #4).
    static func about(_ db: Database, community: CommunityID, member: MemberID, reader: Principal) throws -> [StoredFraudSignal] {
        try withDecisions(db, community: community, try Row.fetchAll(
            db, sql: """
                SELECT s.* FROM fraud_signal_subjects j JOIN fraud_signals s ON s.id = j.signal_id
                WHERE j.community_id = ? AND j.member_id = ?
                    AND NOT (s.type = 'report_cluster' AND EXISTS (
                        SELECT 1 FROM fraud_signal_subjects o
                        WHERE o.community_id = s.community_id AND o.signal_id = s.id
                            AND o.member_id IN (\(ModerationConflict.selfAndHousematesSQL))))
                ORDER BY s.id DESC LIMIT 100
                """,
            arguments: [community.rawValue, member.rawValue] + ModerationConflict.selfAndHousematesArguments(community, reader.memberID)
        ).map(decode))
    }

    /// The stored signals a case's resolution decided (`decided_by_case`), newest first: a case
    /// shows them even when newer signals about its member push them out of `about`'s 100.
    static func decided(_ db: Database, community: CommunityID, by decidingCase: CaseID) throws -> [StoredFraudSignal] {
        try withDecisions(db, community: community, try Row.fetchAll(
            db, sql: """
                SELECT DISTINCT s.* FROM fraud_signal_subjects j JOIN fraud_signals s ON s.id = j.signal_id
                WHERE j.community_id = ? AND j.decided_by_case = ? ORDER BY s.id DESC
                """,
            arguments: [community.rawValue, decidingCase.rawValue]
        ).map(decode))
    }

    /// `signals` with the members each was decided about (`StoredFraudSignal.decidedBy`), in one read.
    static func withDecisions(_ db: Database, community: CommunityID, _ signals: [StoredFraudSignal]) throws -> [StoredFraudSignal] {
        guard !signals.isEmpty else { return signals }
        var decided: [String: [MemberID: CaseID]] = [:]
        for row in try Row.fetchAll(
            db, sql: """
                SELECT signal_id, member_id, decided_by_case FROM fraud_signal_subjects
                WHERE community_id = ? AND decided_by_case IS NOT NULL AND signal_id IN (\(signals.map { _ in "?" }.joined(separator: ", ")))
                """,
            arguments: StatementArguments([community.rawValue] + signals.map(\.id.rawValue)))
        {
            decided[row[0], default: [:]][MemberID(trusted: row[1])] = CaseID(trusted: row[2])
        }
        return signals.map { signal in
            var signal = signal
            signal.decidedBy = decided[signal.id.rawValue] ?? [:]
            return signal
        }
    }

    static func decode(_ row: Row) throws -> StoredFraudSignal {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        guard let signal = try? decoder.decode(FraudSignal.self, from: Data((row["signal_json"] as String).utf8)) else {
            throw StoreError.corruptRow(table: "fraud_signals", id: row["id"], reason: "undecodable signal_json")
        }
        return StoredFraudSignal(
            id: FraudSignalID(trusted: row["id"]), signal: signal, dismissed: row["status"] == "dismissed",
            dismissReason: row["dismiss_reason"])
    }
}
