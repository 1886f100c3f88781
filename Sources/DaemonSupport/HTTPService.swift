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
/// Graceful shutdown (or cancellation) stops the server.
public final class HTTPService: Service, Sendable {
    /// How the endpoints are served.
    public struct Configuration: Sendable {
        /// `HOST:PORT`; port 0 picks a free one (see ``HTTPService/port``).
        public var address: String
        /// How long a client connection may live, from its first read. Defaults to `10` seconds.
        public var connectionLifetime: Duration = .seconds(10)

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
    private let metrics: Metrics
    private let health: any HealthReporting
    private let inbox: String
    private let logger: Logger
    private let version: String
    /// The bound port, once listening (0 before).
    public let port = Atomic<Int>(0)

    /// A service answering on `configuration.address` from `health` and `metrics`; `/readyz`
    /// also checks that `inbox` is usable. Connection deadlines are measured on `clock`
    /// (`ContinuousClock` in the daemon; tests move a clock of their own).
    public init<Clk: Clock<Duration>>(
        configuration: Configuration,
        clock: Clk,
        metrics: Metrics,
        health: any HealthReporting,
        inbox: String,
        logger: Logger,
        version: String
    ) {
        self.configuration = configuration
        self.makePool = { lifetime in
            DeadlineSocketPool(wrapping: HTTPServer.defaultPool(), lifetime: lifetime, clock: clock)
        }
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

    /// Listens and answers until graceful shutdown (or cancellation); when the address cannot be
    /// bound it logs that and waits for shutdown without endpoints.
    public func run() async throws {
        metrics.recordBuildInfo(version: version)
        let address = configuration.address
        guard let parsed = HTTPAddress(address),
            let socketAddress = try? sockaddr_in.inet(ip4: parsed.host, port: parsed.port)
        else {
            unavailable(because: "not an IPv4 HOST:PORT")
            try? await gracefulShutdown()
            return
        }
        let server = makeServer(socketAddress)
        await server.appendRoute("*") { [self] request in self.answer(request) }
        var failure: String?
        await withGracefulShutdownHandler {
            failure = await withTaskGroup(of: String?.self) { group in
                group.addTask {
                    do {
                        try await server.run()
                    } catch is CancellationError {
                    } catch {
                        return "\(error)"
                    }
                    return nil
                }
                group.addTask { [self] in
                    guard (try? await server.waitUntilListening(timeout: 30)) != nil,
                        case .ip4(_, let port) = await server.listeningAddress
                    else { return nil }
                    self.port.store(Int(port), ordering: .relaxed)
                    self.logger.info("http listening", metadata: ["address": "\(address)", "port": "\(port)"])
                    return nil
                }
                var failure: String?
                for await result in group where result != nil { failure = result }
                return failure
            }
        } onGracefulShutdown: {
            Task { await server.stop() }
        }
        if let error = failure {
            // The queue matters more than its endpoints: a port in use is logged, not fatal.
            unavailable(because: error)
            try? await gracefulShutdown()
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

    private func unavailable(because reason: String) {
        logger.error(
            "cannot serve /healthz, /readyz and /metrics; running without them",
            metadata: ["address": "\(configuration.address)", "error": "\(reason)"]
        )
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
