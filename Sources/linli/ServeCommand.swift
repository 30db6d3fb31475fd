import ArgumentParser
import Foundation
import LinliApp

/// `linli serve`: runs the HTTP API and background services until SIGTERM/SIGINT.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "serve", abstract: "Run the service.")

    @OptionGroup var common: CommonOptions

    @Option(help: "Address to listen on (overrides server.host).")
    var host: String?

    @Option(help: "TCP port (overrides server.port; 0 = any free port).")
    var port: Int?

    @Flag(help: "Seed a demo community (Chinese names, every role) and print login tokens.")
    var demo = false

    func run() async throws {
        var flags: [String: String] = [:]
        if let host { flags["server.host"] = host }
        if let port { flags["server.port"] = String(port) }
        let configuration = try common.load(extraFlags: flags)
        let logger = makeLogger(configuration)
        do {
            try await ListeningAddressProbe.check(host: configuration.host, port: configuration.port)
        } catch let error as ListeningAddressError {
            // Before anything is written: no migration, no demo tokens for a server that will not run.
            try? FileHandle.standardError.write(contentsOf: Data("linli: \(error)\n".utf8))
            throw ExitCode(69)
        }
        try await reportingFailures(database: configuration.databasePath) {
            try LinliEnvironment.preparePhotoDirectory(configuration)
            let environment = try LinliEnvironment(configuration: configuration, logger: logger)
            if demo {
                do {
                    printDemo(try DemoSeeder.seed(environment.store, rules: environment.defaultRules, listings: environment.listings))
                } catch let refusal as DemoSeeder.RealCommunitiesPresent {
                    try? FileHandle.standardError.write(contentsOf: Data("linli: database \(configuration.databasePath): \(refusal)\n".utf8))
                    throw ExitCode(64)
                }
            }
            let host = configuration.host
            let stop = try await LinliServer.run(environment: environment) { port in
                // One stable line on stdout: scripts and the end-to-end test read the port from it;
                // the version on the line before, for whoever compares two binaries' logs.
                say("linli \(LinliVersion.text)")
                // An IPv6 host is bracketed, as in any URL (`http://[::]:8080`, not `http://:::8080`).
                say("linli listening on http://\(host.contains(":") ? "[\(host)]" : host):\(port)")
            }
            // A stop that ran out of grace cut work short (helpers 111, 113: it exited 0, so a
            // supervisor recorded a clean stop): EX_TEMPFAIL, since what was cut resumes at the
            // next start.
            if stop == .cutShort { throw ExitCode(75) }
        }
    }

    func printDemo(_ result: DemoSeeder.Result) {
        say(result.created ? "Demo community created: \(result.community.name) (\(result.community.id))"
            : "Demo community: \(result.community.name) (\(result.community.id)); new tokens issued")
        say("Demo tokens (valid 30 days; use as 'Authorization: Bearer <token>'):")
        for login in result.logins {
            let role = login.member.role.rawValue.padding(toLength: 13, withPad: " ", startingAt: 0)
            say("  \(role) \(login.member.displayName)\t\(login.secret)")
        }
    }
}
