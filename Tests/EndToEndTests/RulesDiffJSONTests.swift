import Foundation
import LinliTestSupport
import Testing

/// `linli rules diff --json` wrote camelCase keys (`candidateVersion`) while the API's diff of the
/// same report is snake_case (`candidate_version`); session-17 organizer walk.
@Suite struct RulesDiffJSONTests {
    /// The binary, a scratch directory holding a listings file of one household item, and the
    /// shipped rule file to compare with itself.
    static func oneListing() throws -> (LinliBinary, TemporaryDirectory, URL, String) {
        let binary = try LinliBinary.locate()
        let scratch = try TemporaryDirectory(prefix: "linli-diff")
        let listings = scratch.url.appendingPathComponent("l.json")
        try Data(#"[{"id":"l1","input":{"kind":"item","category":"household","declared_cost":"120","age_months":6,"condition":"good"}}]"#.utf8)
            .write(to: listings)
        let rules = CommandLineFileProblemTests.packageRoot + "/rules/default.yaml"
        return (binary, scratch, listings, rules)
    }

    @Test func theCommandLineReportHasTheAPIsKeys() async throws {
        let (binary, scratch, listings, rules) = try Self.oneListing()
        let result = try await binary.run(["rules", "diff", rules, "--against", rules, "--listings", listings.path, "--json"])
        #expect(result.status == 0, "\(result.stderr)")
        let report = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any], "\(result.stdout)")
        #expect(report["candidate_version"] != nil && report["top_movers"] != nil, "\(report.keys.sorted())")
        #expect(!report.keys.contains { $0.contains(where: \.isUppercase) }, "\(report.keys.sorted())")
        #expect(FileManager.default.fileExists(atPath: scratch.url.path), "the listings file outlived the run")
    }

    /// Helper 160 #8: `--lang zh` gave only the "other rules" heading in Chinese.
    @Test func theTextReportIsInTheLanguageAskedFor() async throws {
        let (binary, scratch, listings, rules) = try Self.oneListing()
        let zh = try await binary.run(["rules", "diff", rules, "--against", rules, "--listings", listings.path, "--lang", "zh"])
        #expect(zh.status == 0, "\(zh.stderr)")
        #expect(zh.stdout.contains("第 1 版 → 第 1 版，比较 1 条发布") && zh.stdout.contains("按今天的供需计算：上升 0，下降 0，不变 1"), "\(zh.stdout)")
        #expect(!zh.stdout.contains("rules compared on"))
        let en = try await binary.run(["rules", "diff", rules, "--against", rules, "--listings", listings.path])
        #expect(en.status == 0 && en.stdout.contains("version 1 → 1 over 1 listing(s)"), "\(en.stdout)\(en.stderr)")
        #expect(FileManager.default.fileExists(atPath: scratch.url.path), "the listings file outlived both runs")
    }
}
