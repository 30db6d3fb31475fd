import Foundation
import PackagePlugin

/// Embeds project files that the binary must carry (SQL migrations, rule-file presets, the OpenAPI
/// document) as Swift string constants, so `linli` never depends on its working directory or on a
/// resource bundle sitting beside it. The table below says which target embeds what.
@main
struct EmbedFiles: BuildToolPlugin {
    /// target name → (generated enum name, folder relative to the package root, file extension)
    static let table: [String: (enumName: String, folder: String, fileExtension: String)] = [
        "LinliStore": ("EmbeddedMigrations", "migrations", "sql"),
        "LinliRules": ("EmbeddedRulePresets", "rules", "yaml"),
        "LinliAPI": ("EmbeddedOpenAPI", "docs/openapi", "yaml"),
    ]

    func createBuildCommands(context: PluginContext, target: Target) throws -> [Command] {
        guard let entry = Self.table[target.name] else { return [] }
        let folder = context.package.directoryURL.appending(path: entry.folder)
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        let inputs = names
            .filter { $0.hasSuffix("." + entry.fileExtension) }
            .sorted()
            .map { folder.appending(path: $0) }
        let output = context.pluginWorkDirectoryURL.appending(path: "\(entry.enumName).swift")
        return [
            .buildCommand(
                displayName: "Embedding \(inputs.count) \(entry.folder) file(s) into \(target.name)",
                executable: try context.tool(named: "EmbedFilesTool").url,
                arguments: [entry.enumName, output.path] + inputs.map(\.path),
                inputFiles: inputs,
                outputFiles: [output]
            )
        ]
    }
}
