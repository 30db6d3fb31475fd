import ArgumentParser
import Foundation
import LinliApp
import LinliStore

/// `linli ledger …`: operator checks of the points ledger.
struct LedgerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ledger", abstract: "Points ledger tools.", subcommands: [Verify.self])

    /// `linli ledger verify [--db PATH] [--expect-head COMMUNITY:SEQ:HASH …]`: read-only; exit status
    /// 0 when the ledger is intact, 1 with a report of every violation otherwise (2 when the
    /// database cannot be read at all).
    struct Verify: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check that every transfer balances, balances equal their postings, holds are consistent and hash chains are intact.")

        @OptionGroup var common: CommonOptions

        @Option(name: .customLong("max-violations"), help: "How many violations to list (all are counted).")
        var maxViolations = 200

        @Option(
            name: .customLong("expect-head"),
            help: ArgumentHelp(
                "A chain head recorded from an earlier report, COMMUNITY:SEQ:HASH (repeatable): that transfer must still be there with that hash.",
                valueName: "head"))
        var expectedHeads: [String] = []

        func validate() throws {
            // 0 or less had been taken as 1 without a word (session 30 walk).
            guard maxViolations >= 1 else { throw ValidationError("--max-violations must be 1 or more (all violations are counted anyway)") }
            for head in expectedHeads where LedgerVerificationReport.ChainHead(parsing: head) == nil {
                throw ValidationError("--expect-head \(head): expected COMMUNITY:SEQ:HASH with a 64-digit hex hash, as a report prints it")
            }
        }

        func run() async throws {
            let configuration = try common.load()
            let path = configuration.databasePath
            // Verifying must never create a database (a typo in --db would otherwise "verify" an empty file).
            try AdminCommand.requireDatabase(configuration)
            let report: LedgerVerificationReport
            do {
                let database = try AppDatabase(path: path)
                defer { try? database.close() }
                try MigrationRunner.shipped.requireCurrent(database)
                let verifier = LedgerVerifier(
                    maxViolations: maxViolations, expectedHeads: expectedHeads.compactMap(LedgerVerificationReport.ChainHead.init(parsing:)))
                report = try database.readSync { db in try verifier.verify(db) }
            } catch {
                let problem = DatabaseFileError.classify(error, path: path).map(String.init(describing:)) ?? "cannot verify \(path): \(error)"
                try? FileHandle.standardError.write(contentsOf: Data("linli: \(problem)\n".utf8))
                throw ExitCode(2)
            }
            print(report.render())
            if !report.isClean { throw ExitCode.failure }
        }
    }
}
