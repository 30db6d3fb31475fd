import Logging
import LinliApp
import ServiceLifecycle
import Synchronization
import Testing

@Suite struct PeriodicTaskTests {
    @Test func runsRepeatedlySurvivesFailuresAndStopsOnGracefulShutdown() async throws {
        let runs = Mutex(0)
        let task = PeriodicTask(name: "test", interval: .milliseconds(5), logger: Logger(label: "test")) {
            let count = runs.withLock { value -> Int in
                value += 1
                return value
            }
            if count == 2 { throw CancellationErrorStandIn() }
        }
        let group = ServiceGroup(services: [task], logger: Logger(label: "test"))
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            while runs.withLock({ $0 }) < 5 { try await Task.sleep(for: .milliseconds(5)) }
            await group.triggerGracefulShutdown()
            try await tasks.waitForAll()
        }
        #expect(runs.withLock { $0 } >= 5)
    }
}

/// A failure inside one round (not a cancellation).
struct CancellationErrorStandIn: Error {}
