import Foundation
import GRDB
import LinliDelivery
import LinliDomain

extension WebhookQueue {
    /// Writes attempts, message states and endpoint health; disables endpoints and raises
    /// `endpoint.failing` events as decided (each also told to the inboxes of those who manage
    /// webhooks, `EndpointFailureNotices`). One transaction for a whole batch of results.
    ///
    /// Hot path (one message update and one attempt row per delivery): cached statements, messages
    /// updated by rowid when the worker knows it (checked against the id, so a rowid that no longer
    /// names the message — after a VACUUM, say — falls back to the id), attempts inserted many rows
    /// per statement, dates bound in their stored text form (GRDB's own Date encoding goes through a
    /// DateFormatter per value), and an endpoint's health written once per batch, as its last
    /// result left it, instead of once per result.
    ///
    /// A retry does not bring back a message cancelled while it was being sent (its endpoint
    /// disabled, or no longer taking its event type): a result that leaves the message pending is
    /// written only over a pending row. A final result (delivered, failed) is written as it is.
    ///
    /// Returns the endpoints this batch disabled (a result that decided to disable one already
    /// disabled, or whose decision was stale, disabled nothing: the service log says so).
    @discardableResult
    public static func record(_ tx: Transaction, _ writes: [DeliveryWrite]) throws -> Set<String> {
        let assignments = """
            status = ?, attempts = ?, consecutive_failures = ?, next_attempt_at = ?, parts_delivered = ?,
                last_failure_code = ?, last_failure_detail = ?, finished_at = ?
            """
        let stillPending = "(status = 'pending' OR ? <> 'pending')"
        let updateByRow = try tx.db.cachedStatement(
            sql: "UPDATE webhook_messages SET \(assignments) WHERE rowid = ? AND id = ? AND \(stillPending)")
        let updateByID = try tx.db.cachedStatement(sql: "UPDATE webhook_messages SET \(assignments) WHERE id = ? AND \(stillPending)")
        var attempts: [(write: DeliveryWrite, id: String)] = []
        var versions: [String: (version: Int, failingSince: Date?, updatedAt: Date, url: String?)?] = [:]
        attempts.reserveCapacity(writes.count)
        var health: [String: EndpointHealth] = [:]
        var pauses: [(endpointID: String, until: Date, sentTo: String?)] = []
        var endpointsRead: [String: (format: EndpointFormat, url: String)?] = [:]
        var disabled: Set<String> = []
        for write in writes {
            let decision = write.decision
            let message = decision.message
            let state = { (bind: inout RawBindings) in
                bind.bind(message.status.rawValue)
                bind.bind(message.attempts)
                bind.bind(message.consecutiveFailures)
                bind.bind(StoredTime.text(message.nextAttemptAt))
                bind.bind(message.partsDelivered)
                bind.bind(message.lastFailure?.code)
                bind.bind(message.lastFailure?.detail)
                bind.bind(StoredTime.text(message.finishedAt))
            }
            if let rowID = write.rowID {
                try RawBindings.execute(updateByRow) { bind in
                    state(&bind)
                    bind.bind(rowID)
                    bind.bind(write.messageID.rawValue)
                    bind.bind(message.status.rawValue)
                }
            }
            if write.rowID == nil || tx.db.changesCount == 0 {
                try RawBindings.execute(updateByID) { bind in
                    state(&bind)
                    bind.bind(write.messageID.rawValue)
                    bind.bind(message.status.rawValue)
                }
            }
            let attempt = decision.attempt
            let attemptID: WebhookAttemptID = tx.ids.next()
            attempts.append((write, attemptID.rawValue))
            // Health decided on a failing streak an edit since cleared is stale
            // (`DeliveryWrite.isStale`, helper 171 #4): not written, and it neither disables the
            // endpoint nor reports it failing. Each endpoint is read once per batch, before any
            // disable below.
            var stale = false
            if write.endpointVersion != nil || write.plannedVersion != nil || write.sentTo != nil {
                if versions[attempt.endpointID] == nil {
                    versions[attempt.endpointID] = try Row.fetchOne(
                        tx.db.cachedStatement(sql: "SELECT version, failing_since, updated_at, url FROM webhook_endpoints WHERE id = ?"),
                        arguments: [attempt.endpointID]
                    ).map { (version: $0["version"], failingSince: $0["failing_since"], updatedAt: $0["updated_at"], url: $0["url"]) }
                }
                if let current = versions[attempt.endpointID] ?? nil {
                    stale = write.isStale(
                        version: current.version, failingSince: current.failingSince, updatedAt: current.updatedAt, url: current.url)
                }
            }
            if !stale { health[attempt.endpointID] = decision.health }
            if case .retry(_?, _) = decision.outcome {
                // Whether the delay pauses the endpoint depends on its format (a consumer's 429, a
                // chat robot's limit): read once per endpoint, only for a delayed retry.
                if endpointsRead[attempt.endpointID] == nil {
                    endpointsRead[attempt.endpointID] = try Row.fetchOne(
                        tx.db.cachedStatement(sql: "SELECT format, url FROM webhook_endpoints WHERE id = ?"), arguments: [attempt.endpointID]
                    ).flatMap { row in EndpointFormat(rawValue: row["format"]).map { ($0, row["url"]) } }
                }
                if let (format, url) = endpointsRead[attempt.endpointID] ?? nil,
                   let pause = ResponseClassifier.pause(of: decision.outcome, format: format)
                {
                    let until = decision.decidedAt.addingTimeInterval(pause)
                    if format.isChat {
                        // The robot that answered is blocked, wherever its endpoint sends now.
                        if let robot = RobotPauses.robot(url: write.sentTo ?? url, format: format) {
                            try RobotPauses.hold(tx.db, robot: robot, format: format, until: until)
                        }
                    } else {
                        pauses.append((attempt.endpointID, until, write.sentTo))
                    }
                }
            }
            // Several sends to one endpoint may fail at once (a receiver answering 410 to all of
            // them), each result deciding to disable it: the first one written disables it, tells
            // the staff group and cancels the rest; the others change nothing.
            var disabledNow = false
            if let reason = decision.disableEndpoint, !stale {
                try tx.db.execute(
                    sql: """
                        UPDATE webhook_endpoints SET enabled = 0, disabled_reason = ?, updated_at = ?, version = version + 1
                        WHERE id = ? AND enabled = 1
                        """,
                    arguments: [reason.description, tx.now, attempt.endpointID])
                disabledNow = tx.db.changesCount == 1
                if disabledNow {
                    disabled.insert(attempt.endpointID)
                    try WebhookEndpointCommands.cancelPending(
                        tx, endpoint: WebhookEndpointID(trusted: attempt.endpointID), reason: reason.description)
                    try tx.audit(
                        write.communityID, actor: .system, action: "webhook.endpoint_disabled", targetType: "webhook_endpoint",
                        targetID: attempt.endpointID, reason: reason.description)
                }
            }
            let alreadyDisabled = decision.disableEndpoint != nil && !disabledNow
            if let reason = decision.raiseEndpointFailing, !alreadyDisabled, !stale,
               try firstReportOfFailure(tx, endpointID: attempt.endpointID, disabling: disabledNow, health: decision.health)
            {
                // The chat templates show which endpoint is failing by its description and URL
                // (masked as everywhere else it is shown: its query may hold a robot's key).
                let row = try Row.fetchOne(
                    tx.db, sql: "SELECT url, description FROM webhook_endpoints WHERE id = ?", arguments: [attempt.endpointID])
                let description: String = row?["description"] ?? ""
                let maskedURL = (row?["url"] as String?).map(SecretMasker.maskURL) ?? ""
                try tx.emit(
                    write.communityID, type: OutboundEvent.Kind.endpointFailing, subject: "endpoint:\(attempt.endpointID)",
                    payload: EndpointFailingPayload(
                        endpointID: attempt.endpointID, endpointDescription: description, endpointURL: maskedURL,
                        messageID: write.messageID.rawValue, reasonCode: reason.code, reason: reason.detail, disabled: disabledNow))
                try EndpointFailureNotices.tell(
                    tx, community: write.communityID, endpointID: attempt.endpointID, description: description, maskedURL: maskedURL,
                    reasonCode: reason.code, reason: reason.detail, disabled: disabledNow)
            }
        }
        try attemptInsert.execute(tx.db, rows: attempts) { row, bind in
            let attempt = row.write.decision.attempt
            let duration = attempt.duration.components
            bind.bind(row.id)
            bind.bind(row.write.communityID.rawValue)
            bind.bind(row.write.messageID.rawValue)
            bind.bind(attempt.endpointID)
            bind.bind(attempt.number)
            bind.bind(attempt.part)
            bind.bind(StoredTime.text(attempt.startedAt))
            bind.bind(Double(duration.seconds) * 1000 + Double(duration.attoseconds) / 1e15)
            bind.bind(attempt.statusCode)
            bind.bind(attempt.outcome)
            bind.bind(attempt.failure?.code)
            bind.bind(attempt.failure?.detail)
            bind.bind(attempt.responseExcerpt)
        }
        let updateHealth = try tx.db.cachedStatement(
            sql: "UPDATE webhook_endpoints SET failing_since = ?, last_success_at = ?, last_failure_at = ? WHERE id = ?")
        for (endpointID, health) in health {
            try updateHealth.execute(arguments: [
                StoredTime.text(health.failingSince), StoredTime.text(health.lastSuccessAt), StoredTime.text(health.lastFailureAt), endpointID,
            ])
        }
        // A `standard` receiver's pause (a chat robot's is the robot's, `RobotPauses`); never
        // shortened by a later, shorter answer (times in one text form compare as text); not by
        // an answer from an address the endpoint no longer sends to (helpers 165 #3, 166 #1).
        let updatePause = try tx.db.cachedStatement(
            sql: """
                UPDATE webhook_endpoints SET paused_until = ?1
                WHERE id = ?2 AND format = 'standard' AND (paused_until IS NULL OR paused_until < ?1) AND (?3 IS NULL OR url = ?3)
                """)
        for pause in pauses {
            try updatePause.execute(arguments: [StoredTime.text(pause.until), pause.endpointID, pause.sentTo])
        }
        return disabled
    }

