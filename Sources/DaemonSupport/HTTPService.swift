import Dispatch
import Logging
import ServiceKit
import ServiceLifecycle
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// Serves `/healthz`, `/readyz` and `/metrics` on loopback while the daemon runs.
///
/// The server blocks on a queue of its own; graceful shutdown (or cancellation) stops it, and
/// ``run()`` returns once the socket is closed.
public final class HTTPService: Service, Sendable {
    private let address: String
    private let metrics: Metrics
    private let health: any HealthReporting
    private let inbox: String
    private let logger: Logger
    private let version: String
    /// The bound port, once listening (0 before).
    public let port = Atomic<Int>(0)

    /// A service answering on `address` (`HOST:PORT`) from `health` and `metrics`; `/readyz`
    /// also checks that `inbox` is usable.
    public init(
        address: String,
        metrics: Metrics,
        health: any HealthReporting,
        inbox: String,
        logger: Logger,
        version: String
    ) {
        self.address = address
        self.metrics = metrics
        self.health = health
        self.inbox = inbox
        self.logger = logger
        self.version = version
    }

    /// Listens and answers until graceful shutdown (or cancellation); when the address cannot be
    /// bound it logs that and waits for shutdown without endpoints.
    public func run() async throws {
        metrics.set("bulletind_build_info", ["version": version], 1)
        let server: HTTPServer
        do {
            server = try HTTPServer(address: address) { [self] _, path in self.respond(path) }
        } catch {
            // The queue matters more than its endpoints: a port in use is logged, not fatal.
            logger.error(
                "cannot serve /healthz, /readyz and /metrics; running without them",
                metadata: ["address": "\(address)", "error": "\(error)"]
            )
            try? await gracefulShutdown()
            return
        }
        port.store(Int(server.port), ordering: .relaxed)
        logger.info("http listening", metadata: ["address": "\(address)", "port": "\(server.port)"])
        let queue = DispatchQueue(label: "bulletind.http")
        await withGracefulShutdownHandler {
            await withTaskCancellationHandler {
                await queue.perform { server.serve() }
            } onCancel: {
                server.stop()
            }
        } onGracefulShutdown: {
            server.stop()
        }
    }

    /// The response for `path`.
    public func respond(_ path: String) -> HTTPServer.Response {
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
