import Synchronization

/// Counts units of work in flight and lets a task wait until every unit that had begun
/// before it asked has ended: a fence between work already under way and what comes next.
///
/// ```swift
/// let ticket = gate.enter()     // a committer starts storing a batch
/// defer { gate.leave(ticket) }  // ... and has moved its files
/// await gate.drain()            // elsewhere: returns once every batch begun before it has ended
/// ```
public final class InFlightGate: Sendable {
    /// One unit of work in flight.
    public struct Ticket: Sendable, Hashable {
        let number: UInt64
    }

    private struct Waiter {
        var id: UInt64
        var through: UInt64
        var continuation: CheckedContinuation<Void, Never>
    }

    private struct State {
        var issued: UInt64 = 0
        var open: Set<UInt64> = []
        var waiters: [Waiter] = []
        var nextWaiter: UInt64 = 0

        func isDrained(through number: UInt64) -> Bool { !open.contains { $0 <= number } }
    }

    private let state = Mutex(State())

    /// An empty gate.
    public init() {}

    /// Records that a unit of work begins.
    public func enter() -> Ticket {
        state.withLock { state in
            state.issued += 1
            state.open.insert(state.issued)
            return Ticket(number: state.issued)
        }
    }

    /// Records that the unit of work `ticket` ended.
    public func leave(_ ticket: Ticket) {
        let ready: [Waiter] = state.withLock { state in
            state.open.remove(ticket.number)
            let open = state.open
            func drained(_ waiter: Waiter) -> Bool { !open.contains { $0 <= waiter.through } }
            let ready = state.waiters.filter(drained)
            state.waiters.removeAll(where: drained)
            return ready
        }
        for waiter in ready { waiter.continuation.resume() }
    }

    /// Tasks waiting in ``drain()`` now.
    var waiting: Int { state.withLock { $0.waiters.count } }

    /// The units of work in flight now.
    public var inFlight: Int { state.withLock { $0.open.count } }

    /// Returns once every unit of work that began before this call has ended (at once when
    /// none is in flight), or when the task is cancelled.
    public func drain() async {
        let (id, through) = state.withLock { state in
            state.nextWaiter += 1
            return (state.nextWaiter, state.issued)
        }
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                let done: Bool = state.withLock { state in
                    if state.isDrained(through: through) || Task.isCancelled { return true }
                    state.waiters.append(Waiter(id: id, through: through, continuation: continuation))
                    return false
                }
                if done { continuation.resume() }
            }
        } onCancel: {
            let waiter: Waiter? = state.withLock { state in
                guard let index = state.waiters.firstIndex(where: { $0.id == id }) else { return nil }
                return state.waiters.remove(at: index)
            }
            waiter?.continuation.resume()
        }
    }
}
