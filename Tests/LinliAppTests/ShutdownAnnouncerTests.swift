import Hummingbird
import HummingbirdTesting
import LinliAPI
import LinliApp
import LinliStore
import Logging
import ServiceLifecycle
import Testing

/// Readiness during a graceful shutdown, over HTTP, flipped by the mechanism `linli serve` uses:
/// a `ShutdownAnnouncer` last in a ServiceGroup, ahead of a service that is still draining (the
/// webhook worker finishing its deliveries, in the real group).
@Suite struct ShutdownAnnouncerTests {
    /// A service that, once asked to stop, keeps "finishing its work" until the test lets it go.
    struct Draining: Service {
        let release: AsyncStream<Void>

        func run() async throws {
            try? await gracefulShutdown()
            for await _ in release { return }
        }
    }

    @Test func readyzAnswers503OnceGracefulShutdownBeginsWhileHealthzStays200() async throws {
        let configuration = try ConfigurationLoader.load(file: nil, environment: [:], flags: [:])
        let environment = try LinliEnvironment(configuration: configuration, database: try AppDatabase(), logger: Logger(label: "test"))
        let application = Application(router: LinliRouter.build(environment.apiDependencies()))
        let (release, letGo) = AsyncStream<Void>.makeStream()
        let group = ServiceGroup(
            services: [Draining(release: release), ShutdownAnnouncer(state: environment.shutdown, logger: Logger(label: "test"))],
            logger: Logger(label: "test"))
        try await application.test(.router) { client in
            try await withThrowingTaskGroup(of: Void.self) { tasks in
                tasks.addTask { try await group.run() }
                let before = try await client.execute(uri: "/readyz", method: .get)
                #expect(before.status == .ok)

                await group.triggerGracefulShutdown()
                var during = try await client.execute(uri: "/readyz", method: .get)
                let clock = ContinuousClock()
                let deadline = clock.now.advanced(by: .seconds(30))  // ends at the first 503; long for a busy CI machine
                while during.status == .ok, clock.now < deadline {
                    try await Task.sleep(for: .milliseconds(5))
                    during = try await client.execute(uri: "/readyz", method: .get)
                }
                #expect(during.status == .serviceUnavailable)
                let body = String(buffer: during.body)
                #expect(body.contains(#""status":"not_ready""#) && body.contains(#""shutdown":"in progress""#), "\(body)")
                #expect(try await client.execute(uri: "/healthz", method: .get).status == .ok)
                #expect(environment.shutdown.hasBegun)

                letGo.yield()
                letGo.finish()
                try await tasks.waitForAll()
            }
        }
    }

    /// A group cancelled without a graceful shutdown (a service failed) does not claim one began.
    @Test func cancellationIsNoShutdownAnnouncement() async throws {
        let state = ShutdownState()
        let task = Task { try await ShutdownAnnouncer(state: state, logger: Logger(label: "test")).run() }
        task.cancel()
        try await task.value
        #expect(!state.hasBegun)
    }
}
