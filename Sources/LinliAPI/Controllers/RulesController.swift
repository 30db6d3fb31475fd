import Foundation
import Hummingbird
import LinliDomain
import LinliRules
import LinliStore

/// `/v1/rules`: the community's rule-file versions. Everyone may read them (residents deserve to
/// see how points are computed); organizers and admins upload, activate and roll back.
struct RulesController {
    let dependencies: APIDependencies
    let cache: CompiledRuleSetCache

    /// Rule files are small; this matches the engine's own file-size limit.
    static let maxRuleFileBytes = 256 * 1024
    static let yamlMediaTypes: Set<String> = ["application/yaml", "application/x-yaml", "text/yaml", "text/x-yaml", "text/plain"]

    func register(on group: RouterGroup<LinliRequestContext>) {
        let store = dependencies.store
        let cache = self.cache
        group.get("/rules") { _, context in
            let principal = try context.requirePrincipal()
            try principal.require(.rulesRead)
            let now = store.clock.now()
            let (versions, active) = try await store.read { db in
                (try RuleSetCommands.list(db, community: principal.communityID),
                 try RuleSetCommands.active(db, community: principal.communityID, at: now))
            }
            return try JSONResponse.make(RuleSetListView(items: versions.map { RuleSetSummaryView($0, activeID: active?.id) }))
        }
        group.post("/rules") { request, context in
            let principal = try context.requirePrincipal()
            try principal.require(.rulesManage)
            let source = try await Self.readRuleFile(request)
            let actor = try context.auditActor()
            // Checked on the request's own thread, not under the single writer.
            let checked = RuleSetCompiler.check(source.text, fileName: source.fileName)
            let stored = try await store.transaction { tx in
                try RuleSetCommands.upload(
                    tx, community: principal.communityID, source: source, checked: checked, principal: principal, actor: actor,
                    activate: false)
            }
            return try JSONResponse.make(
                RuleSetDetailView(stored, activeID: nil, language: context.language), status: .created,
                location: "/v1/rules/\(stored.id)")
        }
        group.get("/rules/active") { _, context in
            let principal = try context.requirePrincipal()
            try principal.require(.rulesRead)
            let now = store.clock.now()
            guard let active = try await store.read({ db in try RuleSetCommands.active(db, community: principal.communityID, at: now) })
            else { throw DomainError(code: "rules.no_active_version", category: .notFound) }
            return try JSONResponse.make(RuleSetDetailView(active, activeID: active.id, language: context.language))
        }
        group.get("/rules/{id}") { _, context in
            let id: RuleSetID = try RequestParameters.id(context)
            let principal = try context.requirePrincipal()
            try principal.require(.rulesRead)
            let now = store.clock.now()
            let (stored, active) = try await store.read { db in
                (try RuleSetCommands.fetch(db, community: principal.communityID, id: id),
                 try RuleSetCommands.active(db, community: principal.communityID, at: now))
            }
            return try JSONResponse.make(RuleSetDetailView(stored, activeID: active?.id, language: context.language))
        }
        group.post("/rules/{id}/activate") { _, context in
            let id: RuleSetID = try RequestParameters.id(context)
            let principal = try context.requirePrincipal()
            try principal.require(.rulesManage)
            let actor = try context.auditActor()
            // Compiled (or found compiled) before the write transaction, not under the single writer.
            let version = try await store.read { db in try RuleSetCommands.fetch(db, community: principal.communityID, id: id) }
            let verified = try cache.readable(version).header.contentHash
            let (stored, active) = try await store.transaction { tx in
                let stored = try RuleSetCommands.activate(
                    tx, principal: principal, id: id, verifiedHash: verified, actor: actor, rules: dependencies.listings.rules)
                return (stored, try RuleSetCommands.active(tx.db, community: principal.communityID, at: tx.now))
            }
            return try JSONResponse.make(RuleSetDetailView(stored, activeID: active?.id, language: context.language))
        }
        group.post("/rules/rollback") { request, context in
            let principal = try context.requirePrincipal()
            try principal.require(.rulesManage)
            let input = try await JSONBody.decode(RollbackInput.self, from: request, limit: dependencies.settings.maxBodyBytes)
            try input.validate()
            let actor = try context.auditActor()
            // The version that would apply again is compiled (or found compiled) before the write
            // transaction; one that no longer compiles is refused there.
            let now = store.clock.now()
            let restoring = try await store.read { db in
                try RuleSetCommands.restoredByRollback(db, community: principal.communityID, at: now)
            }
            let verified = restoring.flatMap { try? cache.readable($0).header.contentHash }
            let previous = try await store.transaction { tx in
                try RuleSetCommands.rollback(
                    tx, principal: principal, reason: input.reason, expectedVersion: input.version, verifiedHash: verified, actor: actor,
                    rules: dependencies.listings.rules)
            }
            return try JSONResponse.make(RuleSetDetailView(previous, activeID: previous.id, language: context.language))
        }
        group.get("/rules/{id}/diff") { _, context in
            let id: RuleSetID = try RequestParameters.id(context)
            let principal = try context.requirePrincipal()
            try principal.require(.rulesManage)
            let now = store.clock.now()
            let rules = dependencies.listings.rules
            let report = try await store.read { db in
                try RuleSetDiffQueries.diff(db, community: principal.communityID, candidate: id, rules: rules, at: now)
            }
            return try JSONResponse.make(report)
        }
        group.post("/rules/revaluations") { request, context in
            let principal = try context.requirePrincipal()
            try principal.require(.rulesManage)
            let input = try await JSONBody.decode(RevaluationInput.self, from: request, limit: dependencies.settings.maxBodyBytes)
            try input.validate()
            let actor = try context.auditActor()
            let services = dependencies.listings
            let outcome = try await store.transaction { tx in
                try ListingRevaluation.run(
                    tx, community: principal.communityID, principal: principal, reason: input.reason, services: services, actor: actor,
                    batchSize: input.batchSize ?? 2_000, after: input.after, expectedHash: input.contentHash?.lowercased())
            }
            return try JSONResponse.make(RevaluationView(outcome))
        }
        group.post("/rules/{id}/explain") { request, context in
            let id: RuleSetID = try RequestParameters.id(context)
            let principal = try context.requirePrincipal()
            try principal.require(.rulesRead)
            let body = try await JSONBody.decode(ValuationInputBody.self, from: request, limit: dependencies.settings.maxBodyBytes)
            let stored = try await store.read { db in try RuleSetCommands.fetch(db, community: principal.communityID, id: id) }
            let compiled = try cache.readable(stored)
            // The community's demand and supply over this version's window, as a listing is valued
            // with (helper 160 #4: the explanation left them out and said none was recorded).
            let now = store.clock.now()
            let counts = try await store.read { db in
                try dependencies.listings.scarcity.counts(
                    db, community: principal.communityID, category: body.input.category, windowDays: compiled.ruleSet.scarcityWindowDays,
                    at: now)
            }
            var valuationContext = ValuationContext(valuedAt: now)
            valuationContext.scarcity[ScarcityKey(category: body.input.category)] = counts
            let valuation: Valuation
            do throws(RuleEvaluationError) {
                valuation = try compiled.valuate(body.input, in: valuationContext)
            } catch {
                throw DomainError(
                    code: "rules.valuation_failed", category: .invalidInput,
                    parameters: ["reason": context.language == .zhCN ? error.messageZH : error.messageEN])
            }
            let language: ExplainLanguage = context.language == .zhCN ? .zh : .en
            return try JSONResponse.make(
                ExplanationView(
                    valuation: valuation, text: ValuationExplainer.text(valuation, language: language, fileName: stored.fileName)))
        }
    }

