import Testing
@testable import LinliApp

/// Helper 113: an unknown variable or setting came with no hint. The one setting it was
/// probably meant to be is named; none when several (or none) fit.
@Suite struct SettingNameHintTests {
    static let variables = ConfigKey.all.map(\.environmentName)
    static let names = ConfigKey.all.map(\.name)

    @Test(arguments: [
        ("LINLI_PORT", "LINLI_SERVER_PORT"), ("LINLI_DATABSE_PATH", "LINLI_DATABASE_PATH"),
        ("LINLI_WEBHOOKS_TIMEOUT", "LINLI_WEBHOOKS_TIMEOUT_SECONDS"), ("LINLI_LOG_LEVL", "LINLI_LOG_LEVEL"),
        ("LINLI_NOTHING_LIKE_IT", nil),
    ] as [(String, String?)])
    func variables(name: String, hint: String?) {
        #expect(SettingNameHint.hint(for: name, among: Self.variables) == hint)
    }

    @Test(arguments: [
        ("server.prot", "server.port"), ("webhooks.timeout", "webhooks.timeout_seconds"), ("log.colour", nil),
    ] as [(String, String?)])
    func settings(name: String, hint: String?) {
        #expect(SettingNameHint.hint(for: name, among: Self.names) == hint)
    }
}
