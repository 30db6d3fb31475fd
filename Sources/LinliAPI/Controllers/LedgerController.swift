import Foundation
import HTTPTypes
import Hummingbird
import LinliDomain
import LinliStore
import NIOCore

/// The points ledger over HTTP: balances and statements (one's own, or anyone's with
/// `ledger.read_others`), the community summary, and the staff tools — rewards, donations,
/// adjustments and reversals — each one transaction with its audit entry and outbox event.
struct LedgerController {
    let dependencies: APIDependencies

    func register(on group: RouterGroup<LinliRequestContext>) {
        let store = dependencies.store
        let settings = dependencies.settings
        let rules = dependencies.listings.rules
        let bodyLimit = settings.maxBodyBytes

        group.get("/members/{id}/balance") { _, context in
            let id: MemberID = try RequestParameters.id(context)
            let principal = try context.requirePrincipal()
            if id != principal.memberID { try principal.require(.ledgerReadOthers) }
            let now = store.clock.now()
            let (account, held, limits) = try await store.read { db in
                _ = try MemberCommands.fetch(db, community: principal.communityID, id: id)
                return (
                    try LedgerAccounts.member(db, community: principal.communityID, member: id),
                    try LedgerAccounts.heldAmount(db, community: principal.communityID, member: id),
                    try rules.current(db, community: principal.communityID, at: now).ledger)
            }
            try await Self.recordRead(store, context, members: [id], what: .balance)
            return try JSONResponse.make(BalanceView(member: id, account: account, held: held, limits: limits))
        }
        group.get("/members/{id}/statement") { request, context in
            let id: MemberID = try RequestParameters.id(context)
            let principal = try context.requirePrincipal()
            if id != principal.memberID { try principal.require(.ledgerReadOthers) }
            let format: StatementFormat = try RequestParameters.enumeration(request, "format") ?? .json
            let page = try Self.statementPage(request, csv: format != .json, settings: settings)
            let now = store.clock.now()
            let (timezone, result, parties) = try await store.read { db -> (String, Page<StatementEntry>, PassbookParties) in
                _ = try MemberCommands.fetch(db, community: principal.communityID, id: id)
                let timezone = try CommunityCommands.fetch(db, id: principal.communityID).timezone
                let filter = try LedgerParameters.statementFilter(request, timeZoneID: timezone)
                let read = try LedgerStatementQueries.statement(db, community: principal.communityID, member: id, filter: filter, page: page)
                // Which case an upheld-report reward was for names the reporter: only those who may
                // read the case see it, here as on the transfer itself.
                // And whom a case's compensation paid: usually the one who reported the payer.
                let shown = try UpheldReportRewardPrivacy.statement(db, principal: principal, member: id, read)
                let visible = try CaseCompensationPrivacy.statement(db, principal: principal, member: id, shown)
                // Reward lines read by the reward's name in the rule file in force. Without a
                // readable version they read by their category: a member's own points stay
                // readable while organizers mend the rules (helper 170 #2; a suspended member may
                // still read hers).
                let rewards: [String: RewardKind]
                do {
                    rewards = try rules.current(db, community: principal.communityID, at: now).ledger.rewards
                } catch let error as DomainError where ["rules.active_version_unreadable", "rules.no_active_version"].contains(error.code) {
                    rewards = [:]
                }
                let lines = Page(items: visible.items.map { $0.with(rewards: rewards) }, nextAfter: visible.nextAfter)
                guard format == .passbook else { return (timezone, lines, PassbookParties()) }
                return (timezone, lines, try LedgerStatementQueries.passbookParties(db, principal: principal, member: id, lines: lines.items, now: now))
            }
            try await Self.recordRead(store, context, members: [id], what: .statement, format: format.rawValue)
            let language = context.language
            switch format {
            case .json: return try JSONResponse.make(PageView(result, for: request) { StatementEntryView($0, language: language) })
            case .csv:
                let body = StatementCSV.render(result.items, timeZone: Community.timeZone(timezone), language: language)
                return Self.csvResponse(result, body: body, filename: "statement-\(id).csv", request: request)
            case .passbook:
                let body = PassbookCSV.render(result.items, parties: parties, timeZoneID: timezone, language: language)
                return Self.csvResponse(result, body: body, filename: "passbook-\(id).csv", request: request)
            }
        }
        group.get("/ledger/summary") { request, context in
            let principal = try context.requirePrincipal()
            try principal.require(.ledgerReadSummary)
            let days = try LedgerParameters.windowDays(request)
            let now = store.clock.now()
            let summary = try await store.read { db in
                try LedgerSummaryQueries.summary(db, community: principal.communityID, windowDays: days, now: now)
            }
            return try JSONResponse.make(LedgerSummaryView(summary, withholdingMemberFigures: summary.withholdsMemberFigures(from: principal)))
        }
        group.get("/ledger/transfers/{id}") { _, context in
            let id: TransferID = try RequestParameters.id(context)
            let principal = try context.requirePrincipal()
            let (transfer, withheld, reason) = try await store.read { db in
                let transfer = try LedgerTransfers.fetch(db, community: principal.communityID, id: id)
                // Parties see their own transfers; others need ledger.read_others (and get 404 rather
                // than 403 otherwise, so transfer ids cannot be probed).
                guard principal.can(.ledgerReadOthers) || transfer.postings.contains(where: { $0.account == .member(principal.memberID) })
                else { throw DomainError.notFound("transfer", id: id.rawValue) }
                // The same rules as the statement: an upheld-report reward's case, and whom a case's
                // compensation paid, only to those who may read the case.
                return (
                    try UpheldReportRewardPrivacy.transfer(db, principal: principal, transfer),
                    try CaseCompensationPrivacy.withheldAccounts(db, principal: principal, transfer),
                    try CaseCompensationPrivacy.reason(db, principal: principal, transfer)
                )
            }
            // A party reads their own transfer; staff reading someone else's leave a trace for each member in it.
            // A party — staff too — sees only their own balance after it: what the other side has
            // left is a read of their points, which a party's read does not record.
            let members = transfer.postings.map(\.account).filter { !withheld.contains($0) }.compactMap(\.memberID)
            let party = members.contains(principal.memberID)
            if !party {
                try await Self.recordRead(store, context, members: members, what: .transfer, transferID: transfer.id)
            }
            let balancesOf = party || !principal.can(.ledgerReadOthers) ? principal.memberID : nil
            return try JSONResponse.make(TransferView(
                transfer, language: context.language, balancesOf: balancesOf, withholding: withheld,
                namingActorTo: principal.can(.ledgerReadOthers) ? nil : principal.memberID, reason: reason))
        }
        group.get("/members/{id}/ledger-reads") { request, context in
            let id: MemberID = try RequestParameters.id(context)
            let principal = try context.requirePrincipal()
            let page = try RequestParameters.page(request, settings: settings)
            let reads = try await store.read { db in try LedgerReadLog.list(db, principal: principal, member: id, page: page) }
            return try JSONResponse.make(PageView(reads, for: request, LedgerReadView.init))
        }
        group.post("/ledger/rewards") { request, context in
            let principal = try context.requirePrincipal()
            try principal.require(.ledgerGrantReward)
            let input = try await JSONBody.decode(RewardInput.self, from: request, limit: bodyLimit)
            let key = LedgerParameters.idempotencyKey(request, principal: principal, fresh: store.ids.nextBody())
            let actor = try context.auditActor()
            let result = try await Self.keyedByTheLedger(store) { tx in
                let limits = try rules.current(tx.db, community: principal.communityID, at: tx.now).ledger
                return try LedgerRewardCommands.grant(
                    tx, community: principal.communityID, principal: principal, input: input, idempotencyKey: key, actor: actor,
                    limits: limits)
            }
            return try Self.posted(result, context: context)
        }
        group.post("/ledger/donations") { request, context in
            let principal = try context.requirePrincipal()
            try principal.require(.ledgerConvertDonation)
            let input = try await JSONBody.decode(DonationInput.self, from: request, limit: bodyLimit)
            let key = LedgerParameters.idempotencyKey(request, principal: principal, fresh: store.ids.nextBody())
            let actor = try context.auditActor()
            let result = try await Self.keyedByTheLedger(store) { tx in
                let limits = try rules.current(tx.db, community: principal.communityID, at: tx.now).ledger
                return try LedgerRewardCommands.convertDonation(
                    tx, community: principal.communityID, principal: principal, input: input, idempotencyKey: key, actor: actor,
                    limits: limits)
            }
            return try Self.posted(result, context: context)
        }
        group.post("/ledger/adjustments") { request, context in
            let principal = try context.requirePrincipal()
            try principal.require(.ledgerAdjust)
            let input = try await JSONBody.decode(AdjustmentInput.self, from: request, limit: bodyLimit)
            let key = LedgerParameters.idempotencyKey(request, principal: principal, fresh: store.ids.nextBody())
            let actor = try context.auditActor()
            let result = try await Self.keyedByTheLedger(store) { tx in
                let limits = try rules.current(tx.db, community: principal.communityID, at: tx.now).ledger
                return try LedgerCorrectionCommands.adjust(
                    tx, community: principal.communityID, principal: principal, input: input, idempotencyKey: key, actor: actor,
                    limits: limits)
            }
            return try Self.posted(result, context: context)
        }
        group.post("/ledger/transfers/{id}/reversal") { request, context in
            let id: TransferID = try RequestParameters.id(context)
            let principal = try context.requirePrincipal()
            try principal.require(.ledgerReverse)
            let input = try await JSONBody.decode(ReversalInput.self, from: request, limit: bodyLimit)
            let key = LedgerParameters.idempotencyKey(request, principal: principal, fresh: store.ids.nextBody())
            let actor = try context.auditActor()
            let result = try await Self.keyedByTheLedger(store) { tx in
                let limits = try rules.current(tx.db, community: principal.communityID, at: tx.now).ledger
                return try LedgerCorrectionCommands.reverse(
                    tx, community: principal.communityID, principal: principal, transfer: id, input: input, idempotencyKey: key,
                    actor: actor, limits: limits)
            }
            return try Self.posted(result, context: context)
        }
    }