    /// Reads an uploaded rule file: YAML media type, size-limited, UTF-8.
    static func readRuleFile(_ request: Request) async throws -> RuleSource {
        let media = MediaType.of(request.headers[.contentType])
        guard yamlMediaTypes.contains(media) else {
            // Naming the type wanted: a rule file is YAML, and "send application/json" to a client
            // that had sent exactly that said nothing (session 30 walk).
            throw DomainError(code: "body.unsupported_media_type", category: .unsupportedMedia, parameters: ["expected": "application/yaml"])
        }
        let name = request.uri.queryParameters["file_name"].map(String.init) ?? "candidate.yaml"
        let safeName = String(name.filter { $0.isLetter || $0.isNumber || "._-".contains($0) }.prefix(80))
        let fileName = safeName.isEmpty ? "candidate.yaml" : safeName
        let buffer: ByteBuffer
        do {
            buffer = try await BodyReader.collect(request, limit: maxRuleFileBytes)
        } catch let error as DomainError where error.code == "body.too_large" {
            // The rule file's own diagnostic, as `linli rules check` gives it (helper 129: a bare
            // 413 `body.too_large` said nothing of rule files' limit).
            throw DomainError(
                code: "rules.invalid", category: .invalidInput, parameters: ["errors": "1"],
                diagnostics: [DocumentDiagnostic(RuleDiagnostic(
                    code: .fileTooLarge, file: fileName, line: 0, column: 0,
                    en: "the file is larger than \(maxRuleFileBytes) bytes; rule files are limited to \(maxRuleFileBytes) bytes",
                    zh: "文件超过 \(maxRuleFileBytes) 字节，规则文件最大 \(maxRuleFileBytes) 字节"))])
        }
        guard let text = RuleFileText.decode(Data(buffer: buffer)) else {
            // Where, what it probably is and how to save it, under the file's own name.
            throw DomainError(
                code: "rules.invalid", category: .invalidInput, parameters: ["errors": "1"],
                diagnostics: [DocumentDiagnostic(RuleFileText.problem(Data(buffer: buffer), fileName: fileName))])
        }
        return RuleSource(fileName: fileName, text: text)
    }
}

