import BulletinStore

/// When the queue reconciles `done/` with the database, as a pure state machine.
///
/// It starts from the server identity the state folder remembers (nil on a first start) and is
/// told every server the store reaches. The same server: nothing. Another one (a promoted
/// standby, a restored backup): remember it and check the files moved to `done/` within the
/// reconcile window, since the old server may have acknowledged commits the new one never
/// received. A change seen during a pass asks for one more pass after it; a pass the database
/// interrupts is retried after a backoff.
///
/// ```
/// idle ─serverReached(other)→ reconciling ─passFinished→ idle
///                 │                 │ ↺ serverReached(other): again after this pass
///                 │                 └─passFailed→ waiting ─backoffElapsed→ reconciling
///                 └─serverReached(same): nothing
/// ```
public struct ReconcileStateMachine: Sendable, Equatable {
    /// What the reconciliation is doing.
    public enum State: Sendable, Equatable {
        /// No pass running or due.
        case idle
        /// A pass runs; `again` when another server was reached meanwhile; `failures` counts
        /// the passes before it that the database interrupted.
        case reconciling(again: Bool, failures: Int)
        /// A pass failed `failures` times in a row; the next one starts after a backoff.
        case waiting(failures: Int, again: Bool)
    }

    /// What happened.
    public enum Event: Sendable, Equatable {
        /// A statement succeeded on this server.
        case serverReached(ServerIdentity)
        /// The pass finished.
        case passFinished
        /// The pass was interrupted by a transient database failure.
        case passFailed
        /// The backoff after a failed pass is over.
        case backoffElapsed
    }

    /// What to do.
    public enum Action: Sendable, Equatable {
        /// Nothing.
        case none
        /// Remember this server in the state folder (the first one ever seen).
        case remember(ServerIdentity)
        /// Remember the new server and start a pass: the server changed from `from`.
        case rememberAndReconcile(from: ServerIdentity, to: ServerIdentity)
        /// Remember the new server; a pass runs already and another follows it.
        case rememberAndReconcileLater(ServerIdentity)
        /// Start a pass (again).
        case reconcile
        /// Wait the backoff for `attempt` (0 for the first retry), then report `backoffElapsed`.
        case retryAfterBackoff(attempt: Int)
    }

    /// The current state.
    public private(set) var state: State = .idle
    /// The server last reached or remembered.
    public private(set) var server: ServerIdentity?

    /// A machine starting from the server the state folder remembers (nil when none).
    public init(remembered: ServerIdentity?) {
        self.server = remembered
    }

    /// Applies `event`; returns what to do.
    public mutating func handle(_ event: Event) -> Action {
        switch event {
        case .serverReached(let identity):
            guard let old = server else {
                server = identity
                return .remember(identity)
            }
            guard identity != old else { return .none }
            server = identity
            switch state {
            case .idle:
                state = .reconciling(again: false, failures: 0)
                return .rememberAndReconcile(from: old, to: identity)
            case .reconciling(_, let failures):
                state = .reconciling(again: true, failures: failures)
                return .rememberAndReconcileLater(identity)
            case .waiting(let failures, _):
                state = .waiting(failures: failures, again: true)
                return .rememberAndReconcileLater(identity)
            }
        case .passFinished:
            guard case .reconciling(let again, _) = state else { return .none }
            state = again ? .reconciling(again: false, failures: 0) : .idle
            return again ? .reconcile : .none
        case .passFailed:
            guard case .reconciling(let again, let failures) = state else { return .none }
            state = .waiting(failures: failures + 1, again: again)
            return .retryAfterBackoff(attempt: failures)
        case .backoffElapsed:
            guard case .waiting(let failures, _) = state else { return .none }
            // The retried pass covers any server reached while waiting.
            state = .reconciling(again: false, failures: failures)
            return .reconcile
        }
    }

    /// True while a pass runs or is due.
    public var isBusy: Bool { state != .idle }
}
