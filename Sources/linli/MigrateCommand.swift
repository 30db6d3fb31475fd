import ArgumentParser
import Foundation
import LinliApp
import LinliStore

/// `linli migrate`: applies pending migrations (or with `--status`, only reports). Plain `migrate`
/// creates the database when it is missing (it is how a new installation starts); `--status` only
/// looks, so a mistyped `--db` is refused like every other read-only command instead of leaving a
/// new, migrated database behind that then reports "nothing pending".
struct MigrateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "migrate", abstract: "Apply database migrations.")

    @OptionGroup var common: CommonOptions

    @Flag(help: "Only report applied, pending and edited migrations; change nothing.")
    var status = false

    func run() async throws {
        let configuration = try common.load()
        if status { try AdminCommand.requireDatabase(configuration) }
        try await reportingFailures(database: configuration.databasePath) {
            let database = try AppDatabase(path: configuration.databasePath, durability: configuration.durability)
            defer { try? database.close() }
            let runner = MigrationRunner.shipped
            if status {
                let report = try database.readSync { db -> MigrationRunner.Status? in
                    try MigrationRunner.ledgerExists(db) ? runner.status(db) : nil
                } ?? MigrationRunner.Status(applied: [], pending: runner.migrations.map(\.name), edited: [], unknown: [])
                print("applied: \(report.applied.joined(separator: ", "))")
                print("pending: \(report.pending.joined(separator: ", "))")
                if !report.edited.isEmpty { print("EDITED after being applied: \(report.edited.joined(separator: ", "))") }
                if !report.unknown.isEmpty { print("unknown (newer binary?): \(report.unknown.joined(separator: ", "))") }
                // Edited or unknown migrations make the database unusable as it is: exit 2, as every
                // other command says it; only pending ones (which `migrate` applies) are 1.
                if !report.edited.isEmpty || !report.unknown.isEmpty { throw ExitCode(2) }
                if !report.isCurrent { throw ExitCode.failure }
                return
            }
            let applied = try runner.migrate(database, now: Date())
            print(applied.isEmpty ? "database is up to date" : "applied: \(applied.joined(separator: ", "))")
        }
    }
}
