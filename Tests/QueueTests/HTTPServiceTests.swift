import Dispatch
import FlyingSocks
import Logging
import MetricsTestKit
import ServiceKit
import ServiceLifecycle
import ServiceLifecycleTestKit
import Synchronization
import Testing

@testable import DaemonSupport

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
        maximumConnections: Int = 64,
        logger: Logger = Logger(label: "test") { _ in SwiftLogNoOpLogHandler() },
        wrapPool: @escaping @Sendable (any AsyncSocketPool) -> any AsyncSocketPool = { $0 },
        beforeListening: @Sendable (HTTPService) async -> Void = { _ in },
        _ body: @Sendable (HTTPService, Int) async throws -> Void
    ) async throws {
        let folder = TempDir()
        var configuration = HTTPService.Configuration(address: "127.0.0.1:0")
        configuration.connectionLifetime = lifetime
        configuration.maximumConnections = maximumConnections
        let service = HTTPService(
            configuration: configuration,
            clock: clock,
            wrapPool: wrapPool,
            metrics: Metrics(factory: TestMetrics()),
            health: AlwaysReady(),
            inbox: folder.path,
            logger: logger,
            version: "test"
        )
        try await testGracefulShutdown { trigger in
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { try await service.run() }
                await beforeListening(service)
                // Polled with short sleeps, not `Task.yield()`: a spinning test holds a thread of the
                // cooperative pool, and with every suite running at once on a busy 2-core machine the
                // service could not get one within 10 s.
                let started = ContinuousClock.now
                while service.port.load(ordering: .relaxed) == 0, ContinuousClock.now - started < .seconds(60) {
                    try await Task.sleep(for: .milliseconds(5))
                }
                let port = service.port.load(ordering: .relaxed)
                #expect(port != 0, "the service is not listening")
                if port != 0 { try await body(service, port) }
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

    /// A server that stops with an error (here its pool fails to start, as accept does with
    /// EMFILE) is logged as a warning and restarted after a backoff on the service's clock: the
    /// endpoints answer again. (Before, the service logged an error and ran without them.)
    @Test func aFailedServerIsRestarted() async throws {
        let clock = TestClock()
        let log = CapturedLog()
        let failures = Failures(1)
        try await withService(
            clock: clock,
            logger: log.logger,
            wrapPool: { FailingPool(inner: $0, failures: failures) },
            beforeListening: { service in
                // The first server failed; the service waits on the test clock, then restarts.
                let (first, outcome) = AsyncStream.makeStream(of: Bool.self)
                Task {
                    _ = await clock.sleeper { _ in true }
                    outcome.yield(true)
                }
                let timer = Task {
                    try? await Task.sleep(for: .seconds(10))
                    outcome.yield(false)
                }
                var outcomes = first.makeAsyncIterator()
                let waiting = await outcomes.next() ?? false
                timer.cancel()
                #expect(waiting, "the service did not wait to restart the failed server")
                #expect(service.port.load(ordering: .relaxed) == 0)
                clock.advance(by: .seconds(1))
            },
            { _, port in
                #expect(failures.left == 0)
                #expect(
                    await blocking { httpRequest(port: port, "GET", "/healthz") }?.hasPrefix("HTTP/1.1 200") == true
                )
                #expect(log.lines.contains { $0.level == .warning && $0.message.contains("restarting") })
            }
        )
        #expect(!log.lines.contains { $0.level >= .error }, "\(log.lines)")
    }

    /// Past `maximumConnections` connections waiting for their client, a new one is closed at
    /// its first wait (one whose request is already there may be served): a flood of idle connections cannot use up the daemon's file descriptors. Once the
    /// waiting ones reach their deadline, connections are served again.
    @Test func connectionsPastTheCapAreClosed() async throws {
        let clock = TestClock()
        let waits = WaitCount()
        try await withService(
            clock: clock,
            lifetime: .seconds(10),
            maximumConnections: 2,
            wrapPool: { CountingPool(inner: $0, waits: waits) },
            { _, port in
                let slow = (0..<2).compactMap { _ in Connection(port: port) }
                for connection in slow { connection.send("GET /hea") }
                let started = ContinuousClock.now
                while waits.now < 2, ContinuousClock.now - started < .seconds(10) { await Task.yield() }
                #expect(waits.now == 2)
                // A third slow client is closed without an answer (read returns end of file).
                let third = try #require(Connection(port: port, receiveTimeoutSeconds: 5))
                third.send("GET /hea")
                let before = ContinuousClock.now
                #expect(await blocking { third.readAll() } == "")
                #expect(ContinuousClock.now - before < .seconds(4), "the third connection was not closed")
                #expect(slow.count == 2 && slow.allSatisfy(\.isOpenAndSilent))
                clock.advance(by: .seconds(11))
                let again = await blocking { httpRequest(port: port, "GET", "/healthz") }
                #expect(again?.hasPrefix("HTTP/1.1 200") == true)
            }
        )
    }

    /// A graceful shutdown stops the server without an error in the log. (Before, every
    /// shutdown logged "cannot serve …" with error=disconnected.)
    @Test func gracefulShutdownLogsNoError() async throws {
        let log = CapturedLog()
        try await withService(clock: TestClock(), logger: log.logger) { _, port in
            #expect(await blocking { httpRequest(port: port, "GET", "/healthz") }?.hasPrefix("HTTP/1.1 200") == true)
        }
        #expect(log.lines.contains { $0.message == "http listening" })
        #expect(!log.lines.contains { $0.level >= .warning }, "\(log.lines)")
    }
}

