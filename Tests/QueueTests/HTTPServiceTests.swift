import DaemonSupport
import Dispatch
import Logging
import MetricsTestKit
import ServiceKit
import ServiceLifecycle
import ServiceLifecycleTestKit
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// Runs blocking socket calls on a thread of their own, never on Swift's cooperative threads
/// (which the server under test needs).
func blocking<T: Sendable>(_ body: @escaping @Sendable () -> T) async -> T {
    await DispatchQueue(label: "test.client").perform(body)
}

/// A daemon that is always ready.
struct AlwaysReady: HealthReporting {
    func waitUntilReady() async throws {}
    func readinessProblem() -> String? { nil }
    func statusLine() -> String { "ok" }
    func isAlive(within window: Duration) -> Bool { true }
    func updateGauges(in metrics: Metrics) { metrics.queueDepth.record(0) }
}

/// The endpoints over real sockets, with connection deadlines on a clock the test moves.
@Suite("HTTP endpoints")
struct HTTPServiceTests {
    /// Runs an `HTTPService` on a free loopback port and calls `body` with it and its port.
    func withService(
        clock: TestClock,
        lifetime: Duration = .seconds(10),
        _ body: @Sendable (HTTPService, Int) async throws -> Void
    ) async throws {
        let folder = TempDir()
        var configuration = HTTPService.Configuration(address: "127.0.0.1:0")
        configuration.connectionLifetime = lifetime
        let service = HTTPService(
            configuration: configuration,
            clock: clock,
            metrics: Metrics(factory: TestMetrics()),
            health: AlwaysReady(),
            inbox: folder.path,
            logger: Logger(label: "test") { _ in SwiftLogNoOpLogHandler() },
            version: "test"
        )
        try await testGracefulShutdown { trigger in
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { try await service.run() }
                while service.port.load(ordering: .relaxed) == 0 { await Task.yield() }
                try await body(service, service.port.load(ordering: .relaxed))
                trigger.triggerGracefulShutdown()
                try await group.waitForAll()
            }
        }
    }

    /// Issue #12, 2: idle connections and a client sending its request a byte at a time do not
    /// hold up a health probe: it is answered while they are still connected. (On the old
    /// server, connections were served one at a time: the probe waited for them.)
    @Test func aSlowClientDoesNotBlindTheHealthProbe() async throws {
        let clock = TestClock()
        try await withService(clock: clock) { _, port in
            let idle = (0..<5).compactMap { _ in Connection(port: port) }
            let slow = try #require(Connection(port: port))
            slow.send("GET /hea")
            let started = ContinuousClock.now
            let answer = await blocking { httpRequest(port: port, "GET", "/healthz") }
            let elapsed = ContinuousClock.now - started
            #expect(answer?.hasPrefix("HTTP/1.1 200") == true)
            #expect(answer?.hasSuffix("ok\n") == true)
            #expect(slow.isOpenAndSilent, "the slow client was served or dropped before the probe")
            #expect(idle.count == 5 && idle.allSatisfy(\.isOpenAndSilent))
            print("HTTP endpoints: /healthz answered in \(elapsed) beside 6 stalled clients")
        }
    }

    /// Each connection lives at most `connectionLifetime` from its first read, whatever its
    /// client does: past it the server closes the connection.
    @Test func aStalledConnectionIsClosedAtItsDeadline() async throws {
        let clock = TestClock()
        try await withService(clock: clock, lifetime: .seconds(10)) { _, port in
            let slow = try #require(Connection(port: port))
            slow.send("GET /hea")
            // The server now waits for the rest, with a deadline on the test's clock.
            await clock.sleeper { _ in true }
            #expect(slow.isOpenAndSilent)
            clock.advance(by: .seconds(11))
            // Closed without an answer (read returns end of file, not a timeout).
            #expect(await blocking { slow.readAll() } == "")
            #expect(await blocking { httpRequest(port: port, "GET", "/healthz") }?.hasPrefix("HTTP/1.1 200") == true)
        }
    }

    /// Issue #12, 8: HEAD is answered with the headers of GET and no body; other methods get 405.
    @Test func headHasNoBodyAndOtherMethodsAreRefused() async throws {
        try await withService(clock: TestClock()) { _, port in
            let head = try #require(await blocking { httpRequest(port: port, "HEAD", "/healthz") })
            #expect(head.hasPrefix("HTTP/1.1 200"))
            #expect(head.lowercased().contains("content-length: 3"))
            #expect(head.hasSuffix("\r\n\r\n"), "a body followed the headers: \(head)")
            let post = try #require(await blocking { httpRequest(port: port, "POST", "/healthz") })
            #expect(post.hasPrefix("HTTP/1.1 405"))
            #expect(await blocking { httpRequest(port: port, "GET", "/nope") }?.hasPrefix("HTTP/1.1 404") == true)
            let metrics = try #require(await blocking { httpRequest(port: port, "GET", "/metrics") })
            #expect(metrics.hasPrefix("HTTP/1.1 200"))
        }
    }
}
