import ArgumentParser
struct DeliveryBenchmarkCommand: AsyncParsableCommand {
    func run() async throws {}
}