    /// A ledger write under the request's own `Idempotency-Key`, which keys the transfer
    /// (`LedgerParameters.idempotencyKey`): the ledger itself answers a retry with the transfer
    /// already posted (200), even after a crash before the response was stored, so the write does
    /// not mark the request's claim applied (`IdempotencyScope`), which would answer that retry
    /// 409 `idempotency.answer_lost` instead.
    static func keyedByTheLedger<T: Sendable>(
        _ store: Store, _ body: @Sendable @escaping (Transaction) throws -> T
    ) async throws -> T {
        try await IdempotencyScope.$current.withValue(nil) { try await store.transaction(body) }
    }

    /// 201 with the new transfer, or 200 with the earlier one when the key had been used for it.
    /// Only the caller's own balance after it is shown: staff granting, adjusting or reversing
    /// learn another member's balance through a read that is recorded (statement, transfer), not
    /// from the answer to a write (nor from its replay, which the idempotency store keeps as sent):
    /// neither its balances after nor its warnings (a near-limit warning states the balance).
    static func posted(_ result: LedgerPoster.Result, context: LinliRequestContext) throws -> Response {
        try JSONResponse.make(
            TransferView(
                result.transfer, replayed: result.replayed, warnings: try LedgerWarningAudience.own(result.warnings, context: context),
                language: context.language,
                balancesOf: try context.requirePrincipal().memberID),
            status: result.replayed ? .ok : .created, location: "/v1/ledger/transfers/\(result.transfer.id)")
    }

