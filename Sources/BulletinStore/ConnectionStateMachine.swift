/// The database connection's health as a small pure state machine: it decides when a change
/// is worth one log line (lost, restored) so that a long outage logs twice, not per attempt.
public struct ConnectionStateMachine: Sendable, Equatable {
    /// Health as last seen.
    public enum State: Sendable, Equatable {
        /// Nothing tried yet.
        case unknown
        /// The last statement succeeded.
        case up
        /// The last attempts failed; `failures` counts them.
        case down(reason: String, failures: Int)
    }

    /// What happened.
    public enum Event: Sendable, Equatable {
        /// A statement succeeded.
        case succeeded
        /// A statement failed transiently, for `reason`.
        case failed(reason: String)
    }

    /// What to say about it.
    public enum Action: Sendable, Equatable {
        /// Nothing worth a line.
        case none
        /// Log once that the database became unavailable, and why.
        case logLost(reason: String)
        /// Log once that it is back, after how many failed attempts.
        case logRestored(afterFailures: Int)
    }

    /// The health as last seen.
    public private(set) var state: State = .unknown

    /// A machine that has seen nothing yet.
    public init() {}

    /// Applies `event`; returns the one log action a change calls for.
    public mutating func handle(_ event: Event) -> Action {
        switch (state, event) {
        case (.unknown, .succeeded), (.up, .succeeded):
            state = .up
            return .none
        case (.down(_, let n), .succeeded):
            state = .up
            return .logRestored(afterFailures: n)
        case (.unknown, .failed(let r)), (.up, .failed(let r)):
            state = .down(reason: r, failures: 1)
            return .logLost(reason: r)
        case (.down(_, let n), .failed(let r)):
            state = .down(reason: r, failures: n + 1)
            return .none
        }
    }

    /// True while the database is believed reachable (or not yet tried).
    public var isUp: Bool { if case .down = state { return false } else { return true } }
}
