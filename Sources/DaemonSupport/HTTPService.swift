import FlyingFox
import FlyingSocks
import Foundation
import Logging
import ServiceKit
import ServiceLifecycle
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// Serves `/healthz`, `/readyz` and `/metrics` on loopback while the daemon runs, with
/// FlyingFox.
///
/// Every connection is served concurrently, so an idle or slow client cannot hold up a health
/// probe, and every connection ends ``Configuration/connectionLifetime`` after it began (a
/// ``DeadlineSocketPool``): a client that sends a byte a second, or never reads, loses its
/// connection. `GET` and `HEAD` are answered (`HEAD` without a body); other methods get 405.
/// Graceful shutdown (or cancellation) stops the server; a server that fails otherwise is
/// restarted (see ``run()``).
public final class HTTPService: Service, Sendable {
    /// How the endpoints are served.
    public struct Configuration: Sendable {
        /// `HOST:PORT`; port 0 picks a free one (see ``HTTPService/port``).
        public var address: String
        /// How long a client connection may live, from its first read. Defaults to `10` seconds.
        public var connectionLifetime: Duration = .seconds(10)
        /// How many connections may wait for their client at once; a new one beyond is closed
        /// (see ``DeadlineSocketPool``). Defaults to `64`.
        public var maximumConnections = 64
        /// How long to wait before restarting a server that stopped with an error. Defaults to
        /// `1` second; doubled after every failure in a row, up to ``maximumRestartDelay``.
        public var restartDelay: Duration = .seconds(1)
        /// The longest wait before a restart. Defaults to `30` seconds.
        public var maximumRestartDelay: Duration = .seconds(30)

        /// Settings for `address`, every other one at its default.
        public init(address: String) {
            self.address = address
        }
    }

    /// An answer to a request for a path.
    public struct Reply: Sendable, Equatable {
        /// The status code.
        public var status: Int
        /// The `Content-Type`.
        public var contentType: String
        /// The body (sent for `GET`; its length only for `HEAD`).
        public var body: String

        /// A reply with `status` and `body` (plain UTF-8 text unless `contentType` says otherwise).
        public init(status: Int, contentType: String = "text/plain; charset=utf-8", body: String) {
            self.status = status
            self.contentType = contentType
            self.body = body
        }
    }

    private let configuration: Configuration
    private let makePool: @Sendable (Duration) -> any AsyncSocketPool
    private let sleep: @Sendable (Duration) async throws -> Void
    private let metrics: Metrics
    private let health: any HealthReporting
    private let inbox: String
    private let logger: Logger
    private let version: String
    /// Whether graceful shutdown has begun, and the server running now (if any).
    private let serving = Mutex<(stopping: Bool, server: HTTPServer?)>((false, nil))
    /// The bound port while listening (0 before, and while the server is being restarted).
    public let port = Atomic<Int>(0)

    /// A service answering on `configuration.address` from `health` and `metrics`; `/readyz`
    /// also checks that `inbox` is usable. Connection deadlines and the wait before a failed
    /// server is restarted are measured on `clock` (`ContinuousClock` in the daemon; tests move
    /// a clock of their own).
    public convenience init<Clk: Clock<Duration>>(
        configuration: Configuration,
        clock: Clk,
        metrics: Metrics,
        health: any HealthReporting,
        inbox: String,
        logger: Logger,
        version: String
    ) {
        self.init(
            configuration: configuration,
            clock: clock,
            wrapPool: { $0 },
            metrics: metrics,
            health: health,
            inbox: inbox,
            logger: logger,
            version: version
        )
    }

