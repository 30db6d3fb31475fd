import Foundation
import GRDB
import LinliDomain
import LinliRules

/// Uploading, activating, rolling back and reading a community's rule-file versions.
///
/// Versions are immutable: a valuation records the version and content hash it used, and history
/// is never silently re-priced. Every activation and rollback is audited and announced.
public enum RuleSetCommands {
    /// Validates and stores a rule file. With `activate`, it is in force from its `effective_from`;
    /// otherwise it is a candidate awaiting review of its diff report.
    ///
    /// An invalid file is refused with every diagnostic (line and column); nothing is stored.
    ///
    /// - Parameter checked: `source` already checked by the caller (`RuleSetCompiler.check`),
    ///   outside the write transaction: compiling a large file runs its golden tests, and the
    ///   single writer (every community's writes) should not wait for that.
    ///
    /// - Parameter rules: compiles (or finds compiled) the version in force, against which a
    ///   version an organizer puts in force is checked (`checkLedgerRaise`).
    public static func upload(
        _ tx: Transaction, community: CommunityID, source: RuleSource, checked: RuleCheckReport? = nil, principal: Principal?,
        actor: AuditActor, activate: Bool, rules: ActiveRules = ActiveRules()
    ) throws -> StoredRuleSet {
        try principal?.require(.rulesManage)
        let report = checked ?? RuleSetCompiler.check(source.text, fileName: source.fileName)
        guard let compiled = report.compiled else {
            throw DomainError(
                code: "rules.invalid", category: .invalidInput, parameters: ["errors": String(report.errors.count)],
                diagnostics: report.diagnostics.map(DocumentDiagnostic.init))
        }
        let header = compiled.header
        if let existing = try Row.fetchOne(
            tx.db, sql: "SELECT id FROM rule_sets WHERE community_id = ? AND content_hash = ?",
            arguments: [community.rawValue, header.contentHash])
        {
            throw DomainError(code: "rules.duplicate", category: .conflict, parameters: ["id": existing["id"]])
        }
        let latest = try Int.fetchOne(
            tx.db, sql: "SELECT MAX(version) FROM rule_sets WHERE community_id = ?", arguments: [community.rawValue])
        if let latest, header.version <= latest {
            throw DomainError(
                code: "rules.version_not_increasing", category: .conflict,
                parameters: ["version": String(header.version), "latest": String(latest)])
        }
        if let supersedes = header.supersedes,
            try !(Bool.fetchOne(
                tx.db, sql: "SELECT 1 FROM rule_sets WHERE community_id = ? AND version = ?",
                arguments: [community.rawValue, supersedes]) ?? false)
        {
            throw DomainError(code: "rules.unknown_supersedes", category: .conflict, parameters: ["version": String(supersedes)])
        }
        if activate {
            try checkLedgerRaise(tx, principal: principal, community: community, ledger: compiled.ruleSet.ledger, rules: rules)
            try withdrawSuperseded(
                tx, community: community, version: header.version, supersedes: header.supersedes, effectiveFrom: header.effectiveFrom,
                actor: actor)
            try checkPlaceInTime(tx, community: community, version: header.version, effectiveFrom: header.effectiveFrom)
        }
        let id: RuleSetID = tx.ids.next()
        let warnings = report.warnings.map(DocumentDiagnostic.init)
        let warningsJSON = String(decoding: try JSONEncoder().encode(warnings), as: UTF8.self)
        try tx.db.execute(
            sql: """
                INSERT INTO rule_sets (id, community_id, version, supersedes, effective_from, content_hash, file_name, source,
                    warnings_json, status, uploaded_by, uploaded_label, uploaded_at, activated_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
            arguments: [
                id.rawValue, community.rawValue, header.version, header.supersedes, header.effectiveFrom, header.contentHash,
                source.fileName, source.text, warningsJSON, activate ? "activated" : "candidate", actor.memberID?.rawValue,
                actor.label, tx.now, activate ? tx.now : nil,
            ])
        try tx.audit(
            community, actor: actor, action: activate ? "rules.activated" : "rules.uploaded", targetType: "rule_set",
            targetID: id.rawValue,
            after: ["version": String(header.version), "content_hash": header.contentHash, "effective_from": AuditTimestamp.iso(header.effectiveFrom)])
        if activate {
            try announce(
                tx, community: community, type: "rules.activated", version: header.version, hash: header.contentHash,
                effectiveFrom: header.effectiveFrom)
        }
        return try fetch(tx.db, community: community, id: id)
    }

    /// Puts a candidate (or a withdrawn version) in force.
    /// - Parameter verifiedHash: the content hash of the version as the caller compiled it before
    ///   the transaction; when it is still the stored one, the file is not compiled again here.
    public static func activate(
        _ tx: Transaction, principal: Principal, id: RuleSetID, verifiedHash: String? = nil, actor: AuditActor,
        rules: ActiveRules = ActiveRules()
    ) throws -> StoredRuleSet {
        try principal.require(.rulesManage)
        let stored = try fetch(tx.db, community: principal.communityID, id: id)
        if stored.status != .activated {
            try checkLedgerRaise(
                tx, principal: principal, community: principal.communityID,
                ledger: try rules.compiledCache.readable(stored).ruleSet.ledger, rules: rules)
        }
        return try putInForce(tx, community: principal.communityID, stored: stored, verifiedHash: verifiedHash, actor: actor)
    }

    /// Puts a stored candidate in force for the rules directory, whose file turned out to be the
    /// same text as a candidate uploaded earlier (the upload → diff → activate workflow, then the
    /// file written): the file asks for it to be in force. Nil when the stored version is not a
    /// candidate: an activated one was in force already (say, before a restart), and a withdrawn
    /// one was rolled back on purpose, which only the API undoes.
    public static func activateCandidate(_ tx: Transaction, community: CommunityID, id: RuleSetID, actor: AuditActor) throws -> StoredRuleSet? {
        let stored = try fetch(tx.db, community: community, id: id)
        guard stored.status == .candidate else { return nil }
        return try putInForce(tx, community: community, stored: stored, actor: actor)
    }

    private static func putInForce(
        _ tx: Transaction, community: CommunityID, stored: StoredRuleSet, verifiedHash: String? = nil, actor: AuditActor
    ) throws -> StoredRuleSet {
        guard stored.status != .activated else {
            // One activated before and since replaced by a later version is not "in force" (helper
            // 121): say which governs, and that its text comes back as a new version.
            if stored.effectiveFrom <= tx.now, let current = try active(tx.db, community: community, at: tx.now), current.id != stored.id {
                let latest = try Int.fetchOne(
                    tx.db, sql: "SELECT MAX(version) FROM rule_sets WHERE community_id = ?", arguments: [community.rawValue]) ?? current.version
                throw DomainError(
                    code: "rules.superseded", category: .conflict,
                    parameters: ["version": String(stored.version), "current": String(current.version), "latest": String(latest)])
            }
            throw DomainError(code: "rules.already_active", category: .conflict, parameters: ["version": String(stored.version)])
        }
        if verifiedHash != stored.contentHash { try checkCompiles(stored) }
        try withdrawSuperseded(
            tx, community: community, version: stored.version, supersedes: stored.supersedes, effectiveFrom: stored.effectiveFrom,
            actor: actor)
        try checkPlaceInTime(tx, community: community, version: stored.version, effectiveFrom: stored.effectiveFrom)
        try tx.db.execute(
            sql: "UPDATE rule_sets SET status = 'activated', activated_at = ?, withdrawn_at = NULL WHERE id = ?",
            arguments: [tx.now, stored.id.rawValue])
        try tx.audit(
            community, actor: actor, action: "rules.activated", targetType: "rule_set", targetID: stored.id.rawValue,
            before: ["status": stored.status.rawValue], after: ["status": "activated"])
        try announce(
            tx, community: community, type: "rules.activated", version: stored.version, hash: stored.contentHash,
            effectiveFrom: stored.effectiveFrom)
        return try fetch(tx.db, community: community, id: stored.id)
    }

    /// 403 `rules.ledger_raise_needs_admin` when someone without `ledger.adjust` (an organizer)
    /// would put in force a version that lets points be created faster than the version in force
    /// (`LedgerPolicy.raises`: a daily reward cap, the donation rate, the upheld-report reward),
    /// by activating it or by rolling back to it. Why: the caps limit what an organizer grants,
    /// and organizers put rule versions in force; a cap the organizer could raise at once would
    /// not limit them (session 27 review: grant up to the cap, raise it to a million, grant on).
    /// Admins may, as they may create points by adjustment; so may the operator (rules
    /// directory, command line: no principal). Lowering, or changing anything else, is not held.
    static func checkLedgerRaise(
        _ tx: Transaction, principal: Principal?, community: CommunityID, ledger: LedgerPolicy, rules: ActiveRules
    ) throws {
        guard let principal, !principal.can(.ledgerAdjust),
            let inForce = try active(tx.db, community: community, at: tx.now)
        else { return }
        // The version in force may no longer compile (the 503 an organizer is fixing by this very
        // activation or rollback): measured then against the defaults, not answered with a 500.
        let current = (try? rules.rules(for: inForce))?.ruleSet.ledger ?? LedgerPolicy()
        let raised = ledger.raises(over: current)
        guard !raised.isEmpty else { return }
        throw DomainError(
            code: "rules.ledger_raise_needs_admin", category: .forbidden, parameters: ["keys": raised.joined(separator: ", ")])
    }

    /// A version put in force replaces the one its file `supersedes` (and any older): such a version
    /// activated but scheduled to start after this one (and after now) would otherwise take over
    /// from it on its start, putting back in force, unannounced on that day, the rules this file
    /// was written to replace (a correction of a version scheduled for June, itself in force from
    /// April, gave way to the version it corrected in June). They are withdrawn with it, each
    /// audited and announced as `rules.withdrawn`. One already in force stays: the version is then
    /// refused as never in force if that one outranks it (`checkWouldGovern`).
    static func withdrawSuperseded(
        _ tx: Transaction, community: CommunityID, version: Int, supersedes: Int?, effectiveFrom: Date, actor: AuditActor
    ) throws {
        guard let supersedes else { return }
        let superseded = try Row.fetchAll(
            tx.db,
            sql: """
                SELECT * FROM rule_sets
                WHERE community_id = ? AND status = 'activated' AND version <= ? AND effective_from > ?
                ORDER BY version
                """,
            arguments: [community.rawValue, supersedes, max(tx.now, effectiveFrom)]
        ).map(StoredRuleSet.init)
        for scheduled in superseded {
            try withdraw(tx, community: community, scheduled, reason: "superseded by version \(version)", actor: actor)
        }
    }

    /// Where a version put in force would stand among the activated ones: it would govern at some
    /// point (`checkWouldGovern`), no older version scheduled after it would undo it
    /// (`checkNotUndoneLater`), and it would not undo a newer one on its start
    /// (`checkNotUndoingNewer`). One place for activation, upload with activation and a rollback's
    /// restoring.
    static func checkPlaceInTime(_ tx: Transaction, community: CommunityID, version: Int, effectiveFrom: Date) throws {
        try checkWouldGovern(tx, community: community, version: version, effectiveFrom: effectiveFrom)
        try checkNotUndoneLater(tx, community: community, version: version, effectiveFrom: effectiveFrom)
        try checkNotUndoingNewer(tx, community: community, version: version, effectiveFrom: effectiveFrom)
    }

    /// 409 `rules.never_in_force` when a version is put in force that another activated version
    /// would always outrank (the latest start not after the moment wins, the higher version on the
    /// same start): it would never govern, and announcing it as activated would tell the community
    /// of a change that changes nothing. The other version may be in force already, or scheduled
    /// for the same start (a version 3 activated after a version 4 for the same day): any activated
    /// version starting after this one's start (or now, if that is later) and no later than it
    /// outranks it from then on.
    static func checkWouldGovern(_ tx: Transaction, community: CommunityID, version: Int, effectiveFrom: Date) throws {
        guard let governing = try Int.fetchOne(
            tx.db,
            sql: """
                SELECT version FROM rule_sets
                WHERE community_id = ? AND status = 'activated' AND effective_from <= ?
                    AND (effective_from > ? OR (effective_from = ? AND version > ?))
                ORDER BY effective_from DESC, version DESC LIMIT 1
                """,
            arguments: [community.rawValue, max(tx.now, effectiveFrom), effectiveFrom, effectiveFrom, version])
        else { return }
        throw DomainError(
            code: "rules.never_in_force", category: .conflict, parameters: ["version": String(version), "governing": String(governing)])
    }

    /// 409 `rules.undone_by_scheduled` when an older version (a lower number: written before this
    /// one) is activated for a start after this one's (and after now), and this file does not
    /// `supersedes` it: on that start the older text would take over and silently undo this
    /// version's changes (helper 129: a correction in force from 6 December vanished on 1 January
    /// under the 2027 holiday version written earlier from the old text). Either this file
    /// `supersedes` it (it is withdrawn with this one; its changes go into a new version for its
    /// start), or it is withdrawn first; to have its text replace this one on its start, upload
    /// that text again as a new version (`checkNotUndoingNewer` refuses activating it again).
    static func checkNotUndoneLater(_ tx: Transaction, community: CommunityID, version: Int, effectiveFrom: Date) throws {
        guard let later = try Row.fetchOne(
            tx.db,
            sql: """
                SELECT version, effective_from FROM rule_sets
                WHERE community_id = ? AND status = 'activated' AND version < ? AND effective_from > ?
                ORDER BY effective_from, version LIMIT 1
                """,
            arguments: [community.rawValue, version, max(tx.now, effectiveFrom)])
        else { return }
        let scheduled: Int = later["version"]
        throw DomainError(
            code: "rules.undone_by_scheduled", category: .conflict,
            parameters: ["version": String(version), "scheduled": String(scheduled)], instants: ["scheduled_from": later["effective_from"]])
    }

    /// 409 `rules.would_undo_newer`: the same harm from the other side (helper 130). A version
    /// scheduled to start later than a newer version (a higher number, written after it) that is
    /// in force or starts before it would, on its start, silently replace that newer version and
    /// undo its changes: an older candidate for 1 January activated after a correction in force
    /// from 6 December. Over time the version in force never goes down in number but by a
    /// rollback; to apply the older text after the newer one, upload it again as a new version.
    /// Put in force at once (its start passed), it replaces the newer one now, announced, as
    /// the activation asked.
    static func checkNotUndoingNewer(_ tx: Transaction, community: CommunityID, version: Int, effectiveFrom: Date) throws {
        guard effectiveFrom > tx.now, let newer = try Int.fetchOne(
            tx.db,
            sql: """
                SELECT version FROM rule_sets
                WHERE community_id = ? AND status = 'activated' AND version > ? AND effective_from < ?
                ORDER BY version DESC LIMIT 1
                """,
            arguments: [community.rawValue, version, effectiveFrom])
        else { return }
        let latest = try Int.fetchOne(tx.db, sql: "SELECT MAX(version) FROM rule_sets WHERE community_id = ?", arguments: [community.rawValue]) ?? newer
        throw DomainError(
            code: "rules.would_undo_newer", category: .conflict,
            parameters: ["version": String(version), "newer": String(newer), "latest": String(latest)], instants: ["effective_from": effectiveFrom])
    }

    /// Withdraws the version in force, so the previous activated version applies again; or,
    /// when `expectedVersion` names an activated version whose `effective_from` is still ahead,
    /// withdraws that scheduled version before it takes effect (nothing in force changes; audited
    /// and announced as `rules.withdrawn`). Returns the version in force afterwards.
    ///
    /// The version that would apply again must still compile (409 `rules.version_unreadable`,
    /// nothing changes): one stored under an older, more lenient release would otherwise make
    /// every use case of the community answer 503 once in force, as `activate` refuses too.
    /// - Parameter expectedVersion: the version the caller means to withdraw; when it is neither
    ///   in force nor scheduled (someone rolled back or activated meanwhile), 409
    ///   `rules.rollback_stale` and nothing changes.
    /// - Parameter verifiedHash: the content hash of the version that would apply again, as the
    ///   caller compiled it before the transaction (`restoredByRollback`); when it is still that
    ///   version's, it is not compiled again under the single writer.
    public static func rollback(
        _ tx: Transaction, principal: Principal, reason: String, expectedVersion: Int? = nil, verifiedHash: String? = nil,
        actor: AuditActor, rules: ActiveRules = ActiveRules()
    ) throws -> StoredRuleSet {
        try principal.require(.rulesManage)
        if let expectedVersion, let scheduled = try scheduled(tx.db, community: principal.communityID, version: expectedVersion, after: tx.now) {
            return try withdrawScheduled(tx, principal: principal, scheduled, reason: reason, actor: actor)
        }
        guard let current = try active(tx.db, community: principal.communityID, at: tx.now) else {
            throw DomainError(code: "rules.nothing_to_roll_back", category: .conflict)
        }
        if let expectedVersion, expectedVersion != current.version {
            throw DomainError(
                code: "rules.rollback_stale", category: .conflict,
                parameters: ["version": String(expectedVersion), "current": String(current.version)])
        }
        guard let previous = try activeRow(
            tx.db, community: principal.communityID, at: tx.now, excluding: current.id)
        else { throw DomainError(code: "rules.nothing_to_roll_back", category: .conflict) }
        if verifiedHash != previous.contentHash { try checkCompiles(previous) }
        try checkLedgerRaise(
            tx, principal: principal, community: principal.communityID,
            ledger: try rules.compiledCache.readable(previous).ruleSet.ledger, rules: rules)
        try tx.db.execute(
            sql: "UPDATE rule_sets SET status = 'withdrawn', withdrawn_at = ? WHERE id = ?", arguments: [tx.now, current.id.rawValue])
        try tx.audit(
            principal.communityID, actor: actor, action: "rules.rolled_back", targetType: "rule_set", targetID: current.id.rawValue,
            reason: reason, before: ["active_version": String(current.version)], after: ["active_version": String(previous.version)])
        try announce(
            tx, community: principal.communityID, type: "rules.rolled_back", version: previous.version, hash: previous.contentHash,
            effectiveFrom: previous.effectiveFrom, rolledBack: current.version, reason: reason)
        try restoreSuperseded(tx, community: principal.communityID, by: current, actor: actor)
        return previous
    }

    /// Rolling back a version whose file `supersedes` another puts back the scheduled versions its
    /// activation withdrew (helper 129: rolling back a correction left the 2027 holiday version it
    /// had replaced withdrawn, so nothing was scheduled for 1 January any more, and the answer did
    /// not say so). Those withdrawn in the same transaction as its activation, numbered up to its
    /// `supersedes`, still due to start, are activated again, each audited (`rules.activated`,
    /// with the reason) and announced, when they still compile and would govern; one that would
    /// not stays withdrawn, as before.
    static func restoreSuperseded(_ tx: Transaction, community: CommunityID, by rolledBack: StoredRuleSet, actor: AuditActor) throws {
        guard let supersedes = rolledBack.supersedes, let activatedAt = rolledBack.activatedAt else { return }
        let withdrawn = try Row.fetchAll(
            tx.db,
            sql: """
                SELECT * FROM rule_sets
                WHERE community_id = ? AND status = 'withdrawn' AND version <= ? AND withdrawn_at = ? AND effective_from > ?
                ORDER BY version
                """,
            arguments: [community.rawValue, supersedes, activatedAt, tx.now]
        ).map(StoredRuleSet.init)
        for stored in withdrawn {
            do {
                try checkCompiles(stored)
                try checkPlaceInTime(tx, community: community, version: stored.version, effectiveFrom: stored.effectiveFrom)
            } catch is DomainError {
                continue
            }
            try tx.db.execute(
                sql: "UPDATE rule_sets SET status = 'activated', activated_at = ?, withdrawn_at = NULL WHERE id = ?",
                arguments: [tx.now, stored.id.rawValue])
            try tx.audit(
                community, actor: actor, action: "rules.activated", targetType: "rule_set", targetID: stored.id.rawValue,
                reason: "version \(rolledBack.version), which superseded it, was rolled back",
                before: ["status": "withdrawn"], after: ["status": "activated"])
            try announce(
                tx, community: community, type: "rules.activated", version: stored.version, hash: stored.contentHash,
                effectiveFrom: stored.effectiveFrom)
        }
    }

    /// 409 `rules.version_unreadable` for a stored version that no longer compiles (stored before
    /// a stricter check, or edited in the database): in force, it would make every use case of the
    /// community answer 503 `rules.active_version_unreadable`.
    private static func checkCompiles(_ stored: StoredRuleSet) throws {
        let report = RuleSetCompiler.check(stored.source, fileName: stored.fileName)
        if report.compiled == nil {
            throw CompiledRuleSetCache.unreadable(stored, RuleCheckFailure(diagnostics: report.diagnostics))
        }
    }

    /// The version a rollback at `now` would put back in force (the one the version in force
    /// replaced), if any: the API compiles it before its write transaction.
    public static func restoredByRollback(_ db: Database, community: CommunityID, at now: Date) throws -> StoredRuleSet? {
        guard let current = try active(db, community: community, at: now) else { return nil }
        return try activeRow(db, community: community, at: now, excluding: current.id)
    }

    /// Withdraws an activated version that has not taken effect yet, audited and announced.
    private static func withdraw(
        _ tx: Transaction, community: CommunityID, _ scheduled: StoredRuleSet, reason: String, actor: AuditActor
    ) throws {
        try tx.db.execute(
            sql: "UPDATE rule_sets SET status = 'withdrawn', withdrawn_at = ? WHERE id = ?", arguments: [tx.now, scheduled.id.rawValue])
        try tx.audit(
            community, actor: actor, action: "rules.withdrawn", targetType: "rule_set", targetID: scheduled.id.rawValue,
            reason: reason, before: ["status": "activated", "effective_from": AuditTimestamp.iso(scheduled.effectiveFrom)],
            after: ["status": "withdrawn"])
        try announce(
            tx, community: community, type: "rules.withdrawn", version: scheduled.version, hash: scheduled.contentHash,
            effectiveFrom: scheduled.effectiveFrom, reason: reason)
    }

    /// The activated version `version` when it has not taken effect yet.
    static func scheduled(_ db: Database, community: CommunityID, version: Int, after now: Date) throws -> StoredRuleSet? {
        try Row.fetchOne(
            db, sql: "SELECT * FROM rule_sets WHERE community_id = ? AND version = ? AND status = 'activated' AND effective_from > ?",
            arguments: [community.rawValue, version, now]
        ).map(StoredRuleSet.init)
    }

    /// A scheduled version withdrawn before its start: the rules in force stay as they are.
    private static func withdrawScheduled(
        _ tx: Transaction, principal: Principal, _ scheduled: StoredRuleSet, reason: String, actor: AuditActor
    ) throws -> StoredRuleSet {
        try withdraw(tx, community: principal.communityID, scheduled, reason: reason, actor: actor)
        // What its `supersedes` withdrew goes back on its schedule, as when one in force is rolled
        // back (helper 132).
        try restoreSuperseded(tx, community: principal.communityID, by: scheduled, actor: actor)
        guard let inForce = try active(tx.db, community: principal.communityID, at: tx.now) else {
            throw DomainError(code: "rules.no_active_version", category: .conflict)
        }
        return inForce
    }

    public static func fetch(_ db: Database, community: CommunityID, id: RuleSetID) throws -> StoredRuleSet {
        guard let row = try Row.fetchOne(
            db, sql: "SELECT * FROM rule_sets WHERE community_id = ? AND id = ?", arguments: [community.rawValue, id.rawValue])
        else { throw DomainError.notFound("rule_set", id: id.rawValue) }
        return try StoredRuleSet(row: row)
    }

    /// Every version, newest first.
    public static func list(_ db: Database, community: CommunityID) throws -> [StoredRuleSet] {
        try Row.fetchAll(
            db, sql: "SELECT * FROM rule_sets WHERE community_id = ? ORDER BY version DESC", arguments: [community.rawValue]
        ).map(StoredRuleSet.init)
    }

    /// The version in force at `now`: activated, with the latest `effective_from` not after `now`.
    public static func active(_ db: Database, community: CommunityID, at now: Date) throws -> StoredRuleSet? {
        try activeRow(db, community: community, at: now, excluding: nil)
    }

    static func activeRow(_ db: Database, community: CommunityID, at now: Date, excluding: RuleSetID?) throws -> StoredRuleSet? {
        try Row.fetchOne(
            db,
            sql: """
                SELECT * FROM rule_sets WHERE community_id = ? AND status = 'activated' AND effective_from <= ? AND id <> ?
                ORDER BY effective_from DESC, version DESC LIMIT 1
                """,
            arguments: [community.rawValue, now, excluding?.rawValue ?? ""]
        ).map(StoredRuleSet.init)
    }

    /// The `rules.*` event. `version` is the one the event is about as its type says: activated,
    /// withdrawn before its start, or, for `rules.rolled_back`, the one in force again, with
    /// `rolled_back_version` naming the one withdrawn. Each says when it governs from and whether
    /// it does now: a version activated for a later date read like one in force (helper 121).
    static func announce(
        _ tx: Transaction, community: CommunityID, type: String, version: Int, hash: String, effectiveFrom: Date,
        rolledBack: Int? = nil, reason: String? = nil
    ) throws {
        struct Payload: Encodable {
            let version: Int
            let contentHash: String
            let effectiveFrom: String
            let inForce: Bool
            let rolledBackVersion: Int?
            let reason: String?
            enum CodingKeys: String, CodingKey {
                case version, contentHash = "content_hash", effectiveFrom = "effective_from", inForce = "in_force"
                case rolledBackVersion = "rolled_back_version", reason
            }
        }
        try tx.emit(
            community, type: type, subject: "rules:\(community)",
            payload: Payload(
                version: version, contentHash: hash, effectiveFrom: AuditTimestamp.iso(effectiveFrom),
                inForce: type != "rules.withdrawn" && effectiveFrom <= tx.now, rolledBackVersion: rolledBack,
                reason: reason.flatMap { $0.isEmpty ? nil : $0 }))
    }

}
