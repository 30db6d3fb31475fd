import Foundation
import ArgumentParser
import LinliApp

/// `linli config`: validates the configuration and prints every key with its source-resolved value
/// (`--get KEY`: that value alone, which the container's health check uses to find the port).
struct ConfigCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "config", abstract: "Validate the configuration and list every setting.")

    @OptionGroup var common: CommonOptions
    @Option(
        name: .customLong("get"),
        help: "Print only the value in force of this setting (e.g. server.port), for scripts and health checks.")
    var setting: String?

    func run() async throws {
        let resolved = try common.resolve()
        // One value for a script or the container's health check: the settings alone.
        if let setting {
            guard let key = ConfigKey.named(setting) else {
                throw ValidationError("unknown setting \(setting); `linli config` lists them")
            }
            print(Self.shown(key, resolved.values[key.name] ?? key.defaultValue))
            return
        }
        // What `serve` reads besides the settings: a rule file that does not compile stops it
        // (exit 78), so the check before start (systemd's ExecStartPre) must refuse it too.
        do {
            _ = try LinliEnvironment.loadDefaultRules(resolved.configuration.rulesFile)
        } catch let error as ConfigurationError {
            try? FileHandle.standardError.write(contentsOf: Data("linli: \(error)\n".utf8))
            throw ExitCode(78)
        }
        // The warning `serve` logs at start, said here too: this is the check operators run before
        // a start (helper 113: it said "valid" and only the start's log mentioned the grace).
        if let warning = resolved.configuration.shutdownGraceWarning {
            try? FileHandle.standardError.write(contentsOf: Data("linli: warning: \(warning)\n".utf8))
        }
        print("configuration is valid. Settings in force (file key = value, where it came from; environment variable, default):")
        for key in ConfigKey.all {
            let value = resolved.values[key.name] ?? key.defaultValue
            let source = resolved.sources[key.name] ?? "default"
            let resolvedPath = Self.resolvedPath(key, value).map {
                "\n      → \($0) (from this shell's working directory; the service resolves it from its own, WorkingDirectory= in the systemd unit)"
            } ?? ""
            print("  \(key.name) = \"\(Self.shown(key, value))\"  (\(source); \(key.environmentName), default \"\(key.defaultValue)\")\(resolvedPath)\n      \(key.help)")
        }
    }

    /// Settings that name a file or directory, which a relative value takes from the working
    /// directory (helper 145 #10: photos landed beside wherever `serve` was started).
    static let pathKeys: Set<String> = ["database.path", "photos.path", "rules.file", "rules.directory"]

    /// The absolute path a relative path setting resolves to here; nil for other settings, empty
    /// and absolute values.
    static func resolvedPath(_ key: ConfigKey, _ value: String, in directory: String = FileManager.default.currentDirectoryPath) -> String? {
        guard pathKeys.contains(key.name) else { return nil }
        return resolved(value, in: directory)
    }

    /// Where a relative path leads for a linli started in `directory`; nil for an absolute or
    /// empty one, which needs no explaining. Shared with `AdminCommand.whereSet`.
    static func resolved(_ path: String, in directory: String = FileManager.default.currentDirectoryPath) -> String? {
        guard !path.isEmpty, !path.hasPrefix("/") else { return nil }
        return URL(fileURLWithPath: path, relativeTo: URL(fileURLWithPath: directory, isDirectory: true)).standardizedFileURL.path
    }

    /// A proxy URL may carry a password: shown without it, with or without a scheme (libcurl
    /// takes `user:password@host:port` as it is).
    static func shown(_ key: ConfigKey, _ value: String) -> String {
        guard key.name == "webhooks.proxy", let at = value.lastIndex(of: "@") else { return value }
        let start = value.range(of: "://").map(\.upperBound) ?? value.startIndex
        guard start <= at, let colon = value[start..<at].firstIndex(of: ":") else { return value }
        return String(value[..<value.index(after: colon)]) + "****" + String(value[at...])
    }
}