/// Body of "roll back the rules in force".
struct RollbackInput: StrictInput {
    let reason: String
    /// The version in force the caller means to withdraw: a retry, or a second organizer rolling
    /// back the same version, is then refused (409) instead of withdrawing the one before it too.
    let version: Int?
    enum CodingKeys: String, CodingKey, CaseIterable { case reason, version }

    func validate() throws {
        var check = FieldValidator()
        check.text(reason, at: "/reason", max: 500)
        try check.finish()
    }
}

/// Starts (or continues) revaluing live listings under the rules in force.
struct RevaluationInput: StrictInput {
    /// Why: the minutes or vote that adopted the new version. Kept in every audit entry.
    let reason: String
    /// Listings per call (1…5000, default 2000); call again while `remaining` > 0.
    let batchSize: Int?
    /// `last_listing_id` of the previous batch, to continue the same pass.
    let after: ListingID?
    /// `content_hash` of the pass's first answer: a batch is refused (409
    /// `rules.changed_during_revaluation`) when other rules have come into force since.
    let contentHash: String?
    enum CodingKeys: String, CodingKey, CaseIterable { case reason, batchSize = "batch_size", after, contentHash = "content_hash" }

    func validate() throws {
        var check = FieldValidator()
        check.text(reason, at: "/reason", max: 500)
        if let batchSize, !(1...5_000).contains(batchSize) {
            check.add(FieldIssue("/batch_size", .outOfRange, ["min": "1", "max": "5000"]))
        }
        // A mistyped or cut-off hash said "other rules came into force" (409) instead of naming
        // the field (helper 185 #5). Copied in capitals it is the same hash; ASCII digits only
        // (helper 186 #5: a full-width digit passed `isHexDigit`).
        if let contentHash, !(contentHash.utf8.count == 64 && contentHash.utf8.allSatisfy({ (0x30...0x39).contains($0) || (0x61...0x66).contains($0 | 0x20) })) {
            check.add(FieldIssue("/content_hash", .invalidFormat, ["reason": "rules.content_hash_format"]))
        }
        try check.finish()
    }
}

/// What one revaluation batch did.
struct RevaluationView: Encodable {
    let ruleSetVersion: Int
    let contentHash: String
    let examined: Int
    let pointsChanged: Int
    let pointsUnchanged: Int
    let failed: [FailureView]
    let lastListingId: String?
    let remaining: Int
    let reserved: Int

    struct FailureView: Encodable {
        let listingId: String
        let pointer: String
        let code: String
    }

    init(_ outcome: ListingRevaluation.Outcome) {
        ruleSetVersion = outcome.ruleSetVersion
        contentHash = outcome.contentHash
        examined = outcome.examined
        pointsChanged = outcome.pointsChanged
        pointsUnchanged = outcome.pointsUnchanged
        failed = outcome.failed.map { FailureView(listingId: $0.listingID.rawValue, pointer: $0.pointer, code: $0.code) }
        lastListingId = outcome.lastListingID?.rawValue
        remaining = outcome.remaining
        reserved = outcome.reserved
    }
}

/// A listing's valuation inputs, as JSON (see the OpenAPI `ValuationInput` schema).
struct ValuationInputBody: StrictInput {
    let input: ValuationInput

    enum CodingKeys: String, CodingKey, CaseIterable {
        case kind, direction, category, declaredCost = "declared_cost", purchaseDate = "purchase_date", ageMonths = "age_months"
        case condition, quantity, start, end, durationMinutes = "duration_minutes", intensity, certification, level, area
    }

    init(from decoder: any Decoder) throws {
        input = try ValuationInput(from: decoder)
    }
}

/// A valuation with its step-by-step breakdown and a readable explanation.
struct ExplanationView: Encodable {
    let valuation: Valuation
    let text: String

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(valuation, forKey: .valuation)
        try container.encode(text, forKey: .explanation)
    }

    enum CodingKeys: String, CodingKey { case valuation, explanation }
}
