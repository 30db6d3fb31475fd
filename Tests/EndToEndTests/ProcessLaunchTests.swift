import Foundation
import LinliTestSupport
import Testing

/// The gate in front of Foundation's `Process.run()` counts the descriptors it must stay under.
@Suite struct ProcessLaunchTests {
    @Test func countsTheDescriptorsThisProcessHasOpen() throws {
        // Other tests open and close files meanwhile, so the count is compared with a margin
        // far smaller than what is opened here.
        let before = ProcessLaunch.openDescriptors()
        let pipes = (0..<200).map { _ in Pipe() }
        let during = ProcessLaunch.openDescriptors()
        withExtendedLifetime(pipes) {}
        #expect(before > 2, "stdin, stdout and stderr at least")
        #expect(during - before >= 300, "200 pipes are 400 descriptors: \(before) → \(during)")
    }

    @Test func aChildStartsAndItsStatusIsRead() async throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", "exit 3"]
        try await ProcessLaunch.start(process)
        await OwnThread.run { process.waitUntilExit() }
        #expect(process.terminationStatus == 3)
    }
}
