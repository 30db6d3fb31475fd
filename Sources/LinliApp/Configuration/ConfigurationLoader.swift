import Foundation
import Yams

/// Resolves configuration in layers: defaults < config file < `LINLI_*` environment < flags.
public enum ConfigurationLoader {
    /// - Parameters:
    ///   - file: path of a YAML config file (`--config` or `LINLI_CONFIG`), or nil.
    ///   - environment: the process environment (injected for tests).
    ///   - flags: dotted names set on the command line, e.g. `["server.port": "9000"]`.
    public static func load(file: String?, environment: [String: String], flags: [String: String]) throws(ConfigurationError) -> LinliConfiguration {
        var values: [String: String] = [:]
        var problems: [String] = []
        if let file {
            do {
                for (name, value) in try readFile(file) { values[name] = value }
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
        }
        for (name, value) in flags {
            values[name] = value
        }
        if !problems.isEmpty { throw ConfigurationError(problems: problems) }
        return try LinliConfiguration(values: values)
    }

    /// Reads a YAML file of nested sections (`server: { port: 8080 }`) into dotted names,
    /// refusing unknown keys so a typo never silently falls back to a default.
    static func readFile(_ path: String) throws -> [String: String] {
        let text = try String(contentsOfFile: path, encoding: .utf8)
        guard let root = try Yams.compose(yaml: text) else { return [:] }
        guard case .mapping(let sections) = root else {
            throw ConfigurationError(problems: ["\(path): the top level must be a mapping of sections"])
        }
        var values: [String: String] = [:]
        var problems: [String] = []
        for (sectionKey, sectionValue) in sections {
            let section = sectionKey.string ?? "?"
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
                case .scalar(let scalar):
                    values[name] = scalar.string
                case .sequence(let items) where configKey.kind == .list:
                    values[name] = items.compactMap(\.string).joined(separator: ",")
                default:
                    problems.append("\(path):\(line): \(name) must be a single value")
                }
            }
        }
        if !problems.isEmpty { throw ConfigurationError(problems: problems) }
        return values
    }
}
