import Logging
import ServiceKit
import ServiceLifecycle
import Synchronization

/// The ``DocumentStore`` of the daemon: PostgreSQL through libpq.
///
/// Its `run()` waits for the server (retrying with backoff), applies the migrations when asked
/// to, and refuses a schema older than this build; then it probes the server every
/// ``Configuration/probeInterval`` so that its ``health`` is current even when no file
/// arrives, and on graceful shutdown it closes its connections.
///
/// Each concurrent ``store(_:)`` call gets a connection of its own (one per committer); the
/// statement parameters are built on the caller's task, the blocking libpq calls run on the
/// connection's own queue.
///
/// Every connection reads its server's ``ServerIdentity`` once; the first server, and every
/// different one a successful statement runs on later (after a failover, a new connection
/// may reach a promoted standby), is reported on ``serverChanges``.
public final class PostgresDocumentStore: DocumentStore {
    /// How to reach and prepare the database.
    public struct Configuration: Sendable {
        /// A libpq conninfo string or URI; empty for libpq's `PG*` defaults.
        public var conninfo: String
        /// Apply missing migrations at start. Defaults to `true`.
        public var migrate = true
        /// Backoff between attempts to reach the server at start.
        public var retry = RetryPolicy()
        /// Time between health probes. Defaults to `2` seconds.
        public var probeInterval: Duration = .seconds(2)

        /// Settings for the database at `conninfo`.
        public init(conninfo: String) {
            self.conninfo = conninfo
        }
    }

    private struct Connections {
        var idle: [PGClient]
        var all: [PGClient]
    }

    private let configuration: Configuration
    private let logger: Logger
    private let primary: PGClient
    private let connections: Mutex<Connections>
    private let ready = ReadinessLatch()
    private let lastSeen = Mutex(StoreHealth(isUp: true))
    private let servers = Mutex(ServerTracker())
    private let changes: AsyncStream<ServerChange>.Continuation
    /// The first server reached, then each different one.
    public let serverChanges: AsyncStream<ServerChange>

    /// A store for `configuration`; nothing is connected before ``run()``.
    public init(configuration: Configuration, logger: Logger) {
        self.configuration = configuration
        self.logger = logger
        let primary = PGClient(conninfo: configuration.conninfo, logger: logger)
        self.primary = primary
        self.connections = Mutex(Connections(idle: [primary], all: [primary]))
        (serverChanges, changes) = AsyncStream.makeStream(of: ServerChange.self, bufferingPolicy: .bufferingNewest(64))
    }

    /// Starts the store, keeps its health current, and closes it on graceful shutdown.
    /// - Throws: ``SchemaError`` when the schema is older than this build; a permanent
    ///   ``DatabaseError`` when the database refuses the migrations.
    public func run() async throws {
        defer {
            changes.finish()
            close()
        }
        if let warning = ConnectionTargets(
            conninfo: configuration.conninfo,
            environment: ProcessEnvironment.current()
        )?.warning {
            logger.warning("\(warning)")
        }
        guard try await startUp() else { return }
        ready.open()
        let ticks = PeriodicTicks(every: configuration.probeInterval, clock: ContinuousClock())
        for await _ in ticks.cancelOnGracefulShutdown() {
            await probe()
        }
    }

    /// Returns once ``run()`` has reached the server and the schema is current.
    public func waitUntilReady() async throws {
        try await ready.wait()
    }

    /// Stores `batch` on a connection of its own (see ``DocumentWriter``).
    public func store(_ batch: DocumentBatch) async throws(DatabaseError) -> [Result<StoreOutcome, DatabaseError>] {
        // Parameters are built here, on the caller's task, off the connection's queue.
        let prepared = PreparedBatch(batch)
        let client = checkOut()
        defer { checkIn(client) }
        do {
            let (results, server) = try await client.run("store \(batch.documents.count) documents") {
                connection throws(DatabaseError) in
                let server = try connection.serverIdentity()
                return (try DocumentWriter.storeBatch(prepared, on: connection), server)
            }
            note(nil)
            seen(server)
            return results
        } catch {
            if error.isTransient { note(error) }
            throw error
        }
    }

    /// The hashes among `sha256s` that no document has (on a connection of its own).
    public func missingDocuments(_ sha256s: [String]) async throws(DatabaseError) -> Set<String> {
        let client = checkOut()
        defer { checkIn(client) }
        do {
            let (missing, server) = try await client.run("reconcile \(sha256s.count) hashes") {
                connection throws(DatabaseError) in
                let server = try connection.serverIdentity()
                return (try DocumentPresence.missing(sha256s, on: connection), server)
            }
            note(nil)
            seen(server)
            return missing
        } catch {
            if error.isTransient { note(error) }
            throw error
        }
    }

    /// The outcome of the last probe or store call, and the reconnections so far.
    public var health: StoreHealth {
        var health = lastSeen.withLock { $0 }
        health.reconnects = connections.withLock { $0.all.reduce(0) { $0 + $1.reconnects.load(ordering: .relaxed) } }
        return health
    }

    /// Reaches the server and brings the schema up to date, retrying transient failures.
    /// - Returns: false when graceful shutdown (or cancellation: another service failed) came first.
    private func startUp() async throws -> Bool {
        let migrate = configuration.migrate
        let logger = logger
        var attempt = 0
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            do {
                let (version, server) = try await primary.run("start: schema") { connection throws(DatabaseError) in
                    if migrate { try Migrations.apply(on: connection, logger: logger) }
                    return (try Migrations.currentVersion(on: connection), try connection.serverIdentity())
                }
                guard version >= Migrations.latestVersion else {
                    throw SchemaError(found: version, expected: Migrations.latestVersion)
                }
                seen(server)
                return true
            } catch let error as DatabaseError where error.isTransient {
                note(error)
                let delay = configuration.retry.delay(attempt: attempt)
                attempt += 1
                try? await cancelWhenGracefulShutdown { try await Task.sleep(for: delay) }
            }
        }
        return false
    }

    /// `SELECT 1` on the primary connection, recording the outcome.
    private func probe() async {
        do {
            let server = try await primary.run("probe") { connection throws(DatabaseError) in
                try connection.execute("SELECT 1", operation: "probe")
                return try connection.serverIdentity()
            }
            note(nil)
            seen(server)
        } catch {
            note(error)
        }
    }

    /// Records success (nil) or a failure as the store's health.
    private func note(_ error: DatabaseError?) {
        var health = StoreHealth(isUp: true)
        if let error {
            health = StoreHealth(isUp: false, problem: "SQLSTATE \(error.sqlState) \(error.message)")
        }
        lastSeen.withLock { $0 = health }
    }

    /// Records that a statement succeeded on `server`; reports it when it is a different one.
    private func seen(_ server: ServerIdentity) {
        guard let change = servers.withLock({ $0.seen(server) }) else { return }
        if let previous = change.previous {
            logger.warning(
                "the database server changed (failover?); files stored recently will be reconciled",
                metadata: ["from": "\(previous)", "to": "\(change.current)"]
            )
        } else {
            logger.info("database server", metadata: ["server": "\(change.current)"])
        }
        changes.yield(change)
    }

    private func checkOut() -> PGClient {
        connections.withLock { connections in
            if let client = connections.idle.popLast() { return client }
            let client = primary.sibling(label: "bulletind.db.writer\(connections.all.count)")
            connections.all.append(client)
            return client
        }
    }

    private func checkIn(_ client: PGClient) {
        connections.withLock { $0.idle.append(client) }
    }

    private func close() {
        for client in connections.withLock({ $0.all }) { client.close() }
    }
}
