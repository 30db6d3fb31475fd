import Foundation
import LinliApp
import LinliDomain
import LinliStore
import LinliTestSupport
import Logging
import Testing

/// Helper 113: a rule file named after the community's name (`xingfuli.yaml`), with a mistyped id,
/// or unreadable by the service's user was skipped without a word, scan after scan. Each is said
/// once in the log; temporary copies and other files stay unmentioned.
@Suite struct RuleWatcherIgnoredFileTests {
    @Test func misnamedAndUnreadableFilesAreSaidOnce() async throws {
        let watched = try RuleDirectoryWatcherTests.Watched()
        let lines = CapturingLogHandler.Lines()
        let watcher = RuleDirectoryWatcher(
            directory: watched.directory, store: watched.environment.store, logger: CapturingLogHandler.logger(into: lines), settle: .zero)
        let text = RuleDirectoryWatcherTests.version(2)
        for name in ["xingfuli.yaml", "cmt_NOPE.yaml", "\(watched.community).yml", "notes.txt", ".\(watched.community).yaml.Xy12ab", "\(watched.community).yaml.tmp"] {
            try text.write(to: watched.directory.appendingPathComponent(name), atomically: true, encoding: .utf8)
        }
        let unreadable = watched.directory.appendingPathComponent("\(watched.community).yaml")
        try text.write(to: unreadable, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o000], ofItemAtPath: unreadable.path)
        defer { try? FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: unreadable.path) }
        let runningAsRoot = FileManager.default.isReadableFile(atPath: unreadable.path)  // root reads it anyway

        for _ in 0..<3 { _ = try await watcher.scanOnce() }
        let warnings = lines.all.filter { $0.level == .warning }
        let files = warnings.compactMap { $0.metadata["file"].map { URL(fileURLWithPath: $0).lastPathComponent } }
        #expect(files.filter { $0 == "xingfuli.yaml" }.count == 1, "\(warnings)")
        #expect(files.filter { $0 == "cmt_NOPE.yaml" }.count == 1)
        #expect(files.filter { $0 == "\(watched.community).yml" }.count == 1, "the likeliest misnaming (helper 116)")
        #expect(!files.contains("notes.txt") && !files.contains { $0.hasPrefix(".") || $0.hasSuffix(".tmp") })
        #expect(warnings.first { $0.metadata["file"]?.hasSuffix("xingfuli.yaml") == true }?.message.contains("<community id>.yaml") == true)
        if !runningAsRoot {
            #expect(files.filter { $0 == "\(watched.community).yaml" }.count == 1)
            #expect(warnings.contains { $0.message.contains("cannot read") })
        }
    }
}

/// Helper 138: a refused file's warnings were logged as reasons for the refusal, at error level,
/// beside its errors; the operator could not tell which lines to mend.
@Suite struct RuleWatcherRefusalLogTests {
    @Test func onlyTheErrorsAreLoggedAsWhyAFileWasRefused() async throws {
        let watched = try RuleDirectoryWatcherTests.Watched()
        let lines = CapturingLogHandler.Lines()
        let watcher = RuleDirectoryWatcher(
            directory: watched.directory, store: watched.environment.store, logger: CapturingLogHandler.logger(into: lines), settle: .zero)
        let text = RuleDirectoryWatcherTests.version(2, extra: "\nbogus_key: 1")
            .replacingOccurrences(of: "hotwords: [代购, 微商", with: "hotwords: [代购，微商")
        try text.write(to: watched.directory.appendingPathComponent("\(watched.community).yaml"), atomically: true, encoding: .utf8)
        _ = try await watcher.scanOnce()
        let findings = lines.all.filter { $0.metadata["code"]?.hasPrefix("rules.") == true }
        #expect(findings.filter { $0.level == .error }.map { $0.metadata["code"] } == ["rules.unknown_key"], "\(findings)")
        let warning = try #require(findings.first { $0.metadata["code"] == "rules.several_words_in_one_item" }, "\(findings)")
        #expect(warning.level == .warning && warning.metadata["severity"] == "warning")
        #expect(warning.message.contains("would not refuse it"))
    }
}
