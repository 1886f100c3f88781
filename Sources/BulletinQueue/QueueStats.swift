import Synchronization

/// Counters the queue keeps for logs, `/metrics` and readiness. Lock-free, shared by reference.
public final class QueueStats: Sendable {
    public let claimed = Atomic<Int>(0)
    public let done = Atomic<Int>(0)
    public let failed = Atomic<Int>(0)
    public let inserted = Atomic<Int>(0)
    public let duplicates = Atomic<Int>(0)
    public let observations = Atomic<Int>(0)
    public let retries = Atomic<Int>(0)
    public let waiting = Atomic<Int>(0)
    public let databaseUp = Atomic<Bool>(true)
    /// Why the database is down, for /readyz (empty while up).
    public let databaseProblem = Mutex<String>("")
    /// Wall-clock nanoseconds of the oldest waiting file's deadline (0 when none).
    public let oldestWaitingNanos = Atomic<Int64>(0)
    /// Prometheus metrics.
    public let metrics = Metrics()

    public init() {}
}
