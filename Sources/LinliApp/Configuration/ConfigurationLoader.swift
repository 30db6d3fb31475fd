import Foundation
import LinliRules
import Yams

/// Resolves configuration in layers: defaults < config file < `LINLI_*` environment < flags.
public enum ConfigurationLoader {
    /// - Parameters:
    ///   - file: path of a YAML config file (`--config` or `LINLI_CONFIG`), or nil.
    ///   - environment: the process environment (injected for tests).
    ///   - flags: dotted names set on the command line, e.g. `["server.port": "9000"]`.
    ///   - flagSpellings: how the user typed each of those flags (`["server.port": "--port"]`), to
    ///     name it in a problem with its value.
    public static func load(
        file: String?, environment: [String: String], flags: [String: String], flagSpellings: [String: String] = [:]
    ) throws(ConfigurationError) -> LinliConfiguration {
        try resolve(file: file, environment: environment, flags: flags, flagSpellings: flagSpellings).configuration
    }

    /// What `load` resolves, with each setting's value in force and where it came from (for
    /// `linli config`).
    public struct Resolved: Sendable {
        public let configuration: LinliConfiguration
        /// Dotted name → the value in force, for the settings set anywhere (the rest are defaults).
        public let values: [String: String]
        /// Dotted name → where the value in force was set (the layer that won).
        public let origins: [String: ConfigurationOrigin]
        /// Dotted name → "file", "environment" or "flag".
        public var sources: [String: String] { origins.mapValues(\.layer) }
    }

    /// Resolves the layers like `load`, keeping the values and where each was set.
    public static func resolve(
        file: String?, environment: [String: String], flags: [String: String], flagSpellings: [String: String] = [:]
    ) throws(ConfigurationError) -> Resolved {
        var values: [String: String] = [:]
        var origins: [String: ConfigurationOrigin] = [:]
        var problems: [String] = []
        if let file, file.isEmpty {
            // `LINLI_CONFIG=` (set, but to nothing) read as "config file : no such file" (helper 113).
            problems.append(
                "the config file's path is empty (--config \"\" or LINLI_CONFIG set to nothing); name a file, or unset LINLI_CONFIG to run on defaults")
        } else if let file {
            do {
                let read = try readFile(file)
                values = read.values
                origins = read.origins
                problems += read.problems
            } catch let error as ConfigurationError {
                problems += error.problems
            } catch let error as TextFile.Unreadable {
                problems.append("config file \(error)")
            } catch {
                problems.append("cannot read the config file \(file): \(error)")
            }
        }
        let fileValues = values, fileOrigins = origins
        let known = Set(ConfigKey.all.map(\.environmentName))
        for (name, value) in environment where name.hasPrefix("LINLI_") && name != "LINLI_CONFIG" {
            guard known.contains(name), let key = ConfigKey.all.first(where: { $0.environmentName == name }) else {
                if KubernetesServiceLinks.isServiceLink(name, value: value, environment: environment) { continue }
                let hint = SettingNameHint.hint(for: name, among: ConfigKey.all.map(\.environmentName)).map { "; did you mean \($0)?" } ?? ""
                problems.append("unknown environment variable \(name)" + hint)
                continue
            }
            values[key.name] = value
            origins[key.name] = .environment(name)
        }
        for (name, value) in flags {
            values[name] = value
            origins[name] = .flag(flagSpellings[name])
        }
        // The values are checked even when names were refused, so every problem is reported at
        // once (an unknown variable and a bad port in the same run).
        problems += shadowedFileProblems(fileValues: fileValues, fileOrigins: fileOrigins, values: values, origins: origins)
        do {
            let configuration = try LinliConfiguration(values: values, origins: origins)
            if problems.isEmpty { return Resolved(configuration: configuration, values: values, origins: origins) }
        } catch {
            problems += error.problems
        }
        throw ConfigurationError(problems: problems)
    }

