import Synchronization

/// Wakes the queue loop when the watcher sees a new file, when shutdown begins, or when a
/// timer expires: a one-waiter async event with a pending flag, so no wake-up is lost.
public final class WakeSignal: Sendable {
    private struct State {
        var pending = false
        var waiter: CheckedContinuation<Void, Never>?
        var generation: UInt64 = 0
        var expired: UInt64 = 0
    }
    private let state = Mutex(State())

    public init() {}

    /// Wakes the waiter now, or the next one to wait.
    public func notify() {
        let c: CheckedContinuation<Void, Never>? = state.withLock { s in
            if let w = s.waiter { s.waiter = nil; return w }
            s.pending = true
            return nil
        }
        c?.resume()
    }

    /// Waits until notified or until `timeout` passes on `clock`.
    public func wait<C: Clock>(timeout: Duration, clock: C) async where C.Duration == Duration {
        let generation: UInt64 = state.withLock { s in
            s.generation &+= 1
            return s.generation
        }
        let timer = Task { [weak self] in
            try? await clock.sleep(for: timeout)
            self?.expire(generation: generation)
        }
        await withCheckedContinuation { (c: CheckedContinuation<Void, Never>) in
            let resumeNow: Bool = state.withLock { s in
                if s.pending { s.pending = false; return true }
                if s.expired == generation { return true }
                s.waiter = c
                return false
            }
            if resumeNow { c.resume() }
        }
        timer.cancel()
    }

    private func expire(generation: UInt64) {
        let c: CheckedContinuation<Void, Never>? = state.withLock { s in
            guard s.generation == generation else { return nil }
            s.expired = generation
            let w = s.waiter
            s.waiter = nil
            return w
        }
        c?.resume()
    }
}