/// How many more times a ``FailingPool`` fails.
final class Failures: Sendable {
    private let count: Mutex<Int>

    init(_ count: Int) { self.count = Mutex(count) }

    /// The failures still to come.
    var left: Int { count.withLock { $0 } }

    /// Whether to fail now (counting it).
    func take() -> Bool {
        count.withLock { count in
            guard count > 0 else { return false }
            count -= 1
            return true
        }
    }
}

/// A pool whose `prepare` fails (as accepting does with too many open files) as many times as
/// `failures` says, then forwards to `inner`.
struct FailingPool: AsyncSocketPool {
    let inner: any AsyncSocketPool
    let failures: Failures

    func prepare() async throws {
        if failures.take() {
            throw SocketError.failed(type: "Accept", errno: EMFILE, message: "Too many open files")
        }
        try await inner.prepare()
    }

    func run() async throws { try await inner.run() }

    func suspendSocket(_ socket: Socket, untilReadyFor events: Socket.Events) async throws {
        try await inner.suspendSocket(socket, untilReadyFor: events)
    }
}

/// How many connected sockets wait in a ``CountingPool`` now.
final class WaitCount: Sendable {
    private let count = Mutex(0)

    /// The waits now.
    var now: Int { count.withLock { $0 } }

    /// Adds `delta`.
    func add(_ delta: Int) { count.withLock { $0 += delta } }
}

/// A pool that counts the waits of connected sockets in `waits`, and forwards to `inner`.
struct CountingPool: AsyncSocketPool {
    let inner: any AsyncSocketPool
    let waits: WaitCount

    func prepare() async throws { try await inner.prepare() }

    func run() async throws { try await inner.run() }

    func suspendSocket(_ socket: Socket, untilReadyFor events: Socket.Events) async throws {
        guard (try? socket.remotePeer()) != nil else {
            return try await inner.suspendSocket(socket, untilReadyFor: events)
        }
        waits.add(1)
        defer { waits.add(-1) }
        try await inner.suspendSocket(socket, untilReadyFor: events)
    }
}

/// The lines logged through ``logger``.
final class CapturedLog: Sendable {
    struct Line: Sendable {
        var level: Logger.Level
        var message: String
    }

    private let captured = Mutex<[Line]>([])

    /// What was logged so far.
    var lines: [Line] { captured.withLock { $0 } }

    /// A logger (at trace level) that appends to ``lines``.
    var logger: Logger {
        var logger = Logger(label: "test") { [self] _ in Handler(log: self) }
        logger.logLevel = .trace
        return logger
    }

    fileprivate func append(_ line: Line) { captured.withLock { $0.append(line) } }

    private struct Handler: LogHandler {
        let log: CapturedLog
        var metadata: Logger.Metadata = [:]
        var logLevel: Logger.Level = .trace

        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }

        func log(event: LogEvent) {
            log.append(Line(level: event.level, message: "\(event.message)"))
        }
    }
}
