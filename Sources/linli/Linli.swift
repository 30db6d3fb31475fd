import ArgumentParser
import Foundation
import LinliApp
import LinliDomain

/// `linli`: the one executable. Every operation an operator needs is a subcommand.
@main
struct Linli: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "linli",
        abstract: "Linli (邻里): community idle-resource sharing service.",
        version: LinliVersion.text,
        subcommands: [
            ServeCommand.self, MigrateCommand.self, AdminCommand.self, ConfigCommand.self, RulesCommand.self, LedgerCommand.self,
            FraudCommand.self,
        ])

    /// Runs the chosen subcommand. A refusal of the service's own (`DomainError`) that a command
    /// did not report itself is printed as the catalogued zh/en message (`CommandLineError`)
    /// rather than ArgumentParser's dump of the value; everything else is reported as usual.
    static func main() async {
        var parsed: (any ParsableCommand.Type)?
        do {
            var command = try parseAsRoot()
            parsed = type(of: command)
            if var asynchronous = command as? any AsyncParsableCommand {
                try await asynchronous.run()
            } else {
                try command.run()
            }
        } catch let error as DomainError {
            try? FileHandle.standardError.write(contentsOf: Data(CommandLineError.text(error).utf8))
            Foundation.exit(ExitCode.failure.rawValue)
        } catch let error as ValidationError {
            // Thrown by a command's `run` (an option read there, e.g. `--listing`'s JSON): the
            // usage shown is that command's, with its path, not the root's `linli <subcommand>`.
            guard let parsed else { exit(withError: error) }
            let usage = usageString(for: parsed)
            let path = usage.split(separator: " ").prefix { !"<[-".contains($0.first ?? "-") }.joined(separator: " ")
            try? FileHandle.standardError.write(contentsOf: Data(
                "Error: \(error.message)\nUsage: \(usage)\n  See '\(path) --help' for more information.\n".utf8))
            Foundation.exit(ExitCode.validationFailure.rawValue)
        } catch {
            exit(withError: error)
        }
    }
}
