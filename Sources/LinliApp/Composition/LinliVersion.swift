import LinliStore

/// Which Linli this is: the release and the newest migration it carries (the schema it brings a
/// database to), printed by `linli --version` and at start. Helper 136: an upgrade keeps the
/// previous binary beside the new one (OPERATIONS), and nothing told the two apart.
public enum LinliVersion {
    /// Raised with each release that is handed to communities.
    public static let release = "0.47.0"

    /// `0.47.0 (schema 0049_endpoint_paused_until)`.
    public static var text: String {
        let schema = MigrationRunner.shipped.migrations.last.map { String($0.name.split(separator: ".").first ?? "") } ?? "none"
        return "\(release) (schema \(schema))"
    }
}
