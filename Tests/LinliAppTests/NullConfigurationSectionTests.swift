import Foundation
import LinliApp
import LinliTestSupport
import Testing

/// Found by review 9f (each test failed first): review 9c made a YAML null mean "unset" (`ConfigurationLoader.readFile`), but only
/// for a setting's value.
@Suite struct NullConfigurationSectionTests {
    let scratch: TemporaryDirectory

    init() throws { scratch = try TemporaryDirectory(prefix: "linli-r9f-config") }

    func writeConfig(_ text: String) throws -> String {
        let path = scratch.url.appendingPathComponent("linli-\(UUID().uuidString).yaml").path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    /// Editing `deploy/linli.example.yaml`, an operator comments out every line of a section they
    /// do not use (here `webhooks:`, whose proxy line the example itself shows). YAML reads the
    /// bare `webhooks:` as null — the same null that now means "unset" for a value — yet
    /// `readFile` refuses it ("section webhooks must be a mapping", ConfigurationLoader.swift
    /// line 71) and the service does not start. A null section is a section with nothing set.
    @Test("a section whose every entry is commented out means nothing set", arguments: ["", " ~", " null"])
    func aNullSectionMeansNothingSet(_ spelling: String) throws {
        let path = try writeConfig("""
            server:
              port: 8081
            webhooks:\(spelling)
              # proxy: "http://proxy.internal:3128"
              # retention_days: 90

            """)
        do {
            let configuration = try ConfigurationLoader.load(file: path, environment: [:], flags: [:])
            #expect(configuration.webhookProxy == nil)
            #expect(configuration.webhookRetentionDays == 90)
        } catch {
            Issue.record("a section with every entry commented out is refused: \(error)")
        }
    }
}
