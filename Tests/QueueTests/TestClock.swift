import ServiceKit
import Synchronization

/// A clock that moves only when a test says so. It starts at the real Unix time (so that file
/// modification times compare sensibly with it); ``advance(by:)`` wakes the sleepers whose
/// deadline has come, and ``sleeper(_:)`` waits until the code under test is asleep.
final class TestClock: Clock, Sendable {
    typealias Instant = WallClock.Instant
    typealias Duration = Swift.Duration

    private struct Sleeper {
        var id: UInt64
        var deadline: Instant
        var continuation: CheckedContinuation<Void, any Error>
    }

    private struct Watcher {
        var predicate: @Sendable (Instant) -> Bool
        var continuation: CheckedContinuation<Instant, Never>
    }

    private struct State {
        var now: Instant
        var nextID: UInt64 = 0
        var sleepers: [Sleeper] = []
        var watchers: [Watcher] = []
        var cancelled: Set<UInt64> = []
    }

    private let state = Mutex(State(now: WallClock().now))

    var now: Instant { state.withLock { $0.now } }
    var minimumResolution: Duration { .nanoseconds(1) }

    func sleep(until deadline: Instant, tolerance: Duration? = nil) async throws {
        let id = state.withLock { state in
            state.nextID += 1
            return state.nextID
        }
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                var satisfied: [Watcher] = []
                let outcome: Result<Void, any Error>? = state.withLock { state in
                    if state.cancelled.remove(id) != nil { return .failure(CancellationError()) }
                    if deadline <= state.now { return .success(()) }
                    state.sleepers.append(Sleeper(id: id, deadline: deadline, continuation: continuation))
                    satisfied = state.watchers.filter { $0.predicate(deadline) }
                    state.watchers.removeAll { $0.predicate(deadline) }
                    return nil
                }
                if let outcome { continuation.resume(with: outcome) }
                for watcher in satisfied { watcher.continuation.resume(returning: deadline) }
            }
        } onCancel: {
            let sleeper: Sleeper? = state.withLock { state in
                if let index = state.sleepers.firstIndex(where: { $0.id == id }) {
                    return state.sleepers.remove(at: index)
                }
                state.cancelled.insert(id)
                return nil
            }
            sleeper?.continuation.resume(throwing: CancellationError())
        }
    }

    /// Moves the clock forward and wakes every sleeper whose deadline has come.
    func advance(by duration: Duration) {
        let due: [Sleeper] = state.withLock { state in
            state.now = state.now.advanced(by: duration)
            let now = state.now
            defer { state.sleepers.removeAll { $0.deadline <= now } }
            return state.sleepers.filter { $0.deadline <= now }
        }
        for sleeper in due { sleeper.continuation.resume() }
    }

    /// Waits until some task sleeps until a deadline for which `predicate` holds; returns it.
    @discardableResult
    func sleeper(_ predicate: @escaping @Sendable (Instant) -> Bool) async -> Instant {
        await withCheckedContinuation { (continuation: CheckedContinuation<Instant, Never>) in
            let found: Instant? = state.withLock { state in
                if let sleeper = state.sleepers.first(where: { predicate($0.deadline) }) { return sleeper.deadline }
                state.watchers.append(Watcher(predicate: predicate, continuation: continuation))
                return nil
            }
            if let found { continuation.resume(returning: found) }
        }
    }

    /// Waits until some task sleeps until a deadline at most `window` from now.
    @discardableResult
    func sleeper(within window: Duration) async -> Instant {
        let limit = now.advanced(by: window)
        return await sleeper { $0 <= limit }
    }
}
