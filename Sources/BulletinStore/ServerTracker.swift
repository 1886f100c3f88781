/// The server a store reached, then each different one it reaches later.
public struct ServerChange: Sendable, Equatable {
    /// The server written to before; nil for the first one this process reached.
    public var previous: ServerIdentity?
    /// The server written to now.
    public var current: ServerIdentity

    /// A change from `previous` to `current`.
    public init(previous: ServerIdentity?, current: ServerIdentity) {
        self.previous = previous
        self.current = current
    }
}

/// Which server a store writes to, as a pure state machine fed with the identity of every
/// connection that succeeded: it tells the first server, and every change after it, once.
///
/// ```
/// none ─seen(A)→ A (change nil→A) ─seen(A)→ A (nothing) ─seen(B)→ B (change A→B)
/// ```
public struct ServerTracker: Sendable, Equatable {
    /// The server seen last; nil before the first.
    public private(set) var current: ServerIdentity?

    /// A tracker that has seen no server.
    public init() {}

    /// Records that a statement succeeded on `identity`; returns the change it is, if any.
    public mutating func seen(_ identity: ServerIdentity) -> ServerChange? {
        guard identity != current else { return nil }
        defer { current = identity }
        return ServerChange(previous: current, current: identity)
    }
}
