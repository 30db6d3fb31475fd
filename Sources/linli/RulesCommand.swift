import ArgumentParser
import Foundation
import LinliAPI
import LinliApp
import LinliDomain
import LinliRules
import LinliStore

/// `linli rules …`: check, explain and diff rule files without a running server.
struct RulesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rules", abstract: "Check, explain and compare valuation rule files.",
        subcommands: [Check.self, Explain.self, Diff.self, Revalue.self])

    /// A rule file named on the command line; why it cannot be read is said with its path. One
    /// that is not UTF-8 (saved as "ANSI", GBK, by Chinese Windows Notepad) is a rule-file problem,
    /// not a usage error: its `rules.not_utf8` diagnostic, where it stops being UTF-8 and which
    /// encoding it looks like, is printed in `language` as the API gives it, and the command fails
    /// (helper 138: it printed an English line and the usage text, exit 64).
    /// `check` prints it with its other findings, on standard output; `explain` and `diff` on
    /// standard error, as `compile` prints a file that does not compile.
    static func read(_ path: String, language: ExplainLanguage, findingsToStandardOutput: Bool = false) throws -> RuleSource {
        do {
            return RuleSource(fileName: path, text: try TextFile.read(path))
        } catch {
            if case .notUTF8 = error.reason, let data = FileManager.default.contents(atPath: path) {
                let line = RuleFileText.problem(data, fileName: path).rendered(in: language)
                if findingsToStandardOutput { say(line) } else { try? FileHandle.standardError.write(contentsOf: Data("\(line)\n".utf8)) }
                throw ExitCode.failure
            }
            throw ValidationError("rule file \(error)")
        }
    }

    /// Compiles a rule file for `explain` or `diff`; a file that does not compile prints its
    /// diagnostics in `language`, as `rules check` does, and fails.
    static func compile(_ source: RuleSource, language: ExplainLanguage) throws -> CompiledRuleSet {
        let report = RuleSetCompiler.check(source.text, fileName: source.fileName)
        guard let compiled = report.compiled else {
            for diagnostic in report.diagnostics {
                try? FileHandle.standardError.write(contentsOf: Data("\(diagnostic.rendered(in: language))\n".utf8))
            }
            throw ExitCode.failure
        }
        return compiled
    }

    struct Check: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Validate rule files (syntax, semantics, golden tests); print every diagnostic as file:line:column.")

        @Option(help: "Language of the messages: zh or en.") var lang: ExplainLanguage = .en
        @Argument(help: "Rule files.") var files: [String]

        func run() async throws {
            var failed = false
            for path in files {
                let source: RuleSource
                do {
                    source = try RulesCommand.read(path, language: lang, findingsToStandardOutput: true)
                } catch is ExitCode {
                    failed = true
                    continue
                }
                let report = RuleSetCompiler.check(source.text, fileName: path)
                for diagnostic in report.diagnostics { say(diagnostic.rendered(in: lang)) }
                if let compiled = report.compiled {
                    say(lang == .zh
                        ? "\(path)：通过 — 第 \(compiled.header.version) 版，sha256 \(compiled.header.contentHash)，\(report.warnings.count) 条警告"
                        : "\(path): ok — version \(compiled.header.version), sha256 \(compiled.header.contentHash), \(report.warnings.count) warning(s)")
                } else {
                    say(lang == .zh ? "\(path)：\(report.errors.count) 个错误，未通过" : "\(path): \(report.errors.count) error(s)")
                    failed = true
                }
            }
            if failed { throw ExitCode.failure }
        }
    }

    struct Explain: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Value one listing under a rule file and print the step-by-step breakdown.")

        @Argument(help: "Rule file.") var file: String
        @Option(help: "The listing's valuation inputs as JSON, e.g. '{\"kind\":\"item\",\"category\":\"household\",…}'.")
        var listing: String
        @Option(help: "Valuation time, an RFC 3339 date-time with its offset (2026-12-01T09:00:00+08:00); default now.") var at: String?
        @Option(help: "Language of the breakdown: zh or en.") var lang: ExplainLanguage = .zh
        @Option(help: "Demand and supply of the listing's category in the scarcity window, DEMAND:SUPPLY (e.g. 6:2); default none, no adjustment.")
        var scarcity: String?
        @Flag(help: "Print the machine-readable breakdown (JSON) instead of text.") var json = false

        /// `--scarcity 6:2` as counts; nil when not given.
        static func counts(_ text: String?) throws -> ScarcityCounts? {
            guard let text else { return nil }
            let parts = text.split(separator: ":", omittingEmptySubsequences: false)
            guard parts.count == 2, let demand = Int(parts[0]), let supply = Int(parts[1]), demand >= 0, supply >= 0,
                  demand <= 1_000_000, supply <= 1_000_000
            else { throw ValidationError("--scarcity is DEMAND:SUPPLY, two whole numbers from 0 to 1000000 such as 6:2") }
            return ScarcityCounts(demand: demand, supply: supply)
        }

        func run() async throws {
            let counts = try Self.counts(scarcity)
            let source = try RulesCommand.read(file, language: lang)
            let compiled = try RulesCommand.compile(source, language: lang)
            let input: ValuationInput
            do {
                input = try JSONInputProblem.decoder().decode(ValuationInput.self, from: Data(listing.utf8))
            } catch {
                throw ValidationError("--listing is not a valid listing: \(JSONInputProblem.text(error, input: Data(listing.utf8)))")
            }
            try RulesCommand.checkListingFields(Data(listing.utf8), option: "--listing")
            var when = Date()
            if let at {
                guard RFC3339DateTime.isReal(at), let parsed = ISO8601DateFormatter().date(from: at) else {
                    throw ValidationError("--at is not an RFC 3339 date-time such as 2026-12-01T09:00:00+08:00")
                }
                when = parsed
            }
            do {
                var context = ValuationContext(valuedAt: when)
                if let counts { context.scarcity[ScarcityKey(category: input.category)] = counts }
                let valuation = try compiled.valuate(input, in: context)
                if json {
                    say(String(decoding: try ValuationExplainer.json(valuation), as: UTF8.self))
                } else {
                    say(ValuationExplainer.text(valuation, language: lang, fileName: file))
                }
            } catch let error as RuleEvaluationError {
                // The listing given does not fit the file: a problem of --listing, a usage error
                // (64) as its other problems are, naming the category the file lacks.
                var message = lang == .zh ? error.messageZH : error.messageEN
                if error.code == .unknownCategory { message += lang == .zh ? "：「\(input.category)」（\(file)）" : ": \"\(input.category)\" (\(file))" }
                try? FileHandle.standardError.write(contentsOf: Data("linli: --listing: \(message)\n".utf8))
                throw ExitCode(64)
            }
        }
    }

    /// Refuses (usage error) what the decoder let through in a listing's JSON: names a listing
    /// does not have (a misspelled `durationminutes` read as a missing `duration_minutes`), and a
    /// fraction it rounded into a whole number. `data` is one listing's inputs, or (`path` given)
    /// a `--listings` array whose items hold them under `input`.
    static func checkListingFields(_ data: Data, option: String, inputsAt path: [String]? = nil) throws {
        if let pointer = JSONNumberScan.firstFraction(in: data) {
            throw ValidationError("\(option): at \(pointer): expected a whole number, found a fraction")
        }
        guard let parsed = try? JSONSerialization.jsonObject(with: data) else { return }
        let inputs: [(String, Any)] = path == nil
            ? [("", parsed)]
            : ((parsed as? [Any]) ?? []).enumerated().map { ("/\($0.offset)/input", ($0.element as? [String: Any])?["input"] as Any) }
        for (pointer, input) in inputs {
            guard let object = input as? [String: Any] else { continue }
            let unknown = object.keys.filter { !ValuationInput.fieldNames.contains($0) }.sorted()
            guard !unknown.isEmpty else { continue }
            throw ValidationError(
                "\(option)\(pointer.isEmpty ? "" : " at \(pointer)") has fields a listing does not have: \(unknown.joined(separator: ", ")) "
                    + "(known: \(ValuationInput.fieldNames.sorted().joined(separator: ", ")))")
        }
    }

    struct Diff: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Compare a candidate rule file with the one in force (or another file) over a set of listings.")

        @Argument(help: "Candidate rule file.") var candidate: String
        @Option(help: "'active' (the community's version in force, needs --db and --community) or a rule file.")
        var against = "active"
        @Option(help: "JSON array of {\"id\": …, \"input\": {valuation inputs}}: the listings to compare over (default with --against active: the community's live listings in the database).")
        var listings: String?
        @Option(help: "Community id (cmt_…) whose active rules (and stored listings) to use.") var community: String?
        @OptionGroup var common: CommonOptions
        @Flag(help: "Print the report as JSON.") var json = false
        @Option(help: "Language of the text report, and of the messages of a rule file that does not compile: zh or en.")
        var lang: ExplainLanguage = .en

        struct ListingLine: Decodable {
            let id: String
            let input: ValuationInput
        }

        static func readListings(_ path: String) throws -> [DiffListing] {
            let text: String
            do { text = try TextFile.read(path) } catch { throw ValidationError("--listings file \(error)") }
            let lines: [ListingLine]
            do {
                lines = try JSONInputProblem.decoder().decode([ListingLine].self, from: Data(text.utf8))
            } catch {
                throw ValidationError(
                    "--listings file \(path) is not a JSON array of {\"id\": …, \"input\": {…}}: \(JSONInputProblem.text(error, input: Data(text.utf8)))")
            }
            // As `explain --listing` (helper 117: a misspelled field was ignored here).
            try RulesCommand.checkListingFields(Data(text.utf8), option: "--listings file \(path)", inputsAt: ["input"])
            return lines.map { DiffListing(id: $0.id, input: $0.input) }
        }

        func run() async throws {
            let candidateSet = try RulesCommand.compile(try RulesCommand.read(candidate, language: lang), language: lang)
            let report: RuleSetDiffReport
            if against == "active" {
                guard let community, let communityID = CommunityID(community) else {
                    throw ValidationError("--against active needs --community cmt_… (and --db)")
                }
                let configuration = try common.load()
                try AdminCommand.requireDatabase(configuration)
                let items = try listings.map(Self.readListings)
                report = try await reportingFailures(database: configuration.databasePath) {
                    let database = try AppDatabase(path: configuration.databasePath, durability: configuration.durability)
                    defer { try? database.close() }
                    try MigrationRunner.shipped.requireCurrent(database)
                    // A community id that names none is said as such (it read "no rules in force").
                    _ = try database.readSync { db in try CommunityCommands.fetch(db, id: communityID) }
                    let rules = ActiveRules()
                    let now = Date()
                    if let items {
                        let current = try database.readSync { db in try rules.current(db, community: communityID, at: now) }
                        return RuleSetDiff.compare(
                            current: current.compiled, candidate: candidateSet, listings: items, context: ValuationContext(valuedAt: now))
                    }
                    // The community's own live listings, with its demand and supply.
                    return try database.readSync { db in
                        try RuleSetDiffQueries.diff(db, community: communityID, candidate: candidateSet, rules: rules, at: now)
                    }
                }
            } else {
                guard let listings else { throw ValidationError("comparing two files needs --listings FILE") }
                report = RuleSetDiff.compare(
                    current: try RulesCommand.compile(try RulesCommand.read(against, language: lang), language: lang), candidate: candidateSet,
                    listings: try Self.readListings(listings), context: ValuationContext(valuedAt: Date()))
            }
            if json {
                // The same snake_case keys as `GET /v1/rules/{id}/diff` answers: one report, one
                // shape for scripts (it was `candidateVersion` here, `candidate_version` there).
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
                encoder.keyEncodingStrategy = .convertToSnakeCase
                say(String(decoding: try encoder.encode(report), as: UTF8.self))
                return
            }
            // In the language asked for (helper 160 #8: only the "other rules" heading was).
            let zh = lang == .zh
            say(zh ? "第 \(report.currentVersion) 版 → 第 \(report.candidateVersion) 版，比较 \(report.total) 条发布"
                : "version \(report.currentVersion) → \(report.candidateVersion) over \(report.total) listing(s)")
            say(zh
                ? "按今天的供需计算：上升 \(report.up)，下降 \(report.down)，不变 \(report.unchanged)；积分合计 \(report.pointsBefore) → \(report.pointsAfter)"
                : "rules compared on today's demand and supply: up \(report.up), down \(report.down), unchanged \(report.unchanged); points \(report.pointsBefore) → \(report.pointsAfter)")
            for band in report.distribution where band.count > 0 { say("  \(band.label): \(band.count)") }
            let stepName = { (step: PipelineStep) in zh ? "“\(ValuationExplainer.stepNameZH(step))”" : step.rawValue }
            for driver in report.drivers {
                say(zh ? "  主要由\(stepName(driver.step))引起：\(driver.count)" : "  driven by \(stepName(driver.step)): \(driver.count)")
            }
            for mover in report.topMovers {
                say("  \(mover.listingID) \(mover.category): \(mover.before) → \(mover.after) (\(mover.delta > 0 ? "+" : "")\(mover.delta), \(stepName(mover.drivenBy)))")
            }
            if let stored = report.fromStored {
                // What residents would see move: from the points their listings carry now.
                say(zh
                    ? "与发布现有积分相比：上升 \(stored.up)，下降 \(stored.down)，不变 \(stored.unchanged)；积分合计 \(stored.pointsStored) → \(stored.pointsAfter)"
                    : """
                    from the points listings carry now: up \(stored.up), down \(stored.down), unchanged \(stored.unchanged); \
                    points \(stored.pointsStored) → \(stored.pointsAfter)
                    """)
                for mover in stored.topMovers {
                    say("  \(mover.listingID) \(mover.category): \(mover.stored) → \(mover.after) (\(mover.delta > 0 ? "+" : "")\(mover.delta))")
                }
            }
            if !report.newlyCapped.isEmpty { say(zh ? "新触及上下限：\(report.newlyCapped.count)" : "newly at a cap: \(report.newlyCapped.count)") }
            // What else changes besides prices (helper 129: a file changing only caps read "unchanged").
            if !report.policyChanges.isEmpty {
                say(zh ? "其他规则的变化：\(report.policyChanges.count) 项" : "other rules that change: \(report.policyChanges.count)")
                for change in report.policyChanges {
                    let admin = change.needsAdmin ? (zh ? "（提高此项须由管理员启用）" : " (raising it needs an admin)") : ""
                    say("  \(change.key): \(change.before ?? "—") → \(change.after ?? "—")\(admin)")
                }
            }
            // Each listing that could not be valued, under which file (helper 113: a failure under
            // the current file was counted as one under the candidate).
            let headings = zh ? ["现行规则下无法估值", "候选规则下无法估值"] : ["cannot value under the current file", "cannot value under the candidate"]
            for (underCandidate, heading) in [(false, headings[0]), (true, headings[1])] {
                let failures = report.failures.filter { $0.underCandidate == underCandidate }
                guard !failures.isEmpty else { continue }
                say(zh ? "\(heading)：\(failures.count)" : "\(heading): \(failures.count)")
                for failure in failures.prefix(20) {
                    say("  \(failure.listingID): \(zh ? failure.messageZH : failure.messageEN) [\(failure.code)]")
                }
            }
        }
    }

    struct Revalue: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Re-price a community's live listings under its rules in force: the explicit, audited migration after a new version.")

        @Option(help: "Community id (cmt_…).") var community: String
        @Option(help: "Why (the minutes or vote that adopted the version); kept in every audit entry.") var reason: String
        @Option(help: "Listings per transaction.") var batch = 2_000
        @OptionGroup var common: CommonOptions

        func validate() throws {
            try AdminCommand.checkOptions(["/reason": "--reason"]) { () throws(DomainError) in
                var check = FieldValidator()
                check.text(reason, at: "/reason", max: ListingLimits.message)
                try check.finish()
            }
        }

        func run() async throws {
            guard let communityID = CommunityID(community) else { throw ValidationError("--community must be a cmt_… id") }
            guard (1...5_000).contains(batch) else { throw ValidationError("--batch must be 1…5000") }
            let configuration = try common.load()
            try await reportingFailures(database: configuration.databasePath) {
                let (environment, store) = try AdminCommand.openExistingStore(configuration, community: communityID)
                defer { try? environment.database.close() }
                var after: ListingID?
                var pinned: String?
                var totals = (examined: 0, changed: 0, failed: 0)
                while true {
                    let outcome: ListingRevaluation.Outcome
                    do {
                        outcome = try store.transactionSync { tx in
                            try ListingRevaluation.run(
                                tx, community: communityID, principal: nil, reason: reason, services: environment.listings,
                                actor: .commandLine, batchSize: batch, after: after, expectedHash: pinned)
                        }
                    } catch let changed as DomainError where changed.code == "rules.changed_during_revaluation" {
                        // Other rules came into force mid-pass: the listings already passed were
                        // valued under the old ones, so the pass starts over (helper 179 #3).
                        say("the rules in force changed to version \(changed.parameters["version"] ?? "?") during the pass: starting again")
                        (after, pinned, totals) = (nil, nil, (0, 0, 0))
                        continue
                    }
                    pinned = pinned ?? outcome.contentHash
                    totals.examined += outcome.examined
                    totals.changed += outcome.pointsChanged
                    totals.failed += outcome.failed.count
                    for failure in outcome.failed {
                        say("  cannot value \(failure.listingID): \(failure.code) at \(failure.pointer) (left as it was)")
                    }
                    after = outcome.lastListingID
                    if outcome.remaining == 0 || outcome.examined == 0 {
                        say("revalued under version \(outcome.ruleSetVersion): \(totals.examined) listing(s) examined, "
                            + "\(totals.changed) changed, \(totals.failed) could not be valued")
                        if outcome.reserved > 0 {
                            say("  \(outcome.reserved) listing(s) reserved by an exchange under way keep their figure; "
                                + "run this again once their exchanges end (one cancelled returns at the old figure)")
                        }
                        break
                    }
                }
                if totals.failed > 0 { throw ExitCode.failure }
            }
        }
    }
}

extension ExplainLanguage: ExpressibleByArgument {}