    /// As the public initializer, with the socket pool each server starts with passed through
    /// `wrapPool` (before the ``DeadlineSocketPool`` wraps it): tests make a server fail with it.
    init<Clk: Clock<Duration>>(
        configuration: Configuration,
        clock: Clk,
        wrapPool: @escaping @Sendable (any AsyncSocketPool) -> any AsyncSocketPool,
        metrics: Metrics,
        health: any HealthReporting,
        inbox: String,
        logger: Logger,
        version: String
    ) {
        self.configuration = configuration
        let cap = configuration.maximumConnections
        self.makePool = { lifetime in
            DeadlineSocketPool(
                wrapping: wrapPool(HTTPServer.defaultPool()),
                lifetime: lifetime,
                clock: clock,
                maximumConnections: cap
            )
        }
        self.sleep = { delay in try await clock.sleep(for: delay) }
        self.metrics = metrics
        self.health = health
        self.inbox = inbox
        self.logger = logger
        self.version = version
    }

    /// A service answering on `address` with the default configuration.
    public convenience init(
        address: String,
        metrics: Metrics,
        health: any HealthReporting,
        inbox: String,
        logger: Logger,
        version: String
    ) {
        self.init(
            configuration: Configuration(address: address),
            clock: ContinuousClock(),
            metrics: metrics,
            health: health,
            inbox: inbox,
            logger: logger,
            version: version
        )
    }

    /// Listens and answers until graceful shutdown (or cancellation).
    ///
    /// A server that stops with an error (the address is in use, or accepting a connection
    /// failed, say with too many open files) is logged as a warning and started again after
    /// ``Configuration/restartDelay``, doubled after every failure in a row up to
    /// ``Configuration/maximumRestartDelay``: the endpoints come back once the cause is gone.
    /// When the address is not an IPv4 `HOST:PORT` it logs that and waits for shutdown
    /// without endpoints.
    public func run() async throws {
        metrics.recordBuildInfo(version: version)
        guard let parsed = HTTPAddress(configuration.address),
            let socketAddress = try? sockaddr_in.inet(ip4: parsed.host, port: parsed.port)
        else {
            logger.error(
                "cannot serve /healthz, /readyz and /metrics; running without them",
                metadata: ["address": "\(configuration.address)", "error": "not an IPv4 HOST:PORT"]
            )
            try? await gracefulShutdown()
            return
        }
        await withGracefulShutdownHandler {
            await serve(on: socketAddress)
        } onGracefulShutdown: { [self] in
            let server = serving.withLock { serving in
                serving.stopping = true
                return serving.server
            }
            if let server { Task { await server.stop() } }
        }
    }

    /// Runs servers on `address` one after another until shutdown or cancellation.
    private func serve(on address: sockaddr_in) async {
        var delay = configuration.restartDelay
        while !Task.isCancelled {
            let server = makeServer(address)
            await server.appendRoute("*") { [self] request in self.answer(request) }
            let stopping = serving.withLock { serving in
                serving.server = server
                return serving.stopping
            }
            if stopping { return }
            let (failure, listened) = await runOnce(server)
            port.store(0, ordering: .relaxed)
            serving.withLock { $0.server = nil }
            // A normal stop (graceful shutdown closes the socket: "disconnected") is no failure.
            guard let failure, !serving.withLock({ $0.stopping }), !Task.isCancelled else { return }
            if listened { delay = configuration.restartDelay }
            logger.warning(
                "http server stopped; restarting it",
                metadata: [
                    "address": "\(configuration.address)", "error": "\(failure)",
                    "retry_in": "\(delay)",
                ]
            )
            // Graceful shutdown ends the wait (as a cancellation).
            guard (try? await cancelWhenGracefulShutdown({ [delay] in try await self.sleep(delay) })) != nil else {
                return
            }
            delay = min(delay * 2, max(configuration.maximumRestartDelay, configuration.restartDelay))
        }
    }

