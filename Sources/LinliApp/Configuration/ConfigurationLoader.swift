import Foundation
import Yams

/// Resolves configuration in layers: defaults < config file < `LINLI_*` environment < flags.
public enum ConfigurationLoader {
    /// - Parameters:
    ///   - file: path of a YAML config file (`--config` or `LINLI_CONFIG`), or nil.
    ///   - environment: the process environment (injected for tests).
    ///   - flags: dotted names set on the command line, e.g. `["server.port": "9000"]`.
    public static func load(file: String?, environment: [String: String], flags: [String: String]) throws(ConfigurationError) -> LinliConfiguration {
        try resolve(file: file, environment: environment, flags: flags).configuration
    }

    /// What `load` resolves, with each setting's value in force and where it came from (for
    /// `linli config`).
    public struct Resolved: Sendable {
        public let configuration: LinliConfiguration
        /// Dotted name → the value in force, for the settings set anywhere (the rest are defaults).
        public let values: [String: String]
        /// Dotted name → "file", "environment" or "flag".
        public let sources: [String: String]
    }

    /// Resolves the layers like `load`, keeping the values and their sources.
    public static func resolve(file: String?, environment: [String: String], flags: [String: String]) throws(ConfigurationError) -> Resolved {
        var values: [String: String] = [:]
        var sources: [String: String] = [:]
        var problems: [String] = []
        if let file {
            do {
                let read = try readFile(file)
                for (name, value) in read.values {
                    values[name] = value
                    sources[name] = "file"
                }
                problems += read.problems
            } catch let error as ConfigurationError {
                problems += error.problems
            } catch {
                problems.append("cannot read config file \(file): \(error)")
            }
        }
        let known = Set(ConfigKey.all.map(\.environmentName))
        for (name, value) in environment where name.hasPrefix("LINLI_") && name != "LINLI_CONFIG" {
            guard known.contains(name), let key = ConfigKey.all.first(where: { $0.environmentName == name }) else {
                problems.append("unknown environment variable \(name)")
                continue
            }
            values[key.name] = value
            sources[key.name] = "environment"
        }
        for (name, value) in flags {
            values[name] = value
            sources[name] = "flag"
        }
        // The values are checked even when names were refused, so every problem is reported at
        // once (an unknown variable and a bad port in the same run).
        do {
            let configuration = try LinliConfiguration(values: values)
            if problems.isEmpty { return Resolved(configuration: configuration, values: values, sources: sources) }
        } catch {
            problems += error.problems
        }
        throw ConfigurationError(problems: problems)
    }

    /// Reads a YAML file of nested sections (`server: { port: 8080 }`) into dotted names, with
    /// a problem for each unknown key (a typo never silently falls back to a default) or value
    /// that is not a single value; the good values are returned beside them, to be checked too.
    static func readFile(_ path: String) throws -> (values: [String: String], problems: [String]) {
        let text = try String(contentsOfFile: path, encoding: .utf8)
        guard let root = try Yams.compose(yaml: text) else { return ([:], []) }
        guard case .mapping(let sections) = root else {
            throw ConfigurationError(problems: ["\(path): the top level must be a mapping of sections"])
        }
        var values: [String: String] = [:]
        var problems: [String] = []
        for (sectionKey, sectionValue) in sections {
            let section = sectionKey.string ?? "?"
            // A section with every line commented out (`webhooks:` alone, or `~`) sets nothing.
            if case .scalar = sectionValue, sectionValue.null != nil { continue }
            guard case .mapping(let entries) = sectionValue else {
                problems.append("\(path):\(sectionKey.mark?.line ?? 0): section \(section) must be a mapping")
                continue
            }
            for (key, value) in entries {
                let name = "\(section).\(key.string ?? "?")"
                let line = key.mark?.line ?? 0
                guard let configKey = ConfigKey.named(name) else {
                    problems.append("\(path):\(line): unknown setting \(name)")
                    continue
                }
                switch value {
                case .scalar where value.null != nil:
                    // YAML's null (`~`, `null`, nothing after the colon) means "not set": the
                    // default applies. Read as text it became a proxy host named "~".
                    continue
                case .scalar(let scalar):
                    values[name] = scalar.string
                case .sequence(let items) where configKey.kind == .list:
                    values[name] = items.compactMap(\.string).joined(separator: ",")
                default:
                    problems.append("\(path):\(line): \(name) must be a single value")
                }
            }
        }
        return (values, problems)
    }
}
