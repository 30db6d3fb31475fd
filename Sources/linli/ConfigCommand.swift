import Foundation
import ArgumentParser
import LinliApp

/// `linli config`: validates the configuration and prints every key with its source-resolved value.
struct ConfigCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "config", abstract: "Validate the configuration and list every setting.")

    @OptionGroup var common: CommonOptions

    func run() async throws {
        let resolved = try common.resolve()
        print("configuration is valid. Settings in force (file key = value, where it came from; environment variable, default):")
        for key in ConfigKey.all {
            let value = resolved.values[key.name] ?? key.defaultValue
            let source = resolved.sources[key.name] ?? "default"
            print("  \(key.name) = \"\(Self.shown(key, value))\"  (\(source); \(key.environmentName), default \"\(key.defaultValue)\")\n      \(key.help)")
        }
    }

    /// A proxy URL may carry a password: shown without it.
    static func shown(_ key: ConfigKey, _ value: String) -> String {
        guard key.name == "webhooks.proxy", var parts = URLComponents(string: value), parts.password != nil else { return value }
        parts.password = "****"
        return parts.string ?? "****"
    }
}
