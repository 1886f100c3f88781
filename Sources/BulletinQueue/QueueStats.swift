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

    public init() {}
}
