import ArgumentParser
import Foundation
import LinliDomain

/// `linli`: the one executable. Every operation an operator needs is a subcommand.
@main
struct Linli: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "linli",
        abstract: "Linli (邻里): community idle-resource sharing service.",
        subcommands: [
            ServeCommand.self, MigrateCommand.self, AdminCommand.self, ConfigCommand.self, RulesCommand.self, LedgerCommand.self,
            FraudCommand.self,
        ])

    /// Runs the chosen subcommand. A refusal of the service's own (`DomainError`) that a command
    /// did not report itself is printed as the catalogued zh/en message (`CommandLineError`)
    /// rather than ArgumentParser's dump of the value; everything else is reported as usual.
    static func main() async {
        do {
            var command = try parseAsRoot()
            if var asynchronous = command as? any AsyncParsableCommand {
                try await asynchronous.run()
            } else {
                try command.run()
            }
        } catch let error as DomainError {
            try? FileHandle.standardError.write(contentsOf: Data(CommandLineError.text(error).utf8))
            Foundation.exit(ExitCode.failure.rawValue)
        } catch {
            exit(withError: error)
        }
    }
}
