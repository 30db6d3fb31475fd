import Foundation
import HTTPTypes
import Hummingbird
import LinliDomain
import LinliStore
import LinliTrust

/// Reports, moderation cases, appeals and stored fraud signals over HTTP. Every write is one
/// transaction of the matching use case (which audits and emits); this only decodes and encodes.
struct CasesController {
    let dependencies: APIDependencies

    enum SignalStatus: String, CaseIterable {
        case open
        case dismissed
    }

    func register(on group: RouterGroup<LinliRequestContext>) {
        let store = dependencies.store
        let limit = dependencies.settings.maxBodyBytes
        let services = dependencies.listings
        let rules = dependencies.listings.rules

        group.post("/reports") { request, context in
            let principal = try context.requirePrincipal()
            try principal.require(.reportCreate)
            let input = try await JSONBody.decode(ReportInput.self, from: request, limit: limit)
            let result = try await store.transaction { tx in
                let policies = try TrustPolicies.active(tx.db, community: principal.communityID, at: tx.now, rules: rules)
                return try ReportCommands.file(tx, principal: principal, input: input, policies: policies)
            }
            return try JSONResponse.make(ReportView(result.report), status: .created)
        }
        group.get("/cases") { request, context in
            let principal = try context.requirePrincipal()
            try principal.require(.caseManage)
            let status: ModerationCase.Status = try RequestParameters.enumeration(request, "status") ?? .open
            let page = try RequestParameters.page(request, settings: dependencies.settings)
            let (cases, briefs) = try await store.read { db in
                let cases = try CaseQueries.list(db, principal: principal, status: status, page: page)
                return (cases, try CaseQueries.reportsBriefs(db, community: principal.communityID, cases: cases.items))
            }
            return try JSONResponse.make(PageView(cases, for: request) { CaseView($0, reports: briefs[$0.id] ?? .none) })
        }
        group.get("/cases/{id}") { _, context in
            let id: CaseID = try RequestParameters.id(context)
            let principal = try context.requirePrincipal()
            try principal.require(.caseManage)
            let detail = try await store.read { db in try CaseQueries.detail(db, principal: principal, id: id) }
            return try JSONResponse.make(CaseDetailView(detail, language: context.language), version: detail.moderationCase.version)
        }
        group.post("/cases/{id}/claim") { request, context in
            let id: CaseID = try RequestParameters.id(context)
            let principal = try context.requirePrincipal()
            try principal.require(.caseManage)
            let version = try RequestParameters.expectedVersion(request)
            let actor = try context.auditActor()
            let claimed = try await store.transaction { tx in
                let lease = try services.policy(tx.db, community: principal.communityID, at: tx.now).claimLeaseSeconds
                return try CaseCommands.claim(tx, principal: principal, id: id, leaseSeconds: lease, expectedVersion: version, actor: actor)
            }
            return try JSONResponse.make(CaseView(claimed), version: claimed.version)
        }
        group.post("/cases/{id}/notes") { request, context in
            let id: CaseID = try RequestParameters.id(context)
            let principal = try context.requirePrincipal()
            try principal.require(.caseManage)
            let body = try await JSONBody.decode(TextBody.self, from: request, limit: limit)
            let actor = try context.auditActor()
            let note = try await store.transaction { tx in
                try CaseCommands.addNote(tx, principal: principal, id: id, text: body.text, actor: actor)
            }
            // Notes are read as part of their case.
            return try JSONResponse.make(["id": note.rawValue], status: .created, location: "/v1/cases/\(id)")
        }
        group.post("/cases/{id}/resolution") { request, context in
            let id: CaseID = try RequestParameters.id(context)
            let principal = try context.requirePrincipal()
            try principal.require(.caseManage)
            let input = try await JSONBody.decode(CaseResolutionInput.self, from: request, limit: limit)
            let version = try RequestParameters.expectedVersion(request)
            let actor = try context.auditActor()
            let result: (moderationCase: ModerationCase, actions: [CaseAction])
            do {
                result = try await store.transaction { tx in
                    let limits = try rules.current(tx.db, community: principal.communityID, at: tx.now).ledger
                    let policies = try TrustPolicies.active(tx.db, community: principal.communityID, at: tx.now, rules: rules)
                    return try CaseCommands.resolve(
                        tx, principal: principal, id: id, input: input, policies: policies, services: services, limits: limits,
                        expectedVersion: version, actor: actor)
                }
            } catch let refusal as DomainError where refusal.code == "case.compensation_past_credit_limit" {
                // The refusal tells the moderator the offender's balance: a read of her points,
                // recorded as any other is (helper 154 #3), beside the refused change.
                if let member = refusal.parameters["member_id"] {
                    try await store.transactionBeside { tx in
                        try LedgerReadLog.record(
                            tx, community: principal.communityID, actor: actor, members: [MemberID(trusted: member)], what: .balance)
                    }
                }
                throw refusal
            }
            return try JSONResponse.make(
                ResolutionView(moderationCase: CaseView(result.moderationCase), actions: result.actions.map(ActionView.init)),
                version: result.moderationCase.version)
        }
        group.get("/members/{id}/trust-history") { _, context in
            let id: MemberID = try RequestParameters.id(context)
            let principal = try context.requirePrincipal()
            try principal.require(.caseManage)
            let history = try await store.read { db in try CaseCommands.history(db, principal: principal, member: id) }
            return try JSONResponse.make(HistoryView(history, language: context.language))
        }
        group.post("/case-actions/{id}/appeal") { request, context in
            let id: CaseActionID = try RequestParameters.id(context)
            let principal = try context.requirePrincipal()
            let body = try await JSONBody.decode(AppealInput.self, from: request, limit: limit)
            let actor = try context.auditActor()
            let appeal = try await store.transaction { tx in
                let policies = try TrustPolicies.active(tx.db, community: principal.communityID, at: tx.now, rules: rules)
                return try AppealCommands.file(
                    tx, principal: principal, action: id, text: body.text, note: body.note, policies: policies, actor: actor)
            }
            return try JSONResponse.make(AppealView(appeal), status: .created)
        }
        group.get("/members/{id}/appealable-actions") { _, context in
            let id: MemberID = try RequestParameters.id(context)
            let principal = try context.requirePrincipal()
            let actor = try context.auditActor()
            let actions = try await store.transaction { tx in
                let policies = try TrustPolicies.active(tx.db, community: principal.communityID, at: tx.now, rules: rules)
                return try AppealQueries.readAppealable(
                    tx, principal: principal, member: id, windowDays: policies.moderation.appealWindowDays, actor: actor)
            }
            return try JSONResponse.make(PageView(items: actions.map(AppealableActionView.init), nextCursor: nil))
        }
        group.get("/appeals") { request, context in
            let principal = try context.requirePrincipal()
            let status: Appeal.Status = try RequestParameters.enumeration(request, "status") ?? .pending
            let page = try RequestParameters.page(request, settings: dependencies.settings)
            let appeals = try await store.read { db in try AppealQueries.list(db, principal: principal, status: status, page: page) }
            return try JSONResponse.make(PageView(appeals, for: request) { AppealView($0) })
        }
        group.post("/appeals/{id}/decision") { request, context in
            let id: AppealID = try RequestParameters.id(context)
            let principal = try context.requirePrincipal()
            try principal.require(.caseManage)
            let body = try await JSONBody.decode(AppealDecisionInput.self, from: request, limit: limit)
            let actor = try context.auditActor()
            let appeal = try await store.transaction { tx in
                let limits = try rules.current(tx.db, community: principal.communityID, at: tx.now).ledger
                return try AppealCommands.decide(
                    tx, principal: principal, id: id, overturn: body.overturn, reason: body.reason, limits: limits,
                    listings: services, actor: actor)
            }
            return try JSONResponse.make(AppealView(appeal))
        }
        group.get("/fraud-signals") { request, context in
            let principal = try context.requirePrincipal()
            try principal.require(.caseManage)
            let status: SignalStatus = try RequestParameters.enumeration(request, "status") ?? .open
            let page = try RequestParameters.page(request, settings: dependencies.settings)
            let stored = try await store.read { db in
                try FraudSignalCommands.list(db, principal: principal, dismissed: status == .dismissed, page: page)
            }
            return try JSONResponse.make(PageView(stored, for: request) { SignalView($0, language: context.language) })
        }
        group.post("/fraud-signals/{id}/dismissal") { request, context in
            let id: FraudSignalID = try RequestParameters.id(context)
            let principal = try context.requirePrincipal()
            try principal.require(.caseManage)
            let body = try await JSONBody.decode(ReasonBody.self, from: request, limit: limit)
            let actor = try context.auditActor()
            let stored = try await store.transaction { tx in
                try FraudSignalCommands.dismiss(tx, principal: principal, id: id, reason: body.reason, actor: actor)
            }
            return try JSONResponse.make(SignalView(stored, language: context.language))
        }
    }
}
