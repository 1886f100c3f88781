import Dispatch
import Logging
import Synchronization

/// A database handle that owns one libpq connection and runs every blocking libpq call on
/// its own serial dispatch queue, never on Swift's cooperative thread pool.
///
/// The connection is opened on first use and re-opened after it breaks; each state change
/// (lost, restored) is logged once, not once per attempt.
public final class Database: @unchecked Sendable {
    // All mutable state is touched only on `queue`.
    private let queue: DispatchQueue
    private var connection: PGConnection?
    private var states = ConnectionStateMachine()
    private let conninfo: String
    private let logger: Logger
    private let connectTimeout: Int
    private var everConnected = false
    /// Connections opened after an earlier one broke.
    public let reconnects = Atomic<Int>(0)

    /// A handle for `conninfo` (empty: libpq's PG* defaults). Nothing is connected yet.
    public init(conninfo: String, logger: Logger, connectTimeout: Int = 5, label: String = "bulletind.db") {
        self.conninfo = conninfo
        self.logger = logger
        self.connectTimeout = connectTimeout
        self.queue = DispatchQueue(label: label)
    }

    /// Another handle (its own connection and queue) to the same database.
    public func sibling(label: String) -> Database {
        Database(conninfo: conninfo, logger: logger, connectTimeout: connectTimeout, label: label)
    }

    /// Runs `body` with a live connection on the database queue.
    public func run<T: Sendable>(_ operation: String, _ body: @escaping @Sendable (PGConnection) throws(DatabaseError) -> T) async throws(DatabaseError) -> T {
        let result: Result<T, DatabaseError> = await withCheckedContinuation { continuation in
            queue.async {
                continuation.resume(returning: self.runOnQueue(operation, body))
            }
        }
        return try result.get()
    }

    /// Same as ``run(_:_:)``, blocking the calling thread (for command-line tools).
    public func runBlocking<T>(_ operation: String, _ body: (PGConnection) throws(DatabaseError) -> T) throws(DatabaseError) -> T {
        let result: Result<T, DatabaseError> = queue.sync { runOnQueue(operation, body) }
        return try result.get()
    }

    /// Whether the last attempt found the database reachable, and why not if it did not.
    public func health() async -> ConnectionStateMachine.State {
        await withCheckedContinuation { c in queue.async { c.resume(returning: self.states.state) } }
    }

    /// Closes the connection.
    public func close() {
        queue.sync { connection = nil }
    }

    private func runOnQueue<T>(_ operation: String, _ body: (PGConnection) throws(DatabaseError) -> T) -> Result<T, DatabaseError> {
        do {
            if connection == nil || connection?.isUsable == false {
                connection = nil
                let c = try PGConnection(conninfo: conninfo, connectTimeout: connectTimeout)
                if everConnected { reconnects.add(1, ordering: .relaxed) }
                everConnected = true
                connection = c
                logger.debug("connected to PostgreSQL", metadata: ["endpoint": "\(c.endpoint)"])
            }
            let value = try body(connection!)
            note(states.handle(.succeeded))
            return .success(value)
        } catch {
            if connection?.isUsable == false { connection = nil }
            if error.isTransient { note(states.handle(.failed(reason: "\(error.sqlState) \(error.message)"))) }
            return .failure(error)
        }
    }

    private func note(_ action: ConnectionStateMachine.Action) {
        switch action {
        case .none: break
        case .logLost(let reason):
            logger.warning("database unavailable; holding files and retrying with backoff", metadata: ["reason": "\(reason)"])
        case .logRestored(let failures):
            logger.notice("database reachable again", metadata: ["failed_attempts": "\(failures)"])
        }
    }
}
