import ArgumentParser
import LinliApp

/// `linli config`: validates the configuration and prints every key with its source-resolved value.
struct ConfigCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "config", abstract: "Validate the configuration and list every setting.")

    @OptionGroup var common: CommonOptions

    func run() async throws {
        _ = try common.load()
        print("configuration is valid. Settings (file key / environment variable / default):")
        for key in ConfigKey.all {
            print("  \(key.name)  \(key.environmentName)  default=\"\(key.defaultValue)\"\n      \(key.help)")
        }
    }
}