    /// Runs `server` until it stops: the error it stopped with (nil for none or cancellation),
    /// and whether it was listening.
    private func runOnce(_ server: HTTPServer) async -> (failure: String?, listened: Bool) {
        enum Outcome: Sendable {
            case stopped(failure: String?)
            case listened
            case none
        }
        return await withTaskGroup(of: Outcome.self) { group in
            group.addTask {
                do {
                    try await server.run()
                } catch is CancellationError {
                } catch {
                    return .stopped(failure: "\(error)")
                }
                return .stopped(failure: nil)
            }
            group.addTask { [self] in
                guard (try? await server.waitUntilListening(timeout: 30)) != nil,
                    case .ip4(_, let port) = await server.listeningAddress
                else { return .none }
                // Shutdown that came before the server listened could not stop it.
                if serving.withLock({ $0.stopping }) {
                    await server.stop()
                    return .listened
                }
                self.port.store(Int(port), ordering: .relaxed)
                self.logger.info(
                    "http listening",
                    metadata: ["address": "\(configuration.address)", "port": "\(port)"]
                )
                return .listened
            }
            var outcome: (failure: String?, listened: Bool) = (nil, false)
            for await result in group {
                switch result {
                case .stopped(let failure):
                    outcome.failure = failure
                    // A server that never listened: stop waiting for it to.
                    group.cancelAll()
                case .listened: outcome.listened = true
                case .none: break
                }
            }
            return outcome
        }
    }

    private func makeServer(_ address: sockaddr_in) -> HTTPServer {
        let pool = makePool(configuration.connectionLifetime)
        let config = HTTPServer.Configuration(
            address: address,
            timeout: 5,
            pool: pool,
            logger: FlyingFoxLogger(logger: logger)
        )
        return HTTPServer(config: config)
    }

    /// The answer to `request`: `GET` and `HEAD` (no body) of ``respond(_:)``, 405 otherwise.
    func answer(_ request: HTTPRequest) -> HTTPResponse {
        let reply: Reply
        switch request.method {
        case .GET, .HEAD: reply = respond(request.path)
        default: reply = Reply(status: 405, body: "method not allowed\n")
        }
        let phrases = [200: "OK", 404: "Not Found", 405: "Method Not Allowed", 503: "Service Unavailable"]
        let status = HTTPStatusCode(reply.status, phrase: phrases[reply.status] ?? "Status")
        let body = Data(reply.body.utf8)
        var headers: HTTPHeaders = [.contentType: reply.contentType]
        if reply.status == 405 { headers[HTTPHeader("Allow")] = "GET, HEAD" }
        guard request.method != .HEAD else {
            headers[.contentLength] = String(body.count)
            return HTTPResponse(statusCode: status, headers: headers)
        }
        return HTTPResponse(statusCode: status, headers: headers, body: body)
    }

    /// The reply for `path`.
    public func respond(_ path: String) -> Reply {
        switch path {
        case "/healthz":
            return .init(status: 200, body: "ok\n")
        case "/readyz":
            if let problem = health.readinessProblem() { return .init(status: 503, body: problem + "\n") }
            if access(inbox, R_OK | W_OK | X_OK) != 0 {
                return .init(status: 503, body: "inbox not usable: \(inbox): \(String(cString: strerror(errno)))\n")
            }
            return .init(status: 200, body: "ready\n")
        case "/metrics":
            health.updateGauges(in: metrics)
            return .init(
                status: 200,
                contentType: "text/plain; version=0.0.4; charset=utf-8",
                body: metrics.render()
            )
        default:
            return .init(status: 404, body: "not found\n")
        }
    }
}

/// FlyingFox's log lines (connections opened and closed, client errors) at debug level.
struct FlyingFoxLogger: FlyingSocks.Logging {
    let logger: Logger

    func logDebug(_ debug: @autoclosure () -> String) { logger.trace("\(debug())") }
    func logInfo(_ info: @autoclosure () -> String) { logger.trace("\(info())") }
    func logWarning(_ warning: @autoclosure () -> String) { logger.debug("\(warning())") }
    func logError(_ error: @autoclosure () -> String) { logger.debug("\(error())") }
    func logCritical(_ critical: @autoclosure () -> String) { logger.debug("\(critical())") }
}
