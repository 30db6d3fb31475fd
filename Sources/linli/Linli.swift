import ArgumentParser

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
}
