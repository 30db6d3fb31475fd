import ArgumentParser
import Foundation
import LinliApp
import LinliDomain
import LinliStore
import LinliTrust

/// `linli fraud …`: the fraud report on the server itself (no HTTP token needed).
struct FraudCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fraud", abstract: "Fraud signals: the per-community report.", subcommands: [Report.self])

    /// `linli fraud report --community C [--since 7d] [--format json|markdown] [--lang zh|en]`
    struct Report: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print a community's fraud report: signals by type, flagged accounts and rings with evidence, case workload.")

        enum Format: String, ExpressibleByArgument, CaseIterable {
            case json
            case markdown
        }

        @OptionGroup var common: CommonOptions
        @Option(help: "Community id (cmt_…).") var community: String
        @Option(help: "Look-back period: 1d–366d or 1h–8784h.") var since = "7d"
        @Option(help: "json or markdown.") var format = Format.markdown
        @Option(help: "zh or en.") var lang = "zh"

        func run() async throws {
            guard let communityID = CommunityID(community) else { throw ValidationError("--community is not a cmt_ id") }
            guard let period = ReportPeriod.seconds(since) else { throw ValidationError("--since must be like 7d or 24h (at most 366d)") }
            guard let language = TrustLanguage(rawValue: lang) else { throw ValidationError("--lang must be zh or en") }
            let configuration = try common.load()
            try await reportingFailures(database: configuration.databasePath) {
                let (environment, store) = try AdminCommand.openExistingStore(configuration)
                defer { try? environment.database.close() }
                let now = store.clock.now()
                let rules = ActiveRules()
                let (report, timezone, names) = try environment.database.readSync { db in
                    let report = try TrustQueries.fraudReport(db, community: communityID, since: now.addingTimeInterval(-period), now: now, rules: rules)
                    return (report, try CommunityCommands.fetch(db, id: communityID).timezone, try TrustQueries.fraudReportNames(db, report))
                }
                try store.transactionSync { tx in
                    try FraudReportReadLog.record(tx, community: communityID, actor: .commandLine, period: since, format: format.rawValue)
                }
                switch format {
                case .json: print(try FraudReportRenderer.json(report, language: language))
                case .markdown: print(FraudReportRenderer.markdown(report, language: language, timeZoneID: timezone, names: names), terminator: "")
                }
            }
        }
    }
}
