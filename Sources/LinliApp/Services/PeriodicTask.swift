import Logging
import ServiceLifecycle

/// A long-running loop that does one unit of work every `interval` until graceful shutdown.
///
/// Used for housekeeping (expired idempotency keys) and, later, schedulers. Failures are logged
/// and the loop goes on: one bad round must not take the service down.
public struct PeriodicTask: Service {
    let name: String
    let interval: Duration
    let logger: Logger
    let work: @Sendable () async throws -> Void

    public init(name: String, interval: Duration, logger: Logger, work: @escaping @Sendable () async throws -> Void) {
        self.name = name
        self.interval = interval
        self.logger = logger
        self.work = work
    }

    public func run() async throws {
        do {
            try await cancelWhenGracefulShutdown { [self] in
                while !Task.isCancelled {
                    do {
                        try await work()
                    } catch is CancellationError {
                        return
                    } catch {
                        logger.error("periodic task failed", metadata: ["task": .string(name), "error": .string("\(error)")])
                    }
                    try await Task.sleep(for: interval)
                }
            }
        } catch is CancellationError {
            // Graceful shutdown interrupted the sleep: a normal end.
        }
    }
}