    /// JSON pages follow the API's page sizes; a CSV export may ask for up to
    /// `LedgerStatementQueries.maxLines` lines at once (and gets them all by default).
    static func statementPage(_ request: Request, csv: Bool, settings: APISettings) throws -> PageRequest {
        guard csv else { return try RequestParameters.page(request, settings: settings) }
        var exportSettings = settings
        exportSettings.defaultPageSize = LedgerStatementQueries.maxLines
        exportSettings.maxPageSize = LedgerStatementQueries.maxLines
        return try RequestParameters.page(request, settings: exportSettings)
    }

    /// Records, before the answer goes out, that the caller read these members' points
    /// (`LedgerReadLog`; nothing for the caller's own). A read that cannot be recorded fails.
    static func recordRead(
        _ store: Store, _ context: LinliRequestContext, members: [MemberID], what: LedgerRead.What, transferID: TransferID? = nil,
        format: String? = nil
    ) async throws {
        let principal = try context.requirePrincipal()
        guard members.contains(where: { $0 != principal.memberID }) else { return }
        let actor = try context.auditActor()
        try await store.transaction { tx in
            try LedgerReadLog.record(
                tx, community: principal.communityID, actor: actor, members: members, what: what, transferID: transferID, format: format)
        }
    }

    /// What a statement is answered as: JSON pages, the CSV export for spreadsheets, or the
    /// passbook to print (`PassbookCSV`).
    enum StatementFormat: String, CaseIterable {
        case json, csv, passbook
    }

    /// A CSV answer, with the next page's cursor in `Linli-Next-Cursor` when there is more.
    static func csvResponse(_ page: Page<StatementEntry>, body: String, filename: String, request: Request) -> Response {
        var headers: HTTPFields = [
            .contentType: "text/csv; charset=utf-8",
            .contentDisposition: "attachment; filename=\"\(filename)\"",
        ]
        if let next = page.nextAfter { headers[.linliNextCursor] = Cursor.encode(next, scope: Cursor.scope(of: request)) }
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(string: body)))
    }
}

extension HTTPField.Name {
    /// The cursor of the next page of a CSV export (JSON pages carry it in the body).
    static let linliNextCursor = HTTPField.Name("Linli-Next-Cursor")!
}
