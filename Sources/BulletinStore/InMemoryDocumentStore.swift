import BulletinCore
import ServiceKit
import ServiceLifecycle
import Synchronization

/// A ``DocumentStore`` in memory, for tests of the queue without PostgreSQL.
///
/// It keeps the same idempotency rule (one document per SHA-256) and can be told to fail:
/// ``failNextStores(_:with:)`` makes whole batches fail transiently (the database is "down"),
/// ``reject(sha256:sqlState:)`` makes one document fail permanently, as a constraint would,
/// and ``failOver(losing:)`` moves it to another server that lacks some documents, as a
/// promoted standby that was behind would.
public final class InMemoryDocumentStore: DocumentStore {
    /// A stored document.
    public struct Record: Sendable {
        /// Its id, from 1 in insertion order.
        public var id: Int64
        /// The document.
        public var document: DocumentRecord
        /// Its observations.
        public var observations: [Observation]
        /// The plugins that processed it.
        public var pluginVersions: [PluginVersion]
    }

    private struct Contents {
        var records: [Record] = []
        var idByHash: [String: Int64] = [:]
        var transientFailures = 0
        var transientError = DatabaseError.unavailable
        var rejected: [String: SQLState] = [:]
        var storeCalls = 0
        var server = ServerIdentity(systemIdentifier: "1", timeline: 1)
        var lookups = 0
    }

    private let contents = Mutex(Contents())
    /// While paused, the stores waiting to go on (nil: not paused).
    private let paused = Mutex<[CheckedContinuation<Void, Never>]?>(nil)
    private let ready = ReadinessLatch()
    private let changes: AsyncStream<ServerChange>.Continuation
    /// The first server at ``run()``, then one change per ``failOver(losing:)``.
    public let serverChanges: AsyncStream<ServerChange>

    /// Holds every store call until ``resumeStores()`` (a slow database, without a clock).
    public func pauseStores() { paused.withLock { if $0 == nil { $0 = [] } } }

    /// Lets the held store calls, and later ones, go on.
    public func resumeStores() {
        let waiting = paused.withLock { waiting -> [CheckedContinuation<Void, Never>] in
            defer { waiting = nil }
            return waiting ?? []
        }
        for continuation in waiting { continuation.resume() }
    }

    /// The number of store calls held by ``pauseStores()``.
    public var heldStores: Int { paused.withLock { $0?.count ?? 0 } }

    /// An empty store.
    public init() {
        (serverChanges, changes) = AsyncStream.makeStream(of: ServerChange.self, bufferingPolicy: .bufferingNewest(64))
    }

    /// Makes the store ready, then waits for graceful shutdown.
    public func run() async throws {
        changes.yield(ServerChange(previous: nil, current: server))
        ready.open()
        try? await gracefulShutdown()
    }

    public func waitUntilReady() async throws {
        try await ready.wait()
    }

    public func store(_ batch: DocumentBatch) async throws(DatabaseError) -> [Result<StoreOutcome, DatabaseError>] {
        await withCheckedContinuation { continuation in
            let wait = paused.withLock { waiting -> Bool in
                guard waiting != nil else { return false }
                waiting?.append(continuation)
                return true
            }
            if !wait { continuation.resume() }
        }
        let outcome: Result<[Result<StoreOutcome, DatabaseError>], DatabaseError> = contents.withLock { contents in
            contents.storeCalls += 1
            if contents.transientFailures > 0 {
                contents.transientFailures -= 1
                return .failure(contents.transientError)
            }
            return .success(batch.documents.map { Self.insert($0, versions: batch.pluginVersions, into: &contents) })
        }
        return try outcome.get()
    }

    private static func insert(
        _ extracted: ExtractedDocument,
        versions: [PluginVersion],
        into contents: inout Contents
    ) -> Result<StoreOutcome, DatabaseError> {
        let hash = extracted.document.sha256
        if let state = contents.rejected[hash] {
            return .failure(
                DatabaseError(code: .query, sqlState: state, operation: "insert document", message: "rejected")
            )
        }
        if contents.idByHash[hash] != nil { return .success(.duplicate) }
        let id = Int64(contents.records.count + 1)
        contents.idByHash[hash] = id
        contents.records.append(
            Record(
                id: id,
                document: extracted.document,
                observations: extracted.observations,
                pluginVersions: versions
            )
        )
        return .success(.inserted(documentID: id, observations: extracted.observations.count))
    }

    public var health: StoreHealth {
        contents.withLock { contents in
            contents.transientFailures > 0
                ? StoreHealth(isUp: false, problem: "SQLSTATE \(contents.transientError.sqlState)")
                : StoreHealth(isUp: true)
        }
    }

    public func missingDocuments(_ sha256s: [String]) async throws(DatabaseError) -> Set<String> {
        let outcome: Result<Set<String>, DatabaseError> = contents.withLock { contents in
            contents.lookups += 1
            if contents.transientFailures > 0 {
                contents.transientFailures -= 1
                return .failure(contents.transientError)
            }
            return .success(Set(sha256s.filter { contents.idByHash[$0] == nil }))
        }
        return try outcome.get()
    }

    /// The server the store writes to now.
    public var server: ServerIdentity { contents.withLock { $0.server } }

    /// How many times ``missingDocuments(_:)`` was called.
    public var lookups: Int { contents.withLock { $0.lookups } }

    /// A failover to a server that lacks the documents with these hashes (commits the old
    /// server acknowledged but never passed on): they are dropped, the timeline moves on, and
    /// the change is reported on ``serverChanges``.
    public func failOver(losing sha256s: Set<String>) {
        let change: ServerChange = contents.withLock { contents in
            contents.records.removeAll { sha256s.contains($0.document.sha256) }
            for hash in sha256s { contents.idByHash[hash] = nil }
            let previous = contents.server
            contents.server.timeline += 1
            return ServerChange(previous: previous, current: contents.server)
        }
        changes.yield(change)
    }

    /// The stored documents, in insertion order.
    public var records: [Record] { contents.withLock { $0.records } }

    /// How many times ``store(_:)`` was called.
    public var storeCalls: Int { contents.withLock { $0.storeCalls } }

    /// Makes the next `count` calls of ``store(_:)`` or ``missingDocuments(_:)`` throw `error`
    /// (transient by default): the database is unreachable for that long.
    public func failNextStores(_ count: Int, with error: DatabaseError = .unavailable) {
        contents.withLock { contents in
            contents.transientFailures = count
            contents.transientError = error
        }
    }

    /// Makes every attempt to store the document with `sha256` fail permanently with `sqlState`.
    public func reject(sha256: String, sqlState: SQLState) {
        contents.withLock { $0.rejected[sha256] = sqlState }
    }
}

extension DatabaseError {
    /// The connection was lost (`08006`): the error an unreachable server causes.
    public static var unavailable: DatabaseError {
        DatabaseError(code: .connect, sqlState: .connectionFailure, operation: "connect", message: "server unreachable")
    }
}
