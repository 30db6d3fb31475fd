import Hummingbird
import Logging
import ServiceLifecycle

/// Runs an in-process Hummingbird receiver on a free port for the duration of a test body, and
/// stops it with a graceful shutdown — never by cancelling its task.
///
/// Why: cancelling a NIO server task while a just-accepted connection is still buffered leaves that
/// connection's `NIOAsyncWriter` unfinished, and its deinit traps ("Deinited NIOAsyncWriter
/// without calling finish()", apple/swift-nio#3481; the NIO maintainers advise a graceful
/// shutdown for local servers). That trap killed whole test runs now and then. A graceful shutdown
/// stops accepting first; handlers that wait on purpose (slow endpoints) wrap their wait in
/// `cancelWhenGracefulShutdown`, and anything left after `grace` is cancelled by the group. The
/// grace is generous (10 s, not 2 s) because running out of it is the cancellation the trap above
/// comes from, and on a 2-CPU machine busy with the rest of the suite an ordinary shutdown has
/// taken more than 2 s; a shutdown that finishes early does not wait for it.
public enum LocalServer {
    public static func run<Builder: HTTPResponderBuilder, T: Sendable>(
        _ router: Builder, host: String = "127.0.0.1", grace: Duration = .seconds(10), _ body: @Sendable (Int) async throws -> T
    ) async throws -> T where Builder.Responder.Context: InitializableFromSource<ApplicationRequestContextSource> {
        let (ports, continuation) = AsyncStream<Int>.makeStream()
        let app = Application(
            router: router, configuration: .init(address: .hostname(host, port: 0)),
            onServerRunning: { channel in
                continuation.yield(channel.localAddress?.port ?? 0)
                continuation.finish()
            },
            logger: Logger(label: "test-receiver"))
        var configuration = ServiceGroupConfiguration(services: [app], logger: Logger(label: "test-receiver"))
        configuration.maximumGracefulShutdownDuration = grace
        let services = ServiceGroup(configuration: configuration)
        return try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await services.run() }
            var iterator = ports.makeAsyncIterator()
            guard let port = await iterator.next() else {
                await services.triggerGracefulShutdown()
                throw CancellationError()
            }
            let outcome: Result<T, any Error>
            do { outcome = .success(try await body(port)) } catch { outcome = .failure(error) }
            await services.triggerGracefulShutdown()
            try? await group.waitForAll()
            return try outcome.get()
        }
    }
}
