import ServiceKit
import Synchronization

/// Counters the queue keeps for logs, `/metrics`, systemd's STATUS and the watchdog.
/// Lock-free, shared by reference.
public final class QueueStats: Sendable {
    /// Files claimed from the inbox.
    public let claimed = Atomic<Int>(0)
    /// Files moved to `done/`.
    public let done = Atomic<Int>(0)
    /// Files moved to `failed/`.
    public let failed = Atomic<Int>(0)
    /// Documents inserted.
    public let inserted = Atomic<Int>(0)
    /// Files whose bytes were stored before.
    public let duplicates = Atomic<Int>(0)
    /// Observations inserted.
    public let observations = Atomic<Int>(0)
    /// Store attempts retried after a transient failure.
    public let retries = Atomic<Int>(0)
    /// Files known in the inbox and not claimed yet.
    public let waiting = Atomic<Int>(0)
    /// Unix nanoseconds of the oldest waiting file's deadline (0 when none).
    public let oldestWaitingNanos = Atomic<Int64>(0)
    /// Nanoseconds (monotonic, since `origin`) of the queue's last sign of life.
    private let lastAlive = Atomic<Int64>(0)
    private let origin = ContinuousClock.now

    /// Zeroed counters.
    public init() {}

    /// Records that the queue is making progress (or deliberately waiting).
    public func alive() {
        lastAlive.store((ContinuousClock.now - origin).nanoseconds, ordering: .relaxed)
    }

    /// True when the queue showed life within `window` (or never had the chance yet).
    public func isAlive(within window: Duration) -> Bool {
        let last = lastAlive.load(ordering: .relaxed)
        return last == 0 || (ContinuousClock.now - origin).nanoseconds - last < window.nanoseconds
    }
}
