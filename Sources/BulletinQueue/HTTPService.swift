#if canImport(Glibc)
import Glibc
#endif
import BulletinDB
import Logging
import ServiceLifecycle
import Synchronization

/// Serves `/healthz`, `/readyz` and `/metrics` on loopback while the daemon runs, and probes
/// the database every few seconds so that readiness is true even when the queue is idle.
public final class HTTPService: Service, Sendable {
    private let address: String
    private let stats: QueueStats
    private let database: Database
    private let inbox: String
    private let logger: Logger
    private let probeInterval: Duration
    private let version: String
    /// The bound port, once listening (0 before).
    public let port = Atomic<Int>(0)

    public init(address: String, stats: QueueStats, database: Database, inbox: String, logger: Logger,
                version: String, probeInterval: Duration = .seconds(2)) {
        self.address = address; self.stats = stats; self.database = database; self.inbox = inbox
        self.logger = logger; self.version = version; self.probeInterval = probeInterval
    }

    public func run() async throws {
        // The queue matters more than its endpoints: a port in use is logged, not fatal.
        var server: HTTPServer?
        do {
            let s = try HTTPServer(address: address) { [self] _, path in self.respond(path) }
            s.start()
            port.store(Int(s.port), ordering: .relaxed)
            logger.info("http listening", metadata: ["address": "\(address)", "port": "\(s.port)"])
            server = s
        } catch {
            logger.error("cannot serve /healthz, /readyz and /metrics; running without them", metadata: ["address": "\(address)", "error": "\(error)"])
        }
        stats.metrics.set("bulletind_build_info", [("version", version)], 1)
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            do {
                _ = try await database.run("probe") { c throws(DatabaseError) in try c.execute("SELECT 1", operation: "probe") }
                stats.databaseUp.store(true, ordering: .relaxed)
                stats.databaseProblem.withLock { $0 = "" }
            } catch {
                stats.databaseUp.store(false, ordering: .relaxed)
                stats.databaseProblem.withLock { $0 = "SQLSTATE \(error.sqlState) \(error.message)" }
            }
            try? await gracefulSleep(probeInterval)
        }
        server?.stop()
    }

    /// The response for `path`.
    public func respond(_ path: String) -> HTTPServer.Response {
        switch path {
        case "/healthz":
            return .init(status: 200, body: "ok\n")
        case "/readyz":
            if !stats.databaseUp.load(ordering: .relaxed) {
                let why = stats.databaseProblem.withLock { $0 }
                return .init(status: 503, body: "database unavailable: \(why.isEmpty ? "unreachable" : why)\n")
            }
            if access(inbox, R_OK | W_OK | X_OK) != 0 {
                return .init(status: 503, body: "inbox not usable: \(inbox): \(String(cString: strerror(errno)))\n")
            }
            return .init(status: 200, body: "ready\n")
        case "/metrics":
            let m = stats.metrics
            m.set("bulletind_db_up", [], stats.databaseUp.load(ordering: .relaxed) ? 1 : 0)
            m.set("bulletind_queue_depth", [], Double(stats.waiting.load(ordering: .relaxed)))
            let oldest = stats.oldestWaitingNanos.load(ordering: .relaxed)
            m.set("bulletind_queue_oldest_waiting_seconds", [], oldest == 0 ? 0 : max(0, Double(Clocks.realtimeNanos() - oldest) / 1e9))
            m.set("bulletind_db_reconnects_total", [], Double(database.reconnects.load(ordering: .relaxed)))
            return .init(status: 200, contentType: "text/plain; version=0.0.4; charset=utf-8", body: m.render())
        default:
            return .init(status: 404, body: "not found\n")
        }
    }
}
