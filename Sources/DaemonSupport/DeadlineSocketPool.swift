import FlyingSocks
import Synchronization

/// A FlyingFox socket pool that gives every client connection a deadline as a whole.
///
/// FlyingFox serves each connection in a task of its own, so a slow client no longer holds up
/// others, but it waits for a client's bytes as long as the client likes. This pool wraps
/// the real one (epoll) and fails any wait of a connection past `lifetime` after its first
/// wait: the connection is closed, whether its client is idle, sends a byte a second, or
/// never reads the answer. The listening socket has no deadline.
///
/// At most `maximumConnections` connections wait for their client at once: a new connection
/// beyond that is closed at its first wait, so a flood of idle connections cannot use up the
/// process's file descriptors (and with them accept, the database and the inbox).
///
/// The clock is injected, so a test moves time instead of waiting for it.
public final class DeadlineSocketPool<C: Clock>: AsyncSocketPool where C.Duration == Duration, C: Sendable {
    private struct Connection: Hashable {
        var file: Int32
        var peer: Socket.Address
    }

    private let inner: any AsyncSocketPool
    private let lifetime: Duration
    private let clock: C
    private let maximumConnections: Int
    private let deadlines = Mutex<[Connection: C.Instant]>([:])
    /// The connections waiting now, with how many waits each.
    private let waiting = Mutex<[Connection: Int]>([:])

    /// Wraps `inner`; every connection is closed `lifetime` after its first wait on `clock`, and
    /// a new one while `maximumConnections` others wait is closed at once.
    public init(wrapping inner: any AsyncSocketPool, lifetime: Duration, clock: C, maximumConnections: Int = .max) {
        self.inner = inner
        self.lifetime = lifetime
        self.clock = clock
        self.maximumConnections = maximumConnections
    }

    /// How many connections wait for their client now.
    public var waitingConnections: Int { waiting.withLock { $0.count } }

    public func prepare() async throws { try await inner.prepare() }

    public func run() async throws { try await inner.run() }

    public func suspendSocket(_ socket: Socket, untilReadyFor events: Socket.Events) async throws {
        guard let peer = try? socket.remotePeer() else {
            return try await inner.suspendSocket(socket, untilReadyFor: events)
        }
        let key = Connection(file: socket.file.rawValue, peer: peer)
        guard let deadline = admit(key) else { throw SocketError.disconnected }
        defer {
            waiting.withLock { waiting in
                waiting[key, default: 1] -= 1
                if waiting[key] == 0 { waiting[key] = nil }
            }
        }
        let inner = inner
        let clock = clock
        let ready = try await withThrowingTaskGroup(of: Bool.self) { group in
            group.addTask {
                try await inner.suspendSocket(socket, untilReadyFor: events)
                return true
            }
            group.addTask {
                try await clock.sleep(until: deadline, tolerance: nil)
                return false
            }
            defer { group.cancelAll() }
            return try await group.next() ?? false
        }
        // Disconnected: FlyingFox ends the connection quietly and closes the socket.
        guard ready else { throw SocketError.disconnected }
    }

    /// Counts a wait of connection `key`, and returns its deadline; nil (and not counted) when
    /// it is a connection not yet waiting while `maximumConnections` others are.
    private func admit(_ key: Connection) -> C.Instant? {
        let admitted = waiting.withLock { waiting in
            guard waiting[key] != nil || waiting.count < maximumConnections else { return false }
            waiting[key, default: 0] += 1
            return true
        }
        return admitted ? deadline(of: key) : nil
    }

    /// The deadline of a connection (set at its first wait).
    private func deadline(of key: Connection) -> C.Instant {
        let now = clock.now
        return deadlines.withLock { deadlines in
            if let deadline = deadlines[key] { return deadline }
            if deadlines.count >= 1024 {
                // Descriptors are reused: forget connections long past their deadline.
                let stale = now.advanced(by: .zero - lifetime)
                deadlines = deadlines.filter { $0.value > stale }
            }
            let deadline = now.advanced(by: lifetime)
            deadlines[key] = deadline
            return deadline
        }
    }
}
