import Synchronization

/// A budget of bytes shared by the work in flight: ``reserve(_:)`` waits until the bytes fit,
/// and the ``Reservation`` gives them back when its last reference goes.
///
/// Waiters are served in arrival order, so a large reservation is not starved by small ones.
/// A reservation larger than the whole budget is granted when nothing else is reserved: one
/// oversized item still moves, alone.
///
/// ```swift
/// let budget = ByteBudget(limit: 64 << 20)
/// let reservation = try await budget.reserve(fileSize)   // waits for room
/// // … keep `reservation` with the item; dropping it frees the bytes …
/// ```
public final class ByteBudget: Sendable {
    /// Bytes held by one item; released when this object is freed.
    public final class Reservation: Sendable {
        /// The bytes held.
        public let bytes: Int
        private let budget: ByteBudget

        fileprivate init(bytes: Int, budget: ByteBudget) {
            self.bytes = bytes
            self.budget = budget
        }

        deinit { budget.release(bytes) }
    }

    private struct Waiter {
        var id: UInt64
        var bytes: Int
        var continuation: CheckedContinuation<Void, any Error>
    }

    private struct State {
        var used = 0
        var peak = 0
        var nextID: UInt64 = 0
        var waiters: [Waiter] = []
        var cancelled: Set<UInt64> = []
    }

    /// The most bytes reserved at once, before an oversized item is let through alone.
    public let limit: Int
    private let state = Mutex(State())

    /// A budget of `limit` bytes.
    public init(limit: Int) {
        self.limit = max(1, limit)
    }

    /// Bytes reserved now.
    public var used: Int { state.withLock { $0.used } }

    /// The most bytes ever reserved at once.
    public var peak: Int { state.withLock { $0.peak } }

    /// Reserves `bytes` when they fit now (and nobody waits); nil otherwise.
    public func tryReserve(_ bytes: Int) -> Reservation? {
        let bytes = max(0, bytes)
        let granted = state.withLock { state -> Bool in
            guard state.waiters.isEmpty, Self.fits(bytes, used: state.used, limit: limit) else { return false }
            Self.grant(bytes, in: &state)
            return true
        }
        return granted ? Reservation(bytes: bytes, budget: self) : nil
    }

    /// Reserves `bytes`, waiting until they fit (or until nothing else is reserved).
    /// - Throws: `CancellationError` when the waiting task is cancelled first.
    public func reserve(_ bytes: Int) async throws -> Reservation {
        let bytes = max(0, bytes)
        let id = state.withLock { state -> UInt64? in
            if state.waiters.isEmpty, Self.fits(bytes, used: state.used, limit: limit) {
                Self.grant(bytes, in: &state)
                return nil
            }
            state.nextID += 1
            return state.nextID
        }
        if let id {
            try await withTaskCancellationHandler {
                try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                    let cancelled = state.withLock { state -> Bool in
                        if state.cancelled.remove(id) != nil { return true }
                        state.waiters.append(Waiter(id: id, bytes: bytes, continuation: continuation))
                        return false
                    }
                    if cancelled { continuation.resume(throwing: CancellationError()) }
                }
            } onCancel: {
                cancel(id)
            }
        }
        return Reservation(bytes: bytes, budget: self)
    }

    private static func fits(_ bytes: Int, used: Int, limit: Int) -> Bool { used == 0 || used + bytes <= limit }

    private static func grant(_ bytes: Int, in state: inout State) {
        state.used += bytes
        state.peak = max(state.peak, state.used)
    }

    private func cancel(_ id: UInt64) {
        let waiter = state.withLock { state -> Waiter? in
            if let index = state.waiters.firstIndex(where: { $0.id == id }) {
                return state.waiters.remove(at: index)
            }
            state.cancelled.insert(id)  // not yet waiting: refused when it arrives
            return nil
        }
        waiter?.continuation.resume(throwing: CancellationError())
        resumeWaiters()
    }

    private func release(_ bytes: Int) {
        state.withLock { $0.used -= bytes }
        resumeWaiters()
    }

    /// Grants the waiters at the head of the line that fit now.
    private func resumeWaiters() {
        let granted = state.withLock { state -> [Waiter] in
            var granted: [Waiter] = []
            while let first = state.waiters.first, Self.fits(first.bytes, used: state.used, limit: limit) {
                Self.grant(first.bytes, in: &state)
                granted.append(state.waiters.removeFirst())
            }
            return granted
        }
        for waiter in granted { waiter.continuation.resume() }
    }
}
