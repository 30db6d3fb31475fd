/// Where a configuration value was set, so that a problem with it points at the place to fix:
/// the file position of the value (`linli.yaml:7:9`, like a rule file's diagnostics), the
/// environment variable, or the command-line flag. "server.port must be an integer" alone left
/// the operator to search three layers for the value in force.
public enum ConfigurationOrigin: Sendable, Equatable {
    /// The value node in a YAML config file (line and column from 1).
    case file(path: String, line: Int, column: Int)
    /// A `LINLI_*` variable.
    case environment(String)
    /// A command-line flag as the user typed it (`--port`), or nil when the caller did not say.
    case flag(String?)

    /// "file", "environment" or "flag" (`linli config`'s source column).
    public var layer: String {
        switch self {
        case .file: "file"
        case .environment: "environment"
        case .flag: "flag"
        }
    }

    /// The place as a problem cites it before its message.
    public var citation: String {
        switch self {
        case .file(let path, let line, let column): "\(path):\(line):\(column)"
        case .environment(let name): "environment variable \(name)"
        case .flag(let spelling): spelling.map { "flag \($0)" } ?? "command line"
        }
    }
}
