import ArgumentParser
import Foundation
import LinliApp
import LinliDomain
import LinliStore
import Logging

/// Options every command that touches configuration accepts.
struct CommonOptions: ParsableArguments {
    @Option(name: .long, help: "YAML configuration file (default: $LINLI_CONFIG if set).")
    var config: String?

    @Option(name: .long, help: "SQLite database file (overrides database.path).")
    var db: String?

    /// Loads configuration (defaults < file < LINLI_* < flags) or exits with status 78 (EX_CONFIG)
    /// before anything is opened or bound.
    func load(extraFlags: [String: String] = [:]) throws -> LinliConfiguration {
        try resolve(extraFlags: extraFlags).configuration
    }

    /// How the user typed each setting a flag sets (`--db` for `database.path`; `serve` adds
    /// `--host` and `--port`), so a problem with its value names the flag.
    static let flagSpellings = ["database.path": "--db", "server.host": "--host", "server.port": "--port"]

    /// The configuration with each setting's value in force and its source (`linli config`).
    func resolve(extraFlags: [String: String] = [:]) throws -> ConfigurationLoader.Resolved {
        var flags = extraFlags
        if let db { flags["database.path"] = db }
        let environment = ProcessInfo.processInfo.environment
        do {
            return try ConfigurationLoader.resolve(
                file: config ?? environment["LINLI_CONFIG"], environment: environment, flags: flags, flagSpellings: Self.flagSpellings)
        } catch {
            try? FileHandle.standardError.write(contentsOf: Data("linli: \(error)\n".utf8))
            throw ExitCode(78)
        }
    }
}

/// Runs a block, printing operational errors plainly and exiting 1 instead of dumping a stack.
/// A database that cannot be used (`database`: the path the block works on; its directory cannot
/// be created, it is not a database, locked, read-only, or its migrations were edited or come from
/// a newer Linli) is said with its path and exits 2, like "no database at PATH": the database
/// named is the problem, not the operation.
func reportingFailures<T>(database path: String? = nil, _ body: () async throws -> T) async throws -> T {
    do {
        return try await body()
    } catch let exit as ExitCode {
        throw exit
    } catch let error as ConfigurationError {
        try? FileHandle.standardError.write(contentsOf: Data("linli: \(error)\n".utf8))
        throw ExitCode(78)
    } catch let error as DomainError {
        throw error  // printed once, as catalogued text, by `Linli.main`
    } catch let error as StoreError where error.isUnusableSchema {
        // As `ledger verify` says it: exit 2, the database named (it was 1 for `serve` and `migrate`).
        let place = path.map { "database \($0): " } ?? ""
        try? FileHandle.standardError.write(contentsOf: Data("linli: \(place)\(error)\n".utf8))
        throw ExitCode(2)
    } catch {
        if let problem = (error as? DatabaseFileError) ?? path.flatMap({ DatabaseFileError.classify(error, path: $0) }) {
            try? FileHandle.standardError.write(contentsOf: Data("linli: \(problem)\n".utf8))
            throw ExitCode(2)
        }
        try? FileHandle.standardError.write(contentsOf: Data("linli: \(error)\n".utf8))
        throw ExitCode.failure
    }
}

func makeLogger(_ configuration: LinliConfiguration) -> Logger {
    LogSetup.bootstrap(format: configuration.logFormat, level: configuration.logLevel)
    var logger = Logger(label: "linli")
    logger.logLevel = configuration.logLevel
    return logger
}

/// Writes one line to standard output immediately (unbuffered), so a supervising process sees it
/// even while the server keeps running.
func say(_ line: String) {
    try? FileHandle.standardOutput.write(contentsOf: Data((line + "\n").utf8))
}