    /// The problems of file values an environment variable or flag overrides now (helper 136:
    /// `server.port: abc` passed while `LINLI_SERVER_PORT` was set, and the service would not
    /// start once the variable was gone, say after moving from a container to systemd).
    static func shadowedFileProblems(
        fileValues: [String: String], fileOrigins: [String: ConfigurationOrigin], values: [String: String],
        origins: [String: ConfigurationOrigin]
    ) -> [String] {
        let shadowed = fileValues.filter { values[$0.key] != $0.value }.keys.sorted()
        guard !shadowed.isEmpty else { return [] }
        var asFile = values, asFileOrigins = origins
        for key in shadowed {
            asFile[key] = fileValues[key]
            asFileOrigins[key] = fileOrigins[key]
        }
        do {
            _ = try LinliConfiguration(values: asFile, origins: asFileOrigins)
            return []
        } catch {
            return error.problems.filter { problem in shadowed.contains { problem.contains($0) } }.map {
                $0 + " (overridden now, but used as soon as the override is gone: fix it in the file)"
            }
        }
    }

    /// Reads a YAML file of nested sections (`server: { port: 8080 }`) into dotted names, with
    /// a problem for each unknown key (a typo never silently falls back to a default) or value
    /// that is not a single value; the good values are returned beside them, to be checked too,
    /// each with the position of its value node (`origins`) for the problems the checks find.
    static func readFile(_ path: String) throws -> (values: [String: String], origins: [String: ConfigurationOrigin], problems: [String]) {
        let text = try TextFile.read(path)
        func at(_ node: Node) -> String { "\(path):\(node.mark?.line ?? 0):\(node.mark?.column ?? 0)" }
        let root: Node?
        do {
            root = try Yams.compose(yaml: text)
        } catch let error as YamlError {
            if case .duplicatedKeysInMapping = error {
                // At each repeat, with the first's line (Yams marks where the mapping starts).
                let repeats = YAMLRepeatedKeys.find(in: text)
                if !repeats.isEmpty {
                    throw ConfigurationError(problems: repeats.map { "\(path):\($0.line):\($0.column): \($0.message)" })
                }
            }
            throw ConfigurationError(problems: [syntaxProblem(error, path: path)])
        }
        guard let root else { return ([:], [:], []) }
        guard case .mapping(let sections) = root else {
            throw ConfigurationError(problems: ["\(at(root)): the top level must be a mapping of sections"])
        }
        var values: [String: String] = [:]
        var origins: [String: ConfigurationOrigin] = [:]
        var problems: [String] = []
        for (sectionKey, sectionValue) in sections {
            let section = sectionKey.string ?? "?"
            // A section with every line commented out (`webhooks:` alone, or `~`) sets nothing.
            if case .scalar = sectionValue, sectionValue.null != nil { continue }
            guard case .mapping(let entries) = sectionValue else {
                problems.append("\(at(sectionKey)): section \(section) must be a mapping")
                continue
            }
            for (key, value) in entries {
                let name = "\(section).\(key.string ?? "?")"
                guard let configKey = ConfigKey.named(name) else {
                    let hint = SettingNameHint.hint(for: name, among: ConfigKey.all.map(\.name)).map { "; did you mean \($0)?" } ?? ""
                    problems.append("\(at(key)): unknown setting \(name)" + hint)
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
                    // Each item a plain value (helper 136: `[0, {a: 1}, 5]` became `0,5`, and a
                    // nested list an empty setting, both accepted).
                    let odd = items.filter { item in
                        guard case .scalar = item, item.null == nil else { return true }
                        return false
                    }
                    if let first = odd.first {
                        problems.append("\(at(first)): each item of \(name) must be a single value")
                        continue
                    }
                    values[name] = items.compactMap(\.string).joined(separator: ",")
                default:
                    problems.append("\(at(value)): \(name) must be a single value")
                    continue
                }
                origins[name] = .file(path: path, line: value.mark?.line ?? 0, column: value.mark?.column ?? 0)
            }
        }
        return (values, origins, problems)
    }

    /// A YAML syntax error as `FILE:LINE:COLUMN: …`, the way the rule files report theirs, instead
    /// of Yams' multi-line dump without the file name.
    static func syntaxProblem(_ error: YamlError, path: String) -> String {
        switch error {
        case .scanner(_, let problem, let mark, _), .parser(_, let problem, let mark, _), .composer(_, let problem, let mark, _):
            return "\(path):\(mark.line):\(mark.column): YAML syntax error: \(problem)"
        case .duplicatedKeysInMapping(let duplicates, let context):
            return "\(path):\(context.mark.line):\(context.mark.column): \(duplicates.joined(separator: ", ")) appears more than once"
        default:
            return "\(path): not a YAML file: \(error)"
        }
    }
}
