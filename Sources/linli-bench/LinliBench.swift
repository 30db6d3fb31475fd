import ArgumentParser

/// `linli-bench`: the benchmarks that back the issues' speed targets. Each prints its figures next
/// to a baseline measured in the same run. Build in release: `swift run -c release linli-bench …`.
@main
struct LinliBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "linli-bench",
        abstract: "Linli benchmarks (run in release mode).",
        subcommands: [
            RulesBenchmarkCommand.self, DeliveryBenchmarkCommand.self, PipelineBenchmarkCommand.self, LedgerBenchmarkCommand.self,
            TrustBenchmarkCommand.self,
        ])
}
