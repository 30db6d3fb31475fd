import Foundation
import HTTPTypes
import Hummingbird
import LinliDomain
import LinliStore
import LinliTrust
import NIOCore

/// Trust over HTTP: a member's explainable credit score and the community's fraud report.
/// Both are computed on request from what the store holds (see `TrustQueries`), in one read.
struct TrustController {
    let dependencies: APIDependencies

    func register(on group: RouterGroup<LinliRequestContext>) {
        let store = dependencies.store
        let rules = dependencies.listings.rules

        group.get("/members/{id}/credit") { _, context in
            let id: MemberID = try RequestParameters.id(context)
            let principal = try context.requirePrincipal()
            try principal.require(.memberReadCredit)
            let now = store.clock.now()
            let (score, detailed) = try await store.read { db in
                (try TrustQueries.creditScore(db, community: principal.communityID, member: id, now: now, rules: rules),
                 try TrustQueries.mayReadCreditComponents(db, principal: principal, of: id, now: now))
            }
            return try JSONResponse.make(CreditScoreView(score, language: context.language, components: detailed))
        }
        group.get("/communities/{id}/fraud-report") { request, context in
            let id: CommunityID = try RequestParameters.id(context)
            let principal = try context.requirePrincipal()
            guard id == principal.communityID else { throw DomainError.notFound("community", id: id.rawValue) }
            try principal.require(.fraudReportRead)
            let query = request.uri.queryParameters
            var since: TimeInterval = 7 * 86_400
            if let raw = query["since"] {
                guard let seconds = ReportPeriod.seconds(String(raw)) else { throw RequestParameters.invalidQuery("since", example: "7d / 24h (1d–\(ReportPeriod.maxDays)d, 1h–\(ReportPeriod.maxDays * 24)h)") }
                since = seconds
            }
            let format: ReportFormat = try RequestParameters.enumeration(request, "format") ?? .json
            let language: TrustLanguage = try RequestParameters.enumeration(request, "lang")
                ?? (context.language == .en ? .en : .zh)
            let now = store.clock.now()
            let start = now.addingTimeInterval(-since)
            let (report, names) = try await store.read { db in
                let report = try TrustQueries.fraudReport(db, community: id, since: start, now: now, rules: rules)
                // A moderator a report cluster is about (or a housemate of that member) would read
                // who reported them: another moderator reads this report, as the case about them.
                if let subject = report.reportClusterSubject(among: try ModerationConflict.selfAndHousemates(db, of: principal)) {
                    try ModerationConflict.check(db, principal, about: [subject], decision: "fraud report")
                }
                return (report, try TrustQueries.fraudReportNames(db, report))
            }
            let actor = try context.auditActor()
            let period = query["since"].map(String.init) ?? "7d"
            try await store.transaction { tx in
                try FraudReportReadLog.record(tx, community: id, actor: actor, period: period, format: format.rawValue)
            }
            switch format {
            case .json:
                let body = try FraudReportRenderer.json(report, language: language)
                return Response(status: .ok, headers: [.contentType: "application/json; charset=utf-8"],
                                body: .init(byteBuffer: ByteBuffer(string: body)))
            case .markdown:
                let body = FraudReportRenderer.markdown(report, language: language, timeZoneID: principal.timeZoneID, names: names)
                return Response(status: .ok, headers: [.contentType: "text/markdown; charset=utf-8"],
                                body: .init(byteBuffer: ByteBuffer(string: body)))
            }
        }
    }

    enum ReportFormat: String, CaseIterable {
        case json
        case markdown
    }
}

/// A credit score with its components, labels in the request's language.
struct CreditScoreView: Encodable {
    struct Component: Encodable {
        let key: String
        let label: String
        let input: String
        let weight: String
        let contribution: String
    }

    let member: MemberID
    let score: String
    /// Nil with the components: base plus their sum, from which the hidden parts could be read.
    let unclamped: String?
    let level: Int
    let base: String
    /// Nil for a reader who may see only the score and level (`TrustQueries.mayReadCreditComponents`).
    let components: [Component]?
    let computedAt: Date

    init(_ score: CreditScore, language: Language, components detailed: Bool = true) {
        let trust: TrustLanguage = language == .en ? .en : .zh
        member = score.member
        self.score = score.score.description
        unclamped = detailed ? score.unclamped.description : nil
        level = score.level
        base = score.base.description
        components = !detailed ? nil : score.components.map {
            Component(key: $0.key.rawValue, label: $0.label(trust), input: $0.input.description, weight: $0.weight.description,
                      contribution: $0.contribution.description)
        }
        computedAt = score.computedAt
    }
}
