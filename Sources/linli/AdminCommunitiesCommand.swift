import ArgumentParser
import Foundation
import LinliApp
import LinliStore

extension AdminCommand {
    /// `linli admin communities`: each community with its id and its admins (`CommunityDirectory`),
    /// for `admin token` when an admin lost her token.
    struct Communities: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List the communities with their ids and admins (to issue a token with admin token).")

        @OptionGroup var common: CommonOptions

        func run() async throws {
            let configuration = try common.load()
            try await reportingFailures(database: configuration.databasePath) {
                let (environment, _) = try AdminCommand.openExistingStore(configuration)
                defer { try? environment.database.close() }
                let entries = try environment.database.readSync { db in try CommunityDirectory.all(db) }
                print(Self.text(entries), terminator: "")
            }
        }

        /// One block per community: id, name, zone, then each admin (id, name, status).
        static func text(_ entries: [CommunityDirectory.Entry]) -> String {
            guard !entries.isEmpty else { return "no community yet: create one with linli admin bootstrap\n" }
            return entries.map { entry in
                "\(entry.id)  \(entry.name)  (\(entry.timezone))\n"
                    + (entry.admins.isEmpty ? "  no admin\n" : entry.admins.map { "  admin \($0.id)  \($0.name)  \($0.status)\n" }.joined())
            }.joined()
        }
    }
}