    /// Whether this `endpoint.failing` is news: always when the endpoint is being disabled;
    /// for a message that used up its retries, only the first of the endpoint's failing period
    /// (`failing_since`, migration 0020: `failing_reported_for`). Every message of an endpoint that is down runs out of
    /// retries in turn, and the same news once per message would flood the staff group. Marks
    /// it reported, in the same transaction, so the rest of the batch sees it.
    static func firstReportOfFailure(_ tx: Transaction, endpointID: String, disabling: Bool, health: EndpointHealth) throws -> Bool {
        // The period is named by when it began: a new period (after a success) has a new start,
        // whenever it is recorded relative to the last report.
        let period = health.failingSince.map { StoredTime.text($0) } ?? tx.nowText
        if !disabling {
            let reported = try String.fetchOne(
                tx.db, sql: "SELECT failing_reported_for FROM webhook_endpoints WHERE id = ?", arguments: [endpointID])
            if reported == period { return false }
        }
        try tx.db.execute(sql: "UPDATE webhook_endpoints SET failing_reported_for = ? WHERE id = ?", arguments: [period, endpointID])
        return true
    }

    /// Attempt log rows, many per statement.
    static let attemptInsert = MultiRowInsert(
        table: "webhook_attempts",
        columns: """
            id, community_id, message_id, endpoint_id, number, part, started_at, duration_ms, status_code, outcome, failure_code,
                failure_detail, response_excerpt
            """,
        row: "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
}

/// The data of an `endpoint.failing` event (what organizers' other endpoints receive).
struct EndpointFailingPayload: Encodable {
    let endpointID: String
    let endpointDescription: String
    /// Masked (`SecretMasker.maskURL`).
    let endpointURL: String
    let messageID: String
    let reasonCode: String
    /// The transport's or the receiver's own words (often English, a robot's errmsg).
    let reason: String
    /// Why, in words an organizer can act on, for each group's language (`WebhookFailureWords`, as
    /// the inbox says it): the staff group read "receiver answered 410 Gone" (helper 162 #4).
    let reasonZh: String
    let reasonEn: String
    let disabled: Bool

    init(
        endpointID: String, endpointDescription: String, endpointURL: String, messageID: String, reasonCode: String, reason: String,
        disabled: Bool
    ) {
        self.endpointID = endpointID
        self.endpointDescription = endpointDescription
        self.endpointURL = endpointURL
        self.messageID = messageID
        self.reasonCode = reasonCode
        self.reason = reason
        reasonZh = WebhookFailureWords.text(code: reasonCode, detail: reason, in: .zhCN)
        reasonEn = WebhookFailureWords.text(code: reasonCode, detail: reason, in: .en)
        self.disabled = disabled
    }

    enum CodingKeys: String, CodingKey {
        case endpointID = "endpoint_id", endpointDescription = "endpoint_description", endpointURL = "endpoint_url"
        case messageID = "message_id", reasonCode = "reason_code", reason, reasonZh = "reason_zh", reasonEn = "reason_en", disabled
    }
}
