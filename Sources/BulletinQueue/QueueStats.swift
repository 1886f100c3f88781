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
    /// Monotonic nanoseconds of the queue loop's (or a retrying commit's) last sign of life.
    public let lastAlive = Atomic<Int64>(0)

    /// Records that the queue is making progress (or deliberately waiting).
    public func alive() { lastAlive.store(Clocks.monotonicNanos(), ordering: .relaxed) }

    /// True when the queue showed life within `window`.
    public func isAlive(within window: Duration) -> Bool {
        let w = window.components.seconds * 1_000_000_000 + window.components.attoseconds / 1_000_000_000
        return Clocks.monotonicNanos() - lastAlive.load(ordering: .relaxed) < w
    }

    /// Prometheus metrics.
    public let metrics = Metrics()

    public init() {}
}
