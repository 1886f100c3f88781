import Dispatch
import Logging
import ServiceKit
import Synchronization

/// One libpq connection with its own serial dispatch queue: every blocking libpq call runs
/// there, never on Swift's cooperative thread pool.
///
/// The connection is opened on first use and opened again after it breaks; each change of
/// health (lost, restored) is logged once, not once per attempt.
///
/// ```swift
/// let client = PGClient(conninfo: "dbname=bulletins", logger: logger)
/// let version = try await client.run("schema version") { connection throws(DatabaseError) in
///     try Migrations.currentVersion(on: connection)
/// }
/// ```
public final class PGClient: @unchecked Sendable {
    // All mutable state below `queue` is touched only on `queue`.
    private let queue: DispatchQueue
    private var connection: PGConnection?
    private var states = ConnectionStateMachine()
    private var everConnected = false
    private let conninfo: String
    private let logger: Logger
    private let connectTimeout: Int
    private let healthSnapshot = Mutex(ConnectionStateMachine.State.unknown)
    /// Connections opened after an earlier one broke.
    public let reconnects = Atomic<Int>(0)

    /// A client for `conninfo` (empty: libpq's `PG*` defaults). Nothing is connected yet.
    /// - Parameters:
    ///   - connectTimeout: seconds libpq waits for the server. Defaults to `5`.
    ///   - label: the dispatch queue's label. Defaults to `bulletind.db`.
    public init(conninfo: String, logger: Logger, connectTimeout: Int = 5, label: String = "bulletind.db") {
        self.conninfo = conninfo
        self.logger = logger
        self.connectTimeout = connectTimeout
        self.queue = DispatchQueue(label: label)
    }

    /// Another client (its own connection and queue) to the same database.
    public func sibling(label: String) -> PGClient {
        PGClient(conninfo: conninfo, logger: logger, connectTimeout: connectTimeout, label: label)
    }

    /// Runs `body` with a live connection on this client's queue and returns its result.
    /// - Parameter operation: names the work in errors and logs (`store 12 documents`).
    public func run<T: Sendable>(
        _ operation: String,
        _ body: @escaping @Sendable (PGConnection) throws(DatabaseError) -> T
    ) async throws(DatabaseError) -> T {
        let result = await queue.perform { self.runOnQueue(operation, body) }
        return try result.get()
    }

    /// Same as ``run(_:_:)``, blocking the calling thread (for command-line tools).
    public func runBlocking<T>(
        _ operation: String,
        _ body: (PGConnection) throws(DatabaseError) -> T
    ) throws(DatabaseError) -> T {
        let result: Result<T, DatabaseError> = queue.sync { runOnQueue(operation, body) }
        return try result.get()
    }

    /// Whether the last attempt found the database reachable, and why not if it did not.
    public var health: ConnectionStateMachine.State { healthSnapshot.withLock { $0 } }

    /// Closes the connection (a later call opens a new one).
    public func close() {
        queue.sync { connection = nil }
    }

    private func runOnQueue<T>(
        _ operation: String,
        _ body: (PGConnection) throws(DatabaseError) -> T
    ) -> Result<T, DatabaseError> {
        do {
            let live = try liveConnection()
            let value = try body(live)
            note(.succeeded)
            return .success(value)
        } catch {
            // A broken connection, or one to a server that went away or became read-only, is
            // dropped: the next call connects again and libpq picks the server anew.
            if connection?.isUsable == false || error.sqlState.requiresReconnect { connection = nil }
            if error.isTransient { note(.failed(reason: "\(error.sqlState) \(error.message)")) }
            return .failure(error)
        }
    }

    /// The open connection, connecting first when there is none or it broke.
    private func liveConnection() throws(DatabaseError) -> PGConnection {
        if let connection, connection.isUsable { return connection }
        connection = nil
        let fresh = try PGConnection(conninfo: conninfo, connectTimeout: connectTimeout)
        if everConnected { reconnects.add(1, ordering: .relaxed) }
        everConnected = true
        connection = fresh
        logger.debug("connected to PostgreSQL", metadata: ["endpoint": "\(fresh.endpoint)"])
        return fresh
    }

    private func note(_ event: ConnectionStateMachine.Event) {
        let action = states.handle(event)
        let state = states.state
        healthSnapshot.withLock { $0 = state }
        switch action {
        case .none:
            break
        case .logLost(let reason):
            logger.warning(
                "database unavailable; holding files and retrying with backoff",
                metadata: ["reason": "\(reason)"]
            )
        case .logRestored(let failures):
            logger.notice("database reachable again", metadata: ["failed_attempts": "\(failures)"])
        }
    }
}
